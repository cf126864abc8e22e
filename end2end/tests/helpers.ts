import { expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';

/**
 * Playwright's `test`, plus: every browser context a test opens is closed when it ends,
 * passed or failed (tests open several: an agent, a visitor, another agent).
 */
export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [async ({ browser, context }, use) => {
    const before = new Set<BrowserContext>(browser.contexts());
    await use();
    for (const c of browser.contexts()) {
      if (c !== context && !before.has(c)) await c.close();
    }
  }, { auto: true }],
});

/** The number on the sidebar's Chat badge (0 when hidden). */
export async function chatBadge(page: Page): Promise<number> {
  const badge = page.getByRole('navigation', { name: 'Main' }).locator('[data-badge="chat"]');
  if (await badge.isHidden()) return 0;
  return Number((await badge.textContent())?.replace(/\D/g, '') || 0);
}

/** Waits until the Chat badge shows exactly `n` (not a number that merely contains it). */
export async function expectChatBadge(page: Page, n: number) {
  await expect.poll(() => chatBadge(page)).toBe(n);
}

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'Ada Admin' };

/**
 * Waits until every island on the page has hydrated (buttons and live updates work). Links
 * load whole pages and the flag goes when a page starts to leave, so after a click this
 * waits for the next page (asking again if the old page went away mid-question).
 */
export async function hydrated(page: Page) {
  await expect
    .poll(() => page.evaluate(() => (window as any).__chatHydrated === true).catch(() => false), {
      timeout: 30_000,
    })
    .toBe(true);
}

export async function signIn(page: Page, email = ADMIN.email, password = ADMIN.password) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

let counter = 0;
/** A unique email for an agent created during a test run. */
export function uniqueEmail(prefix: string) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
}

/** A display name unique to this run, so tests can repeat against one database. */
export function uniqueName(base: string) {
  counter += 1;
  return `${base} ${Date.now().toString(36).slice(-4)}${counter}`;
}

/** An admin page creates an agent at Settings → Agents; returns a page signed in as them. */
export async function newAgent(browser: Browser, admin: Page, name: string, emailPrefix?: string) {
  const email = uniqueEmail(emailPrefix ?? name.toLowerCase().replace(/\W/g, ''));
  await admin.goto('/settings/agents');
  await hydrated(admin);
  await admin.getByLabel('Name').fill(name);
  await admin.getByLabel('Email').fill(email);
  await admin.getByLabel('Password').fill('agent-password-1');
  await admin.getByRole('button', { name: 'Create agent' }).click();
  await expect(admin.getByRole('status')).toHaveText(`${name} can now sign in.`);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, email, 'agent-password-1');
  return { page, email, handle: email.split('@')[0] };
}

/** A visitor on the host page opens the widget and starts a chat with `message`. */
export async function startChat(page: Page, name: string, message: string) {
  await page.goto(hostURL);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByRole('log').getByText(message)).toBeVisible();
}
