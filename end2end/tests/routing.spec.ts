import { expect, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { hydrated, newAgent, signIn, test, uniqueName } from './helpers';

/** A visitor on the customer's site starts a chat. */
async function startChat(page: Page, name: string, message: string, email = '') {
  await page.goto(hostURL);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  if (email) await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByRole('log').getByText(message)).toBeVisible();
}

async function visitorSays(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('log').getByText(text)).toBeVisible();
}

/** The agent opens the visitor's chat from the queue and accepts it. */
async function acceptChat(agent: Page, visitorName: string, agentName: string) {
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(visitorName) }).getByRole('link', { name: visitorName }).click();
  await expect(agent.getByRole('heading', { level: 1, name: visitorName })).toBeVisible();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText(`${agentName} joined`)).toBeVisible();
}

async function setRouting(admin: Page, routing: 'Manual' | 'Auto-assign') {
  await admin.goto('/settings/live-chat');
  await hydrated(admin);
  await admin.getByLabel('Routing').selectOption({ label: routing });
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'chats per agent' })).toContainText(`Saved: ${routing}`);
}

test('an agent with two active chats sees both live in My chats and switches between them', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const bobName = uniqueName('Bob');
  const bob = await newAgent(browser, admin, bobName);
  const [v1, v2] = [await (await browser.newContext()).newPage(), await (await browser.newContext()).newPage()];
  const [n1, n2] = [uniqueName('Uma'), uniqueName('Val')];
  await startChat(v1, n1, 'First question');
  await startChat(v2, n2, 'Second question');
  await acceptChat(bob.page, n1, bobName);
  await acceptChat(bob.page, n2, bobName);

  // On the second chat: the first one's new line arrives in My chats, unread.
  const mine = bob.page.getByRole('list', { name: 'My chats' });
  await expect(mine.getByRole('link')).toHaveCount(2);
  await visitorSays(v1, 'Are you still there?');
  const first = mine.getByRole('link', { name: new RegExp(n1) });
  await expect(first).toContainText('Are you still there?');
  await expect(first.getByLabel('1 unread')).toBeVisible();
  await expect(first).toContainText('Waiting');
  await bob.page.screenshot({ path: 'test-results/screenshots/my-chats.png' });

  // Switching is a client-side navigation: the page (and this marker) stays.
  await bob.page.evaluate(() => ((window as any).__samePage = true));
  await first.click();
  await expect(bob.page.getByRole('heading', { level: 1, name: n1 })).toBeVisible();
  await expect(bob.page.getByRole('log').getByText('Are you still there?')).toBeVisible();
  expect(await bob.page.evaluate(() => (window as any).__samePage)).toBe(true);
  await expect(first.getByLabel('1 unread')).toHaveCount(0);
  // A reply ends the wait; the other chat keeps receiving.
  await bob.page.getByRole('textbox', { name: 'Message' }).fill('Yes, looking now');
  await bob.page.getByRole('button', { name: 'Send' }).click();
  await expect(v1.getByRole('log').getByText('Yes, looking now')).toBeVisible();
  await expect(first).toContainText('You: Yes, looking now');
  await expect(first).not.toContainText('Waiting');
  await visitorSays(v2, 'Me too, please');
  const second = mine.getByRole('link', { name: new RegExp(n2) });
  await expect(second.getByLabel('1 unread')).toBeVisible();
  await second.click();
  await expect(bob.page.getByRole('log').getByText('Me too, please')).toBeVisible();
  expect(await bob.page.evaluate(() => (window as any).__samePage)).toBe(true);
});

test('auto-assign hands a new chat to the available agent, never to one who is away', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const bobName = uniqueName('Bea');
  const cyName = uniqueName('Cyd');
  const bob = await newAgent(browser, admin, bobName);
  const cy = await newAgent(browser, admin, cyName);
  // Cy and the admin step away: only Bob can be given chats.
  for (const page of [cy.page, admin]) {
    await hydrated(page);
    await page.getByLabel('My status').selectOption('away');
  }
  await bob.page.goto('/chat/queue?tab=active');
  await hydrated(bob.page);
  try {
    await setRouting(admin, 'Auto-assign');
    await admin.screenshot({ path: 'test-results/screenshots/settings-live-chat.png' });
    const visitor = await (await browser.newContext()).newPage();
    const name = uniqueName('Wes');
    await startChat(visitor, name, 'Anyone there?');
    await expect(visitor.getByText(`Chatting with ${bobName}`)).toBeVisible();
    await expect(visitor.getByRole('log').getByText(`Assigned to ${bobName}`)).toBeVisible();
    // Bob's Active tab shows it live, with him as the agent; My chats has it.
    const row = bob.page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText(bobName);
    await row.getByRole('link', { name, exact: true }).click();
    await expect(bob.page.getByRole('heading', { level: 1, name })).toBeVisible();
    const mine = bob.page.getByRole('list', { name: 'My chats' });
    await expect(mine.getByRole('link', { name: new RegExp(name) })).toBeVisible();
    await expect(bob.page.getByRole('log').getByText(`Assigned to ${bobName}`)).toBeVisible();
    await expect(cy.page.getByText(name)).toHaveCount(0);
  } finally {
    await setRouting(admin, 'Manual');
    for (const page of [cy.page, admin]) await page.getByLabel('My status').selectOption('available');
  }
});

test('a chat transferred with a note: both agents live, the visitor sees the new name, the panel says who they are', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const bobName = uniqueName('Ben');
  const bob = await newAgent(browser, admin, bobName);
  await bob.page.goto('/chat/queue');
  await hydrated(bob.page);
  const visitor = await (await browser.newContext()).newPage();
  const name = uniqueName('Xia');
  const email = `xia-${Date.now().toString(36)}@example.com`;
  await startChat(visitor, name, 'My invoice is wrong', email);
  await acceptChat(admin, name, 'Ada Admin');

  // The visitor panel: browser in words, local time, the contact.
  const panel = admin.getByRole('complementary', { name: 'Visitor details' });
  await expect(panel).toContainText(/Chrom(e|ium) \d+ on Linux/);
  await expect(panel).toContainText(/\d\d:\d\d \(.+\)/);
  await expect(panel.getByRole('link', { name })).toHaveAttribute('href', /\/contacts\/\d+/);
  await admin.screenshot({ path: 'test-results/screenshots/visitor-panel.png' });

  await admin.getByRole('button', { name: 'Transfer' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Transfer chat' });
  await dialog.getByRole('radio', { name: new RegExp(bobName) }).check();
  await dialog.getByLabel('Note for them').fill('Wants a corrected March invoice');
  await admin.screenshot({ path: 'test-results/screenshots/transfer-dialog.png' });
  await dialog.getByRole('button', { name: 'Transfer' }).click();
  await expect(admin.getByRole('log').getByText(`Ada Admin transferred the chat to ${bobName}`)).toBeVisible();

  await expect(visitor.getByRole('log').getByText(`${bobName} joined`)).toBeVisible();
  await expect(visitor.getByText(`Chatting with ${bobName}`)).toBeVisible();
  await expect(visitor.getByText('Wants a corrected March invoice')).toHaveCount(0);

  // Bob was alerted: the chat is in his My chats once he opens any chat page, with the note.
  const link = bob.page.getByRole('list', { name: 'My chats' }).getByRole('link', { name: new RegExp(name) });
  await bob.page.goto('/chat/queue?tab=active');
  await bob.page.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name, exact: true }).click();
  await expect(link).toBeVisible();
  await expect(bob.page.getByRole('log').locator('.msg-note', { hasText: 'Wants a corrected March invoice' })).toBeVisible();
  await bob.page.getByRole('textbox', { name: 'Message' }).fill('Hi, I will fix the invoice');
  await bob.page.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('log').getByText('Hi, I will fix the invoice')).toBeVisible();
  await bob.page.screenshot({ path: 'test-results/screenshots/transferred.png' });
});

test('a full agent gets a clear refusal on Accept', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const name = uniqueName('Dot');
  const dot = await newAgent(browser, admin, name);
  // Settings → Agents: Dot may hold one chat.
  await admin.goto('/settings/agents');
  await hydrated(admin);
  await admin.getByRole('spinbutton', { name: `Max chats for ${name}` }).fill('1');
  await admin.getByRole('button', { name: `Set max chats for ${name}` }).click();
  await expect(admin.getByRole('spinbutton', { name: `Max chats for ${name}` })).toHaveValue('1');
  const [v1, v2] = [await (await browser.newContext()).newPage(), await (await browser.newContext()).newPage()];
  const [n1, n2] = [uniqueName('Eli'), uniqueName('Fay')];
  await startChat(v1, n1, 'One');
  await startChat(v2, n2, 'Two');
  await acceptChat(dot.page, n1, name);
  await dot.page.goto('/chat/queue');
  await hydrated(dot.page);
  await dot.page.getByRole('row', { name: new RegExp(n2) }).getByRole('link', { name: n2 }).click();
  await hydrated(dot.page);
  await dot.page.getByRole('button', { name: 'Accept' }).click();
  await expect(dot.page.getByRole('alert').filter({ hasText: 'You are at your limit of 1 chat.' })).toBeVisible();
});
