import { expect } from '@playwright/test';
import { ADMIN, hydrated, signIn, test, uniqueEmail, uniqueName } from './helpers';

test('sign in, see the shell, navigate, sign out', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/chat\/queue$/);
  await hydrated(page);

  const nav = page.getByRole('navigation', { name: 'Main' });
  // "Chat" carries the badge count when chats are waiting ("Chat 2 new").
  await expect(nav.getByRole('link', { name: /^Chat( \d+ new)?$/ })).toBeVisible();
  for (const name of ['Queue', 'Channels', 'Folders', 'Tickets', 'Contacts', 'Settings']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByLabel('Signed in as').getByText(ADMIN.name)).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/shell.png', fullPage: true });

  const destinations: [string, RegExp, string][] = [
    ['Channels', /\/chat\/channels$/, 'Channels'],
    ['Folders', /\/chat\/folders$/, 'Folders'],
    ['Tickets', /\/tickets$/, 'Tickets'],
    ['Contacts', /\/contacts$/, 'Contacts'],
    ['Settings', /\/settings\/agents$/, 'Settings · Agents'],
    ['Queue', /\/chat\/queue$/, 'Chat Queue'],
  ];
  for (const [link, url, heading] of destinations) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: link, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // The session is gone on the server: agent pages send us back to sign-in.
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test('a wrong password shows the generic error', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a signed-out visit to an agent page goes to sign-in, then back to the page', async ({ page }) => {
  await page.goto('/contacts');
  await expect(page).toHaveURL(/\/sign-in\?next=\/contacts$/);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in form and links work before hydration', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(uniqueEmail('nobody'));
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Invalid email or password');

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/chat\/queue$/);
    await page.getByRole('link', { name: 'Tickets', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tickets' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

test('an admin adds an agent who can then sign in; deactivating signs them out', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin);
  await admin.goto('/settings/agents');
  await hydrated(admin);
  const email = uniqueEmail('bea');
  const bea = uniqueName('Bea');
  await admin.getByLabel('Name').fill(bea);
  await admin.getByLabel('Email').fill(email);
  await admin.getByLabel('Password').fill('bea-password-1');
  await admin.getByRole('button', { name: 'Create agent' }).click();
  await expect(admin.getByRole('status')).toHaveText(`${bea} can now sign in.`);
  await expect(admin.getByRole('cell', { name: email })).toBeVisible();
  await admin.screenshot({ path: 'test-results/screenshots/settings-agents.png', fullPage: true });

  const beaCtx = await browser.newContext();
  const beaPage = await beaCtx.newPage();
  await signIn(beaPage, email, 'bea-password-1');
  await expect(beaPage.getByText(bea)).toBeVisible();

  await admin.getByRole('button', { name: `Deactivate ${bea}` }).click();
  await expect(admin.getByRole('button', { name: `Reactivate ${bea}` })).toBeVisible();
  await beaPage.reload();
  await expect(beaPage).toHaveURL(/\/sign-in/);
  await adminCtx.close();
  await beaCtx.close();
});

test('duplicate agent email is refused with a clear message', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings/agents');
  await hydrated(page);
  await page.getByLabel('Name').fill('Another Admin');
  await page.getByLabel('Email').fill(ADMIN.email.toUpperCase());
  await page.getByLabel('Password').fill('whatever-password');
  await page.getByRole('button', { name: 'Create agent' }).click();
  await expect(page.getByText('An agent with this email already exists.')).toBeVisible();
});

test('the sign-in page and the Queue load no other screen; a screen loads its own file when opened', async ({ page }) => {
  // Each screen with forms is a lazy island: its code is a file of its own.
  const screens: string[] = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/\/pkg\/split_([a-z_]+?)_page_loader/);
    if (m) screens.push(m[1]);
  });
  await signIn(page);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Chat Queue' })).toBeVisible();
  expect(screens).toEqual([]);

  // Tickets is rendered on the server: no code of its own.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Tickets', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tickets' })).toBeVisible();
  await hydrated(page);
  expect(screens).toEqual([]);

  await page.getByRole('link', { name: 'New Ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New Ticket' })).toBeVisible();
  await hydrated(page);
  expect(screens).toEqual(['new_ticket']);
});
