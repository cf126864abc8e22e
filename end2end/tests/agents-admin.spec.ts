import { expect } from '@playwright/test';
import { hydrated, newAgent, signIn, test, uniqueName } from './helpers';

test('an admin edits an agent: name and role, a new password that signs them out, and Unlock for a throttled sign-in', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const name = uniqueName('Edna');
  const edna = await newAgent(browser, admin, name);
  await admin.goto('/settings/agents');
  await hydrated(admin);

  // Name and role.
  await admin.getByRole('button', { name: `Edit ${name}` }).click();
  const renamed = uniqueName('Edwina');
  let editor = admin.getByRole('group', { name: `Edit ${name}` });
  await editor.getByRole('textbox', { name: 'Display name' }).fill(renamed);
  await editor.getByRole('combobox', { name: 'Role' }).selectOption('admin');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByText(`Saved: ${renamed}, Admin.`)).toBeVisible();
  const row = admin.getByRole('row').filter({ hasText: renamed }).first();
  await expect(row).toContainText('Admin');
  // Her app sees it on the next page: she is an admin now.
  await edna.page.goto('/settings/widget');
  await expect(edna.page.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();

  // A new password ends her sessions.
  editor = admin.getByRole('group', { name: `Edit ${renamed}` });
  await editor.getByLabel('New password').fill('brand-new-pass-1');
  await editor.getByRole('button', { name: 'Set password' }).click();
  await expect(admin.getByText('New password set. Sessions ended: 1.')).toBeVisible();
  await edna.page.goto('/chat/queue');
  await expect(edna.page).toHaveURL(/\/sign-in/);

  // Someone guesses her password until the throttle holds the account.
  const guesser = await (await browser.newContext()).newPage();
  await guesser.goto('/sign-in');
  await hydrated(guesser);
  for (let i = 0; i < 5; i += 1) {
    await guesser.getByLabel('Email').fill(edna.email);
    await guesser.getByLabel('Password').fill(`wrong-guess-${i}`);
    await guesser.getByRole('button', { name: 'Sign in' }).click();
    await expect(guesser.getByRole('alert')).not.toBeEmpty();
    await guesser.getByLabel('Password').fill('');
  }
  await admin.reload();
  await hydrated(admin);
  const lockedRow = admin.getByRole('row').filter({ hasText: renamed }).first();
  await expect(lockedRow.getByText('Locked', { exact: true })).toBeVisible();
  await admin.getByRole('button', { name: `Edit ${renamed}` }).click();
  editor = admin.getByRole('group', { name: `Edit ${renamed}` });
  await admin.screenshot({ path: 'test-results/screenshots/agent-editor.png', fullPage: true });
  await editor.getByRole('button', { name: 'Unlock sign-in' }).click();
  await expect(admin.getByText(`${renamed} can sign in again.`)).toBeVisible();
  await expect(lockedRow.getByText('Locked', { exact: true })).toHaveCount(0);
  // From the very address that was held out, with the new password.
  await signIn(guesser, edna.email, 'brand-new-pass-1');
});
