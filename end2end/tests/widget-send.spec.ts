import { expect, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { hydrated, signIn, test, uniqueName } from './helpers';

const SEND_URL = '**/v1/visitor/messages';
const LIVE_URL = /\/v1\/visitor\/live/;

/** A visitor on the customer's site (another origin) opens the widget and starts a chat. */
async function startChat(page: Page, name: string, message: string) {
  await page.goto(hostURL);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByRole('log').getByText(message)).toBeVisible();
}

async function send(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** The text frames the page sends on the visitor live socket, as they go. */
function liveFramesSent(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    if (LIVE_URL.test(ws.url())) ws.on('framesent', (f) => frames.push(String(f.payload)));
  });
  return frames;
}

const isSendOf = (text: string) => (frame: string) => {
  const f = JSON.parse(frame);
  return f.type === 'send' && f.text === text && typeof f.client_id === 'string';
};

test('the visitor sends over the live socket when it is open, over HTTP when it is not', async ({ browser }) => {
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await signIn(agent);

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  const frames = liveFramesSent(visitor);
  const name = uniqueName('Sam');
  await startChat(visitor, name, 'Can I change my delivery address?');

  // The agent accepts; the visitor hears of it on the live socket, so it is open (`ready`).
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(name) }).getByRole('link').click();
  await expect(agent.getByRole('heading', { level: 1, name })).toBeVisible();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText('Ada Admin joined')).toBeVisible();
  const visitorLog = visitor.getByRole('log');
  await expect(visitorLog.getByText('Ada Admin joined')).toBeVisible();

  // HTTP sends fail from now on: a message that still arrives went over the socket.
  const httpSends: string[] = [];
  await visitor.route(SEND_URL, (route) => {
    httpSends.push(route.request().postData() ?? '');
    return route.abort();
  });
  const overSocket = 'It is 12 Elm Street now';
  await send(visitor, overSocket);
  const agentLog = agent.getByRole('log');
  await expect(agentLog.getByText(overSocket)).toBeVisible();
  await expect(visitorLog.getByText('Sending…')).toHaveCount(0);
  await expect(visitorLog.getByText('Not sent')).toHaveCount(0);
  await expect(visitorLog.getByText(overSocket)).toHaveCount(1);
  expect(frames.filter(isSendOf(overSocket))).toHaveLength(1);
  expect(httpSends).toEqual([]);

  // Stored once: both transcripts, loaded afresh from the server, have it once.
  await agent.reload();
  await expect(agentLog.getByText(overSocket)).toHaveCount(1);
  await visitor.reload();
  await expect(visitorLog.getByText('Can I change my delivery address?')).toBeVisible();
  await expect(visitorLog.getByText(overSocket)).toHaveCount(1);

  // Now the live socket never answers `hello` (it is never open): sends go over HTTP.
  await visitor.unroute(SEND_URL);
  const mockedFrames: string[] = [];
  await visitor.routeWebSocket(LIVE_URL, (ws) => {
    ws.onMessage((m) => mockedFrames.push(String(m)));
  });
  await visitor.reload();
  await expect(visitorLog.getByText(overSocket)).toBeVisible();
  await expect.poll(() => mockedFrames.some((f) => JSON.parse(f).type === 'hello')).toBe(true);
  const overHttp = 'And the flat number is 4';
  const posted = visitor.waitForResponse(
    (r) => r.url().endsWith('/v1/visitor/messages') && r.request().method() === 'POST',
  );
  await send(visitor, overHttp);
  expect((await posted).status()).toBe(200);
  await expect(agentLog.getByText(overHttp)).toBeVisible();
  await expect(visitorLog.getByText('Sending…')).toHaveCount(0);
  await expect(visitorLog.getByText('Not sent')).toHaveCount(0);
  await expect(visitorLog.getByText(overHttp)).toHaveCount(1);
  expect(mockedFrames.filter(isSendOf(overHttp))).toEqual([]);
  await agent.reload();
  await expect(agentLog.getByText(overHttp)).toHaveCount(1);
  await expect(agentLog.getByText(overSocket)).toHaveCount(1);
});
