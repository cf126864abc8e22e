import { expect } from '@playwright/test';
import { baseURL, hostURL } from '../playwright.config';
import { test } from './helpers';

// The budgets of the widget (issue: launcher ≤ 5 KB gzip, first open ≤ 100 KB gzip).
const LAUNCHER_BUDGET = 5 * 1024;
const FIRST_OPEN_BUDGET = 100 * 1024;

test('the widget downloads within its size budget (printed)', async ({ page }) => {
  // What the browser receives from the chat server, as sent (compressed).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const received = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  // Bytes on the wire per response (headers and compressed body).
  cdp.on('Network.loadingFinished', (e) => received.set(e.requestId, e.encodedDataLength));
  const fromServer = () => {
    let total = 0;
    const files: string[] = [];
    for (const [id, url] of urls) {
      if (!url.startsWith(baseURL) || !/\.(js|wasm)(\?|$)/.test(url)) continue;
      total += received.get(id) ?? 0;
      files.push(`${new URL(url).pathname} ${received.get(id) ?? 0} B`);
    }
    return { total, files };
  };

  await page.goto(hostURL);
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  await page.waitForLoadState('networkidle');
  const loader = fromServer();
  await launcher.click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const open = fromServer();
  console.log(
    `widget size: launcher ${loader.total} B of ${LAUNCHER_BUDGET} (${loader.files.join(', ')}); ` +
      `everything on first open ${open.total} B of ${FIRST_OPEN_BUDGET} (${open.files.join(', ')})`,
  );
  expect(loader.total).toBeGreaterThan(0);
  expect(loader.total).toBeLessThanOrEqual(LAUNCHER_BUDGET);
  expect(open.total).toBeLessThanOrEqual(FIRST_OPEN_BUDGET);
});
