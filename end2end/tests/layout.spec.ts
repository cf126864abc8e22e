import { expect, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { hydrated, newAgent, signIn, test } from './helpers';

/** The page is no wider than the window: nothing scrolls sideways. */
async function fits(page: Page, what: string) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  console.log(`${what} at ${inner}px: page ${scroll}px wide`);
  if (scroll > inner) {
    // Name what sticks out, deepest first, for whoever fixes it.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && e.children.length === 0)
        .slice(0, 6)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().width)}px)`),
    );
    console.log(`  wider than the window: ${wide.join(', ')}`);
  }
  expect(scroll, `${what} at ${inner}px`).toBeLessThanOrEqual(inner);
}

test('a 100-character name breaks no page, at 1280 and at 390 px', async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const longAgent = 'Agent' + 'W'.repeat(95);
  const agent = await newAgent(browser, admin, longAgent);
  const longVisitor = 'V'.repeat(100);

  // A chat from a visitor with the long name, accepted by the agent with one.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(hostURL);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitor.getByRole('textbox', { name: 'Name' }).fill(longVisitor);
  await visitor.getByRole('textbox', { name: 'Message' }).fill('U'.repeat(300));
  await visitor.getByRole('button', { name: 'Start chat' }).click();
  await expect(visitor.getByText('Waiting for an agent…').or(visitor.getByText(/number \d+ in line/))).toBeVisible();
  await agent.page.goto('/chat/queue');
  await hydrated(agent.page);
  await agent.page.getByRole('link', { name: longVisitor }).first().click();
  await hydrated(agent.page);
  await agent.page.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.page.getByRole('log').getByText(`${longAgent} joined`)).toBeVisible();
  const session = agent.page.url();
  await agent.page.getByRole('button', { name: 'Create Ticket' }).click();
  await agent.page.getByRole('dialog', { name: 'Create Ticket' }).getByRole('button', { name: 'Create', exact: true }).click();
  await expect(agent.page.getByRole('link', { name: /View ticket #\d+/ })).toBeVisible();

  const pages = [
    '/chat/queue',
    '/chat/queue?tab=active',
    session,
    '/chat/channels',
    '/chat/folders',
    '/tickets',
    '/contacts',
    '/settings/agents',
    '/settings/live-chat',
    '/settings/canned-responses',
    '/settings/widget',
    '/settings/profile',
  ];
  for (const width of [1280, 390]) {
    await agent.page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    for (const path of pages) {
      await agent.page.goto(path);
      await expect(agent.page.locator('main h1').first()).toBeVisible();
      await fits(agent.page, path);
    }
    // The ticket made from the chat, and the contact.
    await agent.page.goto('/tickets');
    await agent.page.getByRole('row', { name: new RegExp(longVisitor.slice(0, 20)) }).first().getByRole('link').first().click();
    await expect(agent.page.locator('main h1').first()).toBeVisible();
    await fits(agent.page, 'the ticket');
    await agent.page.goto(session);
    await agent.page.screenshot({ path: `test-results/screenshots/long-names-session-${width}.png`, fullPage: true });
  }
  // On the phone, the sidebar is a menu.
  const menu = agent.page.getByRole('button', { name: 'Menu' });
  await expect(menu).toBeVisible();
  await expect(agent.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await agent.page.screenshot({ path: 'test-results/screenshots/phone-menu.png' });
  await agent.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
  await expect(agent.page.getByRole('heading', { level: 1, name: 'Tickets' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await agent.page.screenshot({ path: 'test-results/screenshots/phone-tickets.png', fullPage: true });
});
