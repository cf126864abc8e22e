import { expect } from '@playwright/test';
import { hydrated, signIn, startChat, test, uniqueName } from './helpers';

// The Queue reloads its rows whenever the queue changes. A row must stay the element it was:
// a row that moved up must not become another chat under the pointer, and the keyboard
// focus on a row must survive a change elsewhere in the list.
test('a queue change keeps every other row, and the focus on it, in place', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  const [first, second] = [uniqueName('Ida'), uniqueName('Jon')];
  const firstVisitor = await (await browser.newContext()).newPage();
  await startChat(firstVisitor, first, 'First in line');
  const secondVisitor = await (await browser.newContext()).newPage();
  await startChat(secondVisitor, second, 'Second in line');

  await agent.goto('/chat/queue');
  await hydrated(agent);
  const secondLink = agent.getByRole('row', { name: new RegExp(second) }).getByRole('link', { name: second });
  await expect(secondLink).toBeVisible();
  const href = await secondLink.getAttribute('href');
  await secondLink.evaluate((a) => { (a as HTMLElement).dataset.probe = 'kept'; });
  await secondLink.focus();

  // The first visitor leaves: their row goes, the second's moves up.
  await firstVisitor.getByRole('button', { name: 'End chat' }).click();
  await firstVisitor.getByRole('button', { name: 'Yes, end chat' }).click();
  await expect(agent.getByRole('row', { name: new RegExp(first) })).toHaveCount(0);

  const kept = agent.locator('a[data-probe="kept"]');
  await expect(kept).toHaveText(second);
  await expect(kept).toHaveAttribute('href', href!);
  await expect(kept).toBeFocused();
  // A new chat arriving does not touch it either.
  const third = uniqueName('Kim');
  await startChat(await (await browser.newContext()).newPage(), third, 'Third in line');
  await expect(agent.getByRole('row', { name: new RegExp(third) })).toBeVisible();
  await expect(kept).toHaveText(second);
  await expect(kept).toBeFocused();
});
