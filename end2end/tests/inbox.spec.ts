import { expect, type APIRequestContext } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { ADMIN, hydrated, signIn, test, uniqueName } from './helpers';

/** Starts a chat over the visitor API (what the widget does); returns its token. */
async function startOverApi(request: APIRequestContext, name: string, n: number) {
  const started = await request.post(`${baseURL}/v1/visitor/sessions`, {
    data: { name, message: `Question number ${n}`, client_id: `inbox-${Date.now().toString(36)}-${n}` },
  });
  expect(started.status()).toBe(201);
  const body = await started.json();
  expect(body.session.status).toBe('waiting');
  return body.token as string;
}

test('the inbox keeps its Conversations list beside the chat: switching loads no page and keeps the scroll', async ({ browser, request }) => {
  const names = Array.from({ length: 12 }, (_, i) => uniqueName(`Inbox ${i}`));
  const tokens: string[] = [];
  for (const [i, name] of names.entries()) tokens.push(await startOverApi(request, name, i));

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 640 } });
  const page = await ctx.newPage();
  await signIn(page);
  await page.goto('/chat/queue');
  await page.getByRole('link', { name: names[0], exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: names[0] })).toBeVisible();
  await hydrated(page);

  // A waiting chat opens the list on Waiting, with every waiting visitor and their wait.
  const inbox = page.getByRole('region', { name: 'Conversations' });
  await expect(inbox.getByRole('tab', { name: /^Waiting/ })).toHaveAttribute('aria-selected', 'true');
  const waiting = inbox.getByRole('list', { name: 'Waiting chats' });
  for (const name of names) await expect(waiting.getByRole('link', { name: new RegExp(name) })).toHaveCount(1);
  await expect(waiting.getByRole('link', { name: new RegExp(names[0]) })).toHaveAttribute('aria-current', 'page');
  await expect(waiting.getByRole('link', { name: new RegExp(names[0]) })).toContainText('Waiting just now');

  // Scrolled to the bottom, the last one opens in place: same page, same list, same scroll.
  const panel = inbox.getByRole('tabpanel');
  const scrolled = await panel.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    (el as any).__kept = true;
    return el.scrollTop;
  });
  expect(scrolled).toBeGreaterThan(0);
  await page.evaluate(() => ((window as any).__samePage = true));
  const last = names[names.length - 1];
  await waiting.getByRole('link', { name: new RegExp(last) }).click();
  await expect(page.getByRole('heading', { level: 1, name: last })).toBeVisible();
  await expect(page.getByRole('log').getByText(`Question number ${names.length - 1}`)).toBeVisible();
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
  expect(await panel.evaluate((el) => (el as any).__kept)).toBe(true);
  expect(Math.abs((await panel.evaluate((el) => el.scrollTop)) - scrolled)).toBeLessThanOrEqual(2);
  await expect(waiting.getByRole('link', { name: new RegExp(last) })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: 'test-results/screenshots/inbox-waiting.png' });

  // Accepted, the list turns to Mine, where it is now; it left Waiting live.
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(inbox.getByRole('tab', { name: /^Mine/ })).toHaveAttribute('aria-selected', 'true');
  await expect(inbox.getByRole('list', { name: 'My chats' }).getByRole('link', { name: new RegExp(last) })).toBeVisible();
  await inbox.getByRole('tab', { name: /^Waiting/ }).click();
  await expect(waiting.getByRole('link', { name: new RegExp(names[0]) })).toBeVisible();
  await expect(waiting.getByRole('link', { name: new RegExp(last) })).toHaveCount(0);
  await inbox.getByRole('tab', { name: /^All active/ }).click();
  const active = inbox.getByRole('list', { name: 'All active chats' }).getByRole('link', { name: new RegExp(last) });
  await expect(active).toContainText(`With ${ADMIN.name}`);
  // Arrow keys move between the tabs.
  await inbox.getByRole('tab', { name: /^All active/ }).press('ArrowRight');
  await expect(inbox.getByRole('tab', { name: /^Mine/ })).toHaveAttribute('aria-selected', 'true');
  await expect(inbox.getByRole('tab', { name: /^Mine/ })).toBeFocused();
  await page.screenshot({ path: 'test-results/screenshots/inbox-mine.png' });
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);

  // Leave no one waiting for the tests after this one.
  await page.getByRole('button', { name: 'Close' }).click();
  for (const token of tokens.slice(0, -1)) {
    const ended = await request.post(`${baseURL}/v1/visitor/end`, { headers: { authorization: `Bearer ${token}` } });
    expect(ended.ok()).toBe(true);
  }
});
