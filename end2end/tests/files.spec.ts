import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { hydrated, signIn, startChat, test, uniqueName } from './helpers';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');


/** Whether an <img> has loaded real pixels. */
async function loaded(img: ReturnType<Page['locator']>) {
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
}

test('a visitor sends an image the agent sees as a thumbnail; the agent sends a PDF the visitor downloads', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  const visitor = await (await browser.newContext()).newPage();
  const name = uniqueName('Fay');
  await startChat(visitor, name, 'My order arrived broken');
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name }).click();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(visitor.getByText('Chatting with Ada Admin')).toBeVisible();

  // A real picture: a screenshot of the visitor's own page.
  const png = await visitor.screenshot({ clip: { x: 0, y: 0, width: 160, height: 100 } });
  await expect(visitor.getByRole('button', { name: 'Attach file' })).toBeVisible();
  await visitor.locator('input[type=file]').setInputFiles({ name: 'broken-box.png', mimeType: 'image/png', buffer: png });
  const mine = visitor.getByRole('log').getByRole('img', { name: 'broken-box.png' });
  await expect(mine).toBeVisible();
  await loaded(mine);

  const thumb = agent.getByRole('log').getByRole('img', { name: 'broken-box.png' });
  await expect(thumb).toBeVisible();
  await loaded(thumb);
  await agent.screenshot({ path: 'test-results/screenshots/session-image.png' });

  // A PDF from the agent: a download on the visitor's side, with its name and bytes.
  await agent.locator('input[type=file]').setInputFiles({ name: 'return-label.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(agent.getByRole('log').getByRole('link', { name: /return-label\.pdf/ })).toBeVisible();
  const button = visitor.getByRole('button', { name: 'Download return-label.pdf' });
  await expect(button).toBeVisible();
  await visitor.screenshot({ path: 'test-results/screenshots/widget-files.png' });
  const [download] = await Promise.all([visitor.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('return-label.pdf');
  expect(readFileSync(await download.path())).toEqual(PDF);

  // Dropped on the agent's composer, pasted into the visitor's message field.
  const dropped = await agent.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Order 1234: refund issued\n'], 'refund-notes.txt', { type: 'text/plain' }));
    return dt;
  });
  await agent.locator('.composer-wrap').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(visitor.getByRole('button', { name: 'Download refund-notes.txt' })).toBeVisible();
  await visitor.getByRole('textbox', { name: 'Message' }).evaluate(async (input, bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [...png]);
  const pasted = agent.getByRole('log').getByRole('img', { name: 'image.png' });
  await expect(pasted).toBeVisible();
  await loaded(pasted);

  // A file whose bytes are not what it claims: a clear error, nothing sent.
  await visitor.locator('input[type=file]').setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: PDF });
  await expect(visitor.getByText(/does not match its type/)).toBeVisible();
  await expect(visitor.getByRole('log').getByRole('img', { name: 'cat.png' })).toHaveCount(0);
  await visitor.screenshot({ path: 'test-results/screenshots/widget-file-refused.png' });
  await visitor.getByRole('button', { name: 'Dismiss' }).click();
  await expect(visitor.getByText(/does not match its type/)).toBeHidden();
});
