import { expect, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { hydrated, signIn, test, uniqueName } from './helpers';

/** A visitor on the customer's site starts a chat. */
async function startChat(page: Page, name: string, message: string) {
  await page.goto(hostURL);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByRole('log').getByText(message)).toBeVisible();
}

/** The agent opens the visitor's chat from the queue and accepts it. */
async function acceptChat(agent: Page, visitorName: string) {
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(visitorName) }).getByRole('link', { name: visitorName }).click();
  await expect(agent.getByRole('heading', { level: 1, name: visitorName })).toBeVisible();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText('Ada Admin joined')).toBeVisible();
}

test('an internal note shows for agents, marked, and never reaches the visitor', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  const visitor = await (await browser.newContext()).newPage();
  const name = uniqueName('Nora');
  await startChat(visitor, name, 'Can I get a refund?');
  await acceptChat(agent, name);

  await agent.getByRole('button', { name: 'Note', exact: true }).click();
  await expect(agent.getByText('Internal note — the visitor cannot see this')).toBeVisible();
  await agent.getByRole('textbox', { name: 'Internal note' }).fill('Refund approved by finance');
  await agent.getByRole('textbox', { name: 'Internal note' }).press('Enter');
  const note = agent.getByRole('log').locator('.msg-note', { hasText: 'Refund approved by finance' });
  await expect(note).toBeVisible();
  await expect(note).toContainText('Internal note');

  // Ctrl+Shift+N goes back to replying; the reply reaches the visitor, the note does not.
  await agent.getByRole('textbox', { name: 'Internal note' }).press('Control+Shift+N');
  await agent.getByRole('textbox', { name: 'Message' }).fill('Yes, it is on its way');
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('log').getByText('Yes, it is on its way')).toBeVisible();
  await expect(visitor.getByText('Refund approved by finance')).toHaveCount(0);
  await visitor.reload();
  await expect(visitor.getByRole('log').getByText('Yes, it is on its way')).toBeVisible();
  await expect(visitor.getByText('Refund approved by finance')).toHaveCount(0);

  // It stays after a reload of the agent's page.
  await agent.reload();
  await expect(agent.getByRole('log').locator('.msg-note', { hasText: 'Refund approved by finance' })).toBeVisible();
  await agent.screenshot({ path: 'test-results/screenshots/session-note.png' });
});

test('a canned response added in Settings is inserted with ! and its placeholders filled', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  const shortcut = `thanks${Date.now().toString(36)}`;
  await agent.goto('/settings/canned-responses');
  await hydrated(agent);
  await agent.getByLabel('Shortcut').fill(shortcut);
  await agent.getByLabel('Text').fill('Thanks {{visitor.name}}, {{agent.name}} here. {{visitor.email}}');
  await agent.getByRole('button', { name: 'Add response' }).click();
  await expect(agent.getByRole('status')).toHaveText(`Added !${shortcut}.`);
  await expect(agent.getByRole('cell', { name: `!${shortcut}`, exact: true })).toBeVisible();
  // A shortcut with a space is refused next to the field.
  await agent.getByLabel('Shortcut').fill('two words');
  await agent.getByLabel('Text').fill('x');
  await agent.getByRole('button', { name: 'Add response' }).click();
  await expect(agent.getByText('Use only letters, digits')).toBeVisible();
  await agent.screenshot({ path: 'test-results/screenshots/settings-canned.png' });

  const visitor = await (await browser.newContext()).newPage();
  const name = uniqueName('Cara');
  await startChat(visitor, name, 'Hello there');
  await acceptChat(agent, name);
  const field = agent.getByRole('textbox', { name: 'Message' });
  await field.pressSequentially(`Sure! !${shortcut.slice(0, 8)}`);
  const list = agent.getByRole('listbox', { name: 'Canned responses' });
  await expect(list.getByRole('option', { name: new RegExp(`!${shortcut}`) })).toBeVisible();
  await agent.screenshot({ path: 'test-results/screenshots/composer-canned.png' });
  await field.press('Enter');
  await expect(field).toHaveValue(`Sure! Thanks ${name}, Ada Admin here. `);
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('log').getByText(`Sure! Thanks ${name}, Ada Admin here.`)).toBeVisible();
});

test('a waiting visitor sees their place in line go down as chats ahead are taken', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  const firstName = uniqueName('Pia');
  await startChat(first, firstName, 'First in line');
  await startChat(second, uniqueName('Quin'), 'Second in line');
  const place = async (page: Page) => {
    const text = await page.getByText(/You are number \d+ in line/).textContent();
    return Number(text?.match(/\d+/)?.[0]);
  };
  await expect(second.getByText(/You are number \d+ in line/)).toBeVisible();
  const before = await place(second);
  expect(before).toBeGreaterThan(1);
  await expect.poll(() => place(first)).toBe(before - 1);
  await second.screenshot({ path: 'test-results/screenshots/widget-place-in-line.png' });

  await acceptChat(agent, firstName);
  await expect(second.getByText(`You are number ${before - 1} in line`)).toBeVisible();
  await expect(first.getByText('Chatting with Ada Admin')).toBeVisible();
});
