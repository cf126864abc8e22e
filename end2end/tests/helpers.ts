import { expect, type Browser, type Page } from '@playwright/test';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'Ada Admin' };

/** Waits until the Leptos app has hydrated (client-side navigation and actions work). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__chatHydrated === true);
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
