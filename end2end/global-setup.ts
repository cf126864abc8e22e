import { chromium, expect, type FullConfig } from '@playwright/test';
import { ADMIN } from './tests/helpers';

/**
 * One database serves the whole run, and the first admin accepts chats in most tests
 * without closing them all: raise Max chats per agent (default 3) through Settings → Live
 * chat so the suite's leftovers never stop a later Accept. Tests of the limit set their
 * own agents' limits.
 */
export default async function globalSetup(config: FullConfig) {
  const use = config.projects[0].use;
  const browser = await chromium.launch(use.launchOptions);
  try {
    const page = await browser.newPage({ baseURL: use.baseURL });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.goto('/settings/live-chat');
    await page.waitForFunction(() => (window as any).__chatHydrated === true);
    await page.getByLabel('Max chats per agent').fill('50');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'chats per agent' })).toHaveText('Saved: Manual, up to 50 chats per agent.');
  } finally {
    await browser.close();
  }
}
