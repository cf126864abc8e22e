import { expect, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { hydrated, signIn, test, uniqueName } from './helpers';

/** Settings → Live chat: business hours on with every day closed, or off. */
async function setHours(admin: Page, closedNow: boolean) {
  await admin.goto('/settings/live-chat');
  await hydrated(admin);
  const on = admin.getByLabel('Business hours', { exact: true });
  if (closedNow) {
    await on.check();
    await admin.getByLabel('Time zone').fill('Europe/Berlin');
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      await admin.getByLabel(`${day} opens`).fill('');
      await admin.getByLabel(`${day} closes`).fill('');
    }
    await admin.getByLabel('Outside business hours').selectOption({ label: 'Take a message' });
  } else {
    await on.uncheck();
  }
  await admin.getByRole('button', { name: 'Save business hours' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Saved: ' }).last()).toContainText(
    closedNow ? 'business hours in Europe/Berlin' : 'always open',
  );
}

test('outside business hours the widget takes a message that becomes a ticket', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  try {
    await setHours(admin, true);
    await admin.screenshot({ path: 'test-results/screenshots/settings-business-hours.png', fullPage: true });
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(hostURL);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await expect(visitor.getByText("We're closed right now").first()).toBeVisible();
    await expect(visitor.getByRole('button', { name: 'Start chat' })).toBeHidden();
    const name = uniqueName('Oli');
    await visitor.getByRole('textbox', { name: 'Name' }).fill(name);
    // The email is required here: the answer goes there.
    await visitor.getByRole('textbox', { name: 'Message' }).fill(`Please call me back, ${name}`);
    await visitor.getByRole('button', { name: 'Leave a message' }).click();
    await expect(visitor.getByRole('alert')).toHaveText('Enter your email: we answer there.');
    // Next to its field, which says it is invalid and is described by the error.
    const emailField = visitor.getByRole('textbox', { name: 'Email' });
    await expect(emailField).toHaveAttribute('aria-invalid', 'true');
    await expect(emailField).toHaveAccessibleDescription('Enter your email: we answer there.');
    await expect(emailField).toBeFocused();
    await visitor.getByRole('textbox', { name: 'Email' }).fill('oli@example.com');
    await visitor.screenshot({ path: 'test-results/screenshots/widget-offline.png' });
    await visitor.getByRole('button', { name: 'Leave a message' }).click();
    const receipt = visitor.getByText(/Thanks! Your message is ticket #\d+\. We'll answer by email\./);
    await expect(receipt).toBeVisible();
    const number = (await receipt.textContent())?.match(/#(\d+)/)?.[1];

    await admin.goto('/tickets');
    const row = admin.getByRole('row', { name: new RegExp(`#${number}\\b`) });
    await expect(row).toContainText(`Please call me back, ${name}`);
    await row.getByRole('link').first().click();
    await expect(admin.getByText('Offline message')).toBeVisible();
    await expect(admin.getByText('oli@example.com').first()).toBeVisible();
  } finally {
    await setHours(admin, false);
  }
  // Open again: the widget offers the chat.
  const later = await (await browser.newContext()).newPage();
  await later.goto(hostURL);
  await later.getByRole('button', { name: 'Open chat' }).click();
  await expect(later.getByRole('button', { name: 'Start chat' })).toBeVisible();
});

test('a visitor who waits past Max wait leaves their email and the chat becomes a ticket', async ({ browser }) => {
  // Max wait is whole minutes: this test waits one.
  test.setTimeout(150_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const setMaxWait = async (minutes: string) => {
    await admin.goto('/settings/live-chat');
    await hydrated(admin);
    await admin.getByLabel('Max wait').fill(minutes);
    await admin.getByRole('button', { name: 'Save business hours' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'always open' })).toBeVisible();
  };
  await setMaxWait('1');
  try {
    const visitor = await (await browser.newContext()).newPage();
    const name = uniqueName('Pat');
    await visitor.goto(hostURL);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await visitor.getByRole('textbox', { name: 'Name' }).fill(name);
    await visitor.getByRole('textbox', { name: 'Message' }).fill('Hello, anyone?');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await expect(visitor.getByRole('log').getByText('Hello, anyone?')).toBeVisible();
    const offer = visitor.getByText('Sorry to keep you waiting');
    await expect(offer).toBeHidden();
    await expect(offer).toBeVisible({ timeout: 100_000 });
    await visitor.getByRole('textbox', { name: 'Email' }).fill('pat@example.com');
    await visitor.screenshot({ path: 'test-results/screenshots/widget-max-wait.png' });
    await visitor.getByRole('button', { name: 'Email me instead' }).click();
    const line = visitor.getByRole('log').getByText(/left their email: this chat is now ticket #\d+/);
    await expect(line).toBeVisible();
    const number = (await line.textContent())?.match(/#(\d+)/)?.[1];
    await admin.goto('/tickets');
    await expect(admin.getByRole('row', { name: new RegExp(`#${number}\\b`) })).toContainText('Hello, anyone?');
  } finally {
    await setMaxWait('5');
  }
});
