import { expect, type Page } from '@playwright/test';

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
