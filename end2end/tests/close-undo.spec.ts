import { expect } from '@playwright/test';
import { hydrated, signIn, startChat, test, uniqueName } from './helpers';


test('Close asks nothing and can be undone; a closed chat reopens and the widget is live again', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  const visitor = await (await browser.newContext()).newPage();
  const name = uniqueName('Uma');
  await startChat(visitor, name, 'Can I change my address?');
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name }).click();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  const agentLog = agent.getByRole('log');
  await expect(agentLog.getByText('Ada Admin joined')).toBeVisible();

  await agent.getByRole('button', { name: 'Close' }).click();
  const undo = agent.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeVisible();
  await expect(agent.getByText('Chat closed.')).toBeVisible();
  await expect(visitor.getByText('This chat has ended.')).toBeVisible();
  await agent.screenshot({ path: 'test-results/screenshots/session-undo.png' });
  await undo.click();
  await expect(agentLog.getByText('Chat reopened by Ada Admin')).toBeVisible();
  await expect(agent.getByText('Active', { exact: true })).toBeVisible();
  // The visitor's widget, still open, is a conversation again.
  await expect(visitor.getByRole('log').getByText('Chat reopened by Ada Admin')).toBeVisible();
  await visitor.getByRole('textbox', { name: 'Message' }).fill('Yes: 5 Main St');
  await visitor.keyboard.press('Enter');
  await expect(agentLog.getByText('Yes: 5 Main St')).toBeVisible();

  // Closed for good once Undo has gone; Reopen brings it back later.
  await agent.getByRole('button', { name: 'Close' }).click();
  await expect(undo).toBeVisible();
  await expect(undo).toBeHidden({ timeout: 15_000 });
  const reopen = agent.getByRole('button', { name: 'Reopen' });
  await expect(reopen).toBeVisible();
  await agent.screenshot({ path: 'test-results/screenshots/session-reopen.png' });
  await reopen.click();
  await expect(agentLog.getByText('Chat reopened by Ada Admin')).toHaveCount(2);
  await expect(visitor.getByRole('textbox', { name: 'Message' })).toBeVisible();
});
