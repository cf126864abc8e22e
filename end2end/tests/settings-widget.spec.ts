import { expect, type Page } from '@playwright/test';
import { baseURL, hostURL } from '../playwright.config';
import { hydrated, signIn, test, uniqueName } from './helpers';

const DEFAULTS = { color: '#2f5bea', title: 'Chat with us', greeting: 'Hi! How can we help?' };

async function saveLook(admin: Page, look: { color: string; title: string; greeting: string; left: boolean }) {
  await admin.getByRole('textbox', { name: 'Colour', exact: true }).fill(look.color);
  await admin.getByRole('textbox', { name: 'Title', exact: true }).fill(look.title);
  await admin.getByRole('textbox', { name: 'Greeting', exact: true }).fill(look.greeting);
  await admin.getByRole('radio', { name: look.left ? 'Bottom left' : 'Bottom right' }).check();
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

test('Settings → Widget: Copy gives the snippet, the preview follows the form, and the snippet alone loads the widget in that look', async ({ browser }) => {
  const ctx = await browser.newContext();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const admin = await ctx.newPage();
  await signIn(admin);
  await admin.goto('/settings/agents');
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Widget', exact: true }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Settings · Widget' })).toBeVisible();
  await hydrated(admin);

  const snippet = (await admin.locator('[data-snippet]').textContent())!;
  expect(snippet).toBe(`<script src="${baseURL}/widget.js" async></script>`);
  await admin.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(admin.getByText('Copied.')).toBeVisible();
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

  // The preview follows every keystroke, before anything is saved.
  const preview = admin.getByRole('figure', { name: 'Preview' });
  const title = uniqueName('Talk to');
  await admin.getByRole('textbox', { name: 'Title', exact: true }).fill(title);
  await expect(preview.locator('[data-preview="title"]')).toHaveText(title);
  await admin.getByRole('textbox', { name: 'Colour', exact: true }).fill('#fde047');
  await expect(preview.locator('[data-preview="title"]')).toHaveCSS('background-color', 'rgb(253, 224, 71)');
  // Dark text on a light colour, as on the real widget.
  await expect(preview.locator('[data-preview="title"]')).toHaveCSS('color', 'rgb(31, 36, 48)');
  await admin.getByRole('radio', { name: 'Bottom left' }).check();
  await expect(preview.locator('.preview-site')).toHaveClass(/preview-left/);

  // A refusal names its field and keeps the form.
  await admin.getByRole('textbox', { name: 'Colour', exact: true }).fill('red');
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(admin.getByText('Pick a colour like #2f5bea.')).toBeVisible();
  await expect(admin.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue(title);

  await saveLook(admin, { color: '#7c3aed', title, greeting: 'Ask us about your order', left: true });
  await admin.screenshot({ path: 'test-results/screenshots/settings-widget.png', fullPage: true });

  // A site with nothing but the snippet: the widget in the saved look, bottom left.
  const site = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await site.goto(`${hostURL}/blank`);
  await site.evaluate((html) => {
    const holder = document.createElement('div');
    holder.innerHTML = html;
    const tag = holder.querySelector('script')!;
    // Scripts set by innerHTML do not run: the same tag, made by the DOM.
    const script = document.createElement('script');
    for (const a of Array.from(tag.attributes)) script.setAttribute(a.name, a.value);
    document.body.appendChild(script);
  }, snippet);
  const launcher = site.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  await expect(launcher).toHaveCSS('background-color', 'rgb(124, 58, 237)');
  expect((await launcher.boundingBox())!.x).toBeLessThan(200);
  await launcher.click();
  const panel = site.getByRole('dialog', { name: 'Chat' });
  await expect(panel.getByRole('heading', { name: title })).toBeVisible();
  await expect(panel.getByText('Ask us about your order')).toBeVisible();
  await site.screenshot({ path: 'test-results/screenshots/settings-widget-site.png' });

  // The host page's own data- attributes still win.
  const shop = await (await browser.newContext()).newPage();
  await shop.goto(hostURL);
  await shop.getByRole('button', { name: 'Open chat' }).click();
  await expect(shop.getByRole('dialog', { name: 'Chat' }).getByRole('heading', { name: 'Acme support' })).toBeVisible();

  // Back to the defaults for the tests after this one.
  await saveLook(admin, { ...DEFAULTS, left: false });
});
