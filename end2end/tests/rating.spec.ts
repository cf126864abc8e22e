import { expect } from '@playwright/test';
import { hydrated, signIn, startChat, test, uniqueName } from './helpers';


test('after Close the visitor rates the chat and the agent sees it on the session and the queue', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  const visitor = await (await browser.newContext()).newPage();
  const name = uniqueName('Rae');
  await startChat(visitor, name, 'Is my order shipped?');
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name }).click();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText('Ada Admin joined')).toBeVisible();
  await agent.getByRole('button', { name: 'Close' }).click();

  await expect(visitor.getByText('How was this chat?')).toBeVisible();
  const good = visitor.getByRole('button', { name: 'Good' });
  const send = visitor.getByRole('button', { name: 'Send rating' });
  await expect(send).toBeDisabled();
  await good.click();
  await expect(good).toHaveAttribute('aria-pressed', 'true');
  await expect(visitor.getByRole('button', { name: 'Bad' })).toHaveAttribute('aria-pressed', 'false');
  await visitor.getByLabel('Comment').fill('<b>Fast</b> and kind');
  await visitor.screenshot({ path: 'test-results/screenshots/widget-rating.png' });
  await send.click();
  await expect(visitor.getByText('Thanks for your feedback!')).toBeVisible();
  // It stays rated after a reload (the server says so), and cannot be rated twice.
  await visitor.reload();
  const launcher = visitor.getByRole('button', { name: 'Open chat' });
  await expect(visitor.getByText('Thanks for your feedback!').or(launcher)).toBeVisible();
  if (await launcher.isVisible()) await launcher.click();
  await expect(visitor.getByText('Thanks for your feedback!')).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Send rating' })).toBeHidden();

  await agent.reload();
  const panel = agent.getByRole('complementary', { name: 'Visitor details' });
  await expect(panel).toContainText('Good');
  await expect(panel).toContainText('<b>Fast</b> and kind');
  await agent.screenshot({ path: 'test-results/screenshots/session-rating.png' });
  await agent.goto('/chat/queue?tab=closed');
  await expect(agent.getByRole('row', { name: new RegExp(name) })).toContainText('Good');
  const satisfaction = agent.getByRole('region', { name: 'Satisfaction' });
  await expect(satisfaction.getByRole('row', { name: /Everyone/ })).toContainText('%');
  await expect(satisfaction.getByRole('row', { name: /Ada Admin/ })).toContainText('%');
  await agent.screenshot({ path: 'test-results/screenshots/queue-satisfaction.png', fullPage: true });
});
