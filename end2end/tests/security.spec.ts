import { expect, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { hydrated, signIn, test } from './helpers';

/** Collects CSP violations and console errors of a page. */
function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to/i.test(text)) violations.push(text);
  });
  return violations;
}

test('a visitor named like a script runs nothing in the agent app, on a full page load', async ({ browser, request }) => {
  // The visitor side over HTTP (what the widget does): a name that closes <title>.
  const hostile = '</title><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  const started = await request.post(`${baseURL}/v1/visitor/sessions`, {
    data: { name: hostile, message: `hi ${hostile}`, client_id: 'xss-1' },
  });
  expect(started.status()).toBe(201);

  const ctx = await browser.newContext();
  const agent = await ctx.newPage();
  const violations = watchViolations(agent);
  let dialogs = 0;
  agent.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await signIn(agent);
  await agent.goto('/chat/queue');
  const href = await agent.getByRole('row', { name: /window\.__pwned/ }).first().getByRole('link').first().getAttribute('href');
  expect(href).toMatch(/^\/chat\/sessions\/\d+$/);
  // A full page load of the session page (as after a reload or a new tab).
  await agent.goto(href!);
  await hydrated(agent);
  await expect(agent.getByRole('heading', { level: 1 })).toHaveText(hostile);
  expect(await agent.title()).toContain(hostile);
  expect(await agent.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  // The hydrated app works under the CSP: live features and actions.
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText('Ada Admin joined')).toBeVisible();
  expect(violations).toEqual([]);
  await agent.screenshot({ path: 'test-results/screenshots/hostile-name-session.png' });
  await ctx.close();
});

test('the agent app runs under its CSP without a single violation', async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const violations = watchViolations(page);
  const res = await page.goto('/sign-in');
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'nonce-");
  expect(csp).not.toContain('unsafe-inline');
  await signIn(page);
  await hydrated(page);
  for (const path of ['/chat/queue', '/chat/channels', '/chat/folders', '/tickets', '/contacts', '/settings/agents']) {
    await page.goto(path);
    await hydrated(page);
  }
  // Client-side navigation too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Tickets/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tickets' })).toBeVisible();
  expect(violations).toEqual([]);
  await ctx.close();
});
