import { expect } from '@playwright/test';
import { hydrated, newAgent, signIn, test } from './helpers';

test('My profile: a new name shows at once; a new password signs out the other browser', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const agent = await newAgent(browser, admin, 'Pat Profile');
  const other = await (await browser.newContext()).newPage();
  await signIn(other, agent.email, 'agent-password-1');

  const page = agent.page;
  await page.goto('/chat/queue');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings · My profile' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill('Pat Changed');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Saved: you are Pat Changed.')).toBeVisible();

  await page.getByLabel('Current password').fill('wrong-password');
  await page.getByLabel('New password').fill('brand-new-pass-9');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('That is not your current password.')).toBeVisible();
  await page.getByLabel('Current password').fill('agent-password-1');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('1 other session was signed out')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/my-profile.png', fullPage: true });

  await other.reload();
  await expect(other).toHaveURL(/\/sign-in/);
  await page.reload();
  await expect(page.getByText('Pat Changed').first()).toBeVisible();
});
