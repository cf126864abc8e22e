import { expect, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { hydrated, signIn, test, uniqueEmail, uniqueName } from './helpers';

/** Console errors and uncaught exceptions (a hydration mismatch is both) from now on. */
function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message.slice(0, 300)}`));
  return errors;
}

test('every screen renders on the server and hydrates its islands without an error', async ({ page, request }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await page.goto('/sign-in');
  await hydrated(page);
  await page.goto('/nowhere');
  await hydrated(page);
  await signIn(page);

  // Something on every detail screen: a chat, a ticket, a contact, a channel.
  const visitor = uniqueName('Iris');
  const started = await request.post(`${baseURL}/v1/visitor/sessions`, {
    data: { name: visitor, message: 'Checking every screen', client_id: `islands-${Date.now().toString(36)}` },
  });
  expect(started.status()).toBe(201);
  await page.goto('/chat/queue');
  await hydrated(page);
  await page.getByRole('row', { name: new RegExp(visitor) }).getByRole('link', { name: visitor }).click();
  await expect(page.getByRole('heading', { level: 1, name: visitor })).toBeVisible();
  await hydrated(page);
  const session = page.url();

  const tag = uniqueName('s').split(' ')[1];
  await page.goto('/tickets/new');
  await hydrated(page);
  await page.getByLabel('Subject').fill(`Every screen ${tag}`);
  await page.getByLabel('Requester name').fill('Ivo');
  await page.getByLabel('Requester email').fill(uniqueEmail('ivo'));
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Every screen ${tag}`) })).toBeVisible();
  const ticket = page.url();

  await page.goto('/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name').fill(`Ivy ${tag}`);
  await page.getByRole('button', { name: 'Create contact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Ivy ${tag}` })).toBeVisible();
  const contact = page.url();

  await page.goto('/chat/channels');
  await hydrated(page);
  await page.getByRole('button', { name: '+ New Channel' }).click();
  await page.getByLabel('Name').fill(`screens-${tag.toLowerCase()}`);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `#screens-${tag.toLowerCase()}` })).toBeVisible();
  const channel = page.url();

  const screens = [
    '/chat/queue',
    '/chat/queue?tab=active',
    '/chat/queue?tab=closed',
    session,
    '/chat/channels',
    channel,
    '/chat/folders',
    '/tickets',
    '/tickets?status=open&q=screen',
    '/tickets/new',
    ticket,
    '/contacts',
    '/contacts/new',
    contact,
    '/settings/agents',
    '/settings/live-chat',
    '/settings/widget',
    '/settings/canned-responses',
    '/settings/profile',
  ];
  for (const url of screens) {
    await page.goto(url);
    await hydrated(page);
    await expect(page.locator('main h1').first()).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('what an island is handed travels as escaped JSON: a hostile ?next= stays text', async ({ page }) => {
  const errors = collectErrors(page);
  const hostile = '/chat/queue"><img src=x onerror="window.__pwned=1">\'</leptos-island><script>window.__pwned=2</script>';
  await page.goto(`/sign-in?next=${encodeURIComponent(hostile)}`);
  await hydrated(page);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  // The sign-in form island got the value whole, as its hidden field shows.
  await expect(page.locator('input[name="next"]')).toHaveValue(hostile);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(errors).toEqual([]);
});
