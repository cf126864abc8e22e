// Measures what an agent's browser downloads from opening the sign-in page to a working
// (hydrated) Chat Queue: every response's bytes on the wire (compressed bodies plus
// headers), as Chromium reports them. Not a test: scripts/app-size runs it against a
// release server and compares the total with the budget.
//
//   BASE_URL=http://127.0.0.1:3200 EMAIL=… PASSWORD=… node first-load.mjs
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL;
const email = process.env.EMAIL;
const password = process.env.PASSWORD;
if (!base || !email || !password) {
  console.error('usage: BASE_URL=… EMAIL=… PASSWORD=… node first-load.mjs');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const context = await browser.newContext();
const page = await context.newPage();
const rows = [];
page.on('requestfinished', async (request) => {
  const response = await request.response();
  const sizes = await request.sizes();
  const url = new URL(request.url());
  rows.push({
    what: `${request.method()} ${url.pathname}`,
    encoding: (response && (await response.headerValue('content-encoding'))) || '-',
    body: sizes.responseBodySize,
    total: sizes.responseBodySize + sizes.responseHeadersSize,
  });
});

await page.goto(`${base}/sign-in`);
await page.waitForFunction(() => window.__chatHydrated === true);
await page.getByLabel('Email').fill(email);
await page.getByLabel('Password').fill(password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL('**/chat/queue');
await page.getByRole('button', { name: 'Sign out' }).waitFor();
await page.waitForFunction(() => window.__chatHydrated === true);
// Let late requests (lazy chunks, the socket's upgrade) finish and be counted.
await page.waitForLoadState('networkidle');
await browser.close();

let sum = 0;
for (const r of rows) {
  sum += r.total;
  console.log(`${String(r.total).padStart(9)} B  ${r.encoding.padEnd(4)} ${r.what}`);
}
console.log(`first load total: ${sum} B`);
