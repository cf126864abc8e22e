import { expect } from '@playwright/test';
import { hydrated, signIn, startChat, test, uniqueName } from './helpers';

/** The browser's Notification API, recorded: permission starts unasked ("default"). */
const FAKE_NOTIFICATIONS = () => {
  const w = window as any;
  // The answer outlives a page load, as the browser's does.
  w.__permission = localStorage.getItem('fake-notification-permission') ?? 'default';
  w.__notes = [];
  function Fake(this: any, title: string, options?: { body?: string }) {
    w.__notes.push({ title, body: options?.body });
  }
  Object.defineProperty(Fake, 'permission', { get: () => w.__permission });
  (Fake as any).requestPermission = () => {
    w.__permission = 'granted';
    localStorage.setItem('fake-notification-permission', 'granted');
    return Promise.resolve('granted');
  };
  Fake.prototype.close = () => {};
  w.Notification = Fake;
};


test('a new chat while the agent has another open raises a browser notification, once allowed', async ({ browser }) => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(FAKE_NOTIFICATIONS);
  const agent = await ctx.newPage();
  await signIn(agent);
  await hydrated(agent);
  // Asked for with a button, never on load.
  const enable = agent.getByRole('button', { name: 'Enable notifications' });
  await expect(enable).toBeVisible();
  expect(await agent.evaluate(() => (window as any).__notes.length)).toBe(0);
  await enable.click();
  await expect(enable).toBeHidden();

  // The agent is in a chat when another visitor arrives.
  const first = await (await browser.newContext()).newPage();
  const name = uniqueName('Nia');
  await startChat(first, name, 'Hello?');
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name }).click();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText('Ada Admin joined')).toBeVisible();
  const before = await agent.evaluate(() => (window as any).__notes.length);

  const second = await (await browser.newContext()).newPage();
  await startChat(second, uniqueName('Oto'), 'Hello?');
  await expect.poll(() => agent.evaluate(() => (window as any).__notes.length)).toBeGreaterThan(before);
  const note = await agent.evaluate(() => (window as any).__notes.at(-1));
  expect(note.title).toBe('New chat waiting');
  // The tab title counts what waits.
  await expect(agent).toHaveTitle(/^\(\d+\) /);
});
