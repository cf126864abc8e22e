import { expect, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { chatBadge, hydrated, newAgent, signIn, test, uniqueName } from './helpers';

/** A visitor on the customer's site (another origin) opens the widget and starts a chat. */
async function startChat(page: Page, name: string, message: string, email = '') {
  await page.goto(hostURL);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  if (email) await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByRole('log').getByText(message)).toBeVisible();
}

test('a visitor chats with an agent from another website, live both ways', async ({ browser }) => {
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await signIn(agent);
  await hydrated(agent);
  // The badge counts waiting chats plus unread messages and mentions, whatever earlier
  // tests left: this test expects exactly one more.
  const badgeBefore = await chatBadge(agent);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await startChat(visitor, 'Vi Visitor', 'My parcel has not arrived', 'vi@example.com');
  await visitor.screenshot({ path: 'test-results/screenshots/widget-waiting.png' });

  // The agent sees it without reloading: the Waiting row and the sidebar badge.
  const row = agent.getByRole('row', { name: /Vi Visitor/ }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('My parcel has not arrived');
  // Other tests running beside this one may add waiting chats too: the badge moved at least
  // by this one.
  await expect.poll(() => chatBadge(agent)).toBeGreaterThan(badgeBefore);
  await expect(agent).toHaveTitle(/^\(\d+\) Chat Queue/);
  await agent.screenshot({ path: 'test-results/screenshots/queue-waiting.png' });

  await row.getByRole('link', { name: /Vi Visitor/ }).click();
  await expect(agent.getByRole('heading', { level: 1, name: 'Vi Visitor' })).toBeVisible();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText('Ada Admin joined')).toBeVisible();
  await expect(visitor.getByRole('log').getByText('Ada Admin joined')).toBeVisible();

  // Agent → visitor, visitor → agent, live.
  await agent.getByRole('textbox', { name: 'Message' }).fill('Hi Vi, let me look: https://acme.example/track/1234');
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('log').getByText('Hi Vi, let me look:')).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'https://acme.example/track/1234' })).toBeVisible();

  await visitor.getByRole('textbox', { name: 'Message' }).fill('Thanks! <b>It was</b> order 1234');
  await visitor.getByRole('button', { name: 'Send' }).click();
  await expect(agent.getByRole('log').getByText('Thanks! <b>It was</b> order 1234')).toBeVisible();

  // The agent sees the visitor typing.
  await visitor.getByRole('textbox', { name: 'Message' }).pressSequentially('one more');
  await expect(agent.getByText('Vi Visitor is typing…')).toBeVisible();
  await visitor.getByRole('textbox', { name: 'Message' }).fill('');

  // A reload resumes the same chat with its whole history.
  await visitor.reload();
  const log = visitor.getByRole('log');
  await expect(log.getByText('My parcel has not arrived')).toBeVisible();
  await expect(log.getByText('Hi Vi, let me look:')).toBeVisible();
  await expect(log.getByText('Thanks! <b>It was</b> order 1234')).toBeVisible();
  await visitor.screenshot({ path: 'test-results/screenshots/widget-conversation.png' });
  // Still live after the reload.
  await agent.getByRole('textbox', { name: 'Message' }).fill('Found it, it ships today.');
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(log.getByText('Found it, it ships today.')).toBeVisible();
  await expect(log.getByText('Found it, it ships today.')).toHaveCount(1);
  await agent.screenshot({ path: 'test-results/screenshots/session-active.png' });

  // The agent closes; the visitor sees the closed state.
  await agent.getByRole('button', { name: 'Close' }).click();
  await expect(agent.getByText('This chat has ended.')).toBeVisible();
  await expect(visitor.getByText('This chat has ended.')).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Start a new chat' })).toBeVisible();
  await visitor.screenshot({ path: 'test-results/screenshots/widget-closed.png' });

  await agent.goto('/chat/queue?tab=closed');
  await expect(agent.getByRole('row', { name: /Vi Visitor/ }).first()).toBeVisible();
  await agentCtx.close();
  await visitorCtx.close();
});

test('a new waiting chat moves the badge without reloading the sidebar channels', async ({ browser }) => {
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  let channelLists = 0;
  agent.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/list_channels') channelLists += 1;
  });
  await signIn(agent);
  await hydrated(agent);
  const badgeBefore = await chatBadge(agent);
  // Let the first load settle (the live socket's first badge arrives after hydration).
  await agent.waitForLoadState('networkidle');
  await agent.waitForTimeout(1000);
  const listsBefore = channelLists;
  expect(listsBefore).toBeGreaterThan(0);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const name = uniqueName('Queue Only');
  await startChat(visitor, name, 'Just the queue, please');
  await expect(agent.getByRole('row', { name: new RegExp(name) }).first()).toBeVisible();
  // Other tests running beside this one may add waiting chats too: the badge moved at least
  // by this one.
  await expect.poll(() => chatBadge(agent)).toBeGreaterThan(badgeBefore);
  // A refetch would start in the same update as the badge: give it time to show.
  await agent.waitForTimeout(1000);
  // The chat badge moved; the channel totals did not, so the channel list was not fetched again.
  expect(channelLists).toBe(listsBefore);
  await agentCtx.close();
  await visitorCtx.close();
});

test('a second agent accepting the same chat is told who won', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin);
  const bob = (await newAgent(browser, admin, uniqueName('Bob'))).page;

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const wanda = uniqueName('Wanda');
  await startChat(visitor, wanda, 'Who will answer me?');

  // Bob's page has lost its live connection, so it still shows Accept when Ada wins.
  await bob.routeWebSocket(/\/ws\/agent/, () => {});
  await bob.goto('/chat/queue');
  await bob.getByRole('row', { name: new RegExp(wanda) }).getByRole('link').click();
  await expect(bob.getByRole('button', { name: 'Accept' })).toBeVisible();
  await hydrated(bob);

  await admin.goto('/chat/queue');
  await admin.getByRole('row', { name: new RegExp(wanda) }).getByRole('link').click();
  await expect(admin.getByRole('heading', { level: 1, name: wanda })).toBeVisible();
  await hydrated(admin);
  await admin.getByRole('button', { name: 'Accept' }).click();
  await expect(admin.getByRole('log').getByText('Ada Admin joined')).toBeVisible();

  await bob.getByRole('button', { name: 'Accept' }).click();
  await expect(bob.getByRole('alert')).toHaveText('Already accepted by Ada Admin');
  await expect(bob.getByText('with Ada Admin')).toBeVisible();
  await expect(bob.getByRole('button', { name: 'Accept' })).toHaveCount(0);
  await adminCtx.close();
  await visitorCtx.close();
  await bob.context().close();
});

test('the visitor can end the chat and start a new one', async ({ browser }) => {
  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const eve = uniqueName('Eve');
  await startChat(visitor, eve, 'Never mind');
  // End chat asks first; Keep chatting changes nothing.
  await visitor.getByRole('button', { name: 'End chat' }).click();
  await expect(visitor.getByText('End this chat?')).toBeVisible();
  await visitor.screenshot({ path: 'test-results/screenshots/widget-end-confirm.png' });
  await visitor.getByRole('button', { name: 'Keep chatting' }).click();
  await expect(visitor.getByText('End this chat?')).toBeHidden();
  await expect(visitor.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await visitor.getByRole('button', { name: 'End chat' }).click();
  await visitor.getByRole('button', { name: 'Yes, end chat' }).click();
  await expect(visitor.getByText('This chat has ended.')).toBeVisible();
  await visitor.getByRole('button', { name: 'Start a new chat' }).click();
  await expect(visitor.getByRole('textbox', { name: 'Name' })).toHaveValue(eve);
  await expect(visitor.getByRole('button', { name: 'Start chat' })).toBeVisible();
  await visitorCtx.close();
});

test('the widget says when nobody is available and still takes the message', async ({ browser }) => {
  // No agent is connected in this context's lifetime: fresh server state may have agents
  // signed in from other tests, so set every connected agent Away first.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin);
  await hydrated(admin);
  await admin.getByRole('combobox', { name: 'My status' }).selectOption('away');
  await expect(admin.getByRole('combobox', { name: 'My status' })).toHaveValue('away');

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  await visitor.goto(hostURL);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await expect(visitor.getByText(/No agents are available right now/)).toBeVisible();
  const olga = uniqueName('Olga');
  await visitor.getByRole('textbox', { name: 'Name' }).fill(olga);
  await visitor.getByRole('textbox', { name: 'Message' }).fill('Call me back please');
  await visitor.getByRole('button', { name: 'Start chat' }).click();
  await expect(visitor.getByRole('log').getByText('Call me back please')).toBeVisible();

  await admin.goto('/chat/queue');
  await expect(admin.getByRole('row', { name: new RegExp(olga) })).toBeVisible();
  await admin.getByRole('combobox', { name: 'My status' }).selectOption('available');
  await adminCtx.close();
  await visitorCtx.close();
});
