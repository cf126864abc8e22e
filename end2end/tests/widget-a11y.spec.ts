import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { hostURL, sinkURL } from '../playwright.config';
import { hydrated, signIn, test, uniqueName } from './helpers';

/**
 * axe-core with the WCAG 2.0–2.2 A and AA rules on the widget (inside its shadow root; the
 * host page around it is a customer's, deliberately garish). No serious or critical
 * violation in any state.
 */
async function axe(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .include('helpdesk-chat')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(
    `axe, widget ${state}: ${results.passes.length} rules pass, ${results.violations.length} violations ` +
      `(${bad.length} serious or critical)${results.violations.map((v) => ` ${v.id}/${v.impact}`).join('')}`,
  );
  expect(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join(', ')}`)).toEqual([]);
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 25 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === (el.getRootNode() as Document | ShadowRoot).activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

test('the widget passes axe in every state and works with the keyboard alone', async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signIn(agent);
  // Reduced motion: axe reads colours after the panel's opening fade, not during it.
  const visitor = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
  const name = uniqueName('Kim');
  await visitor.goto(hostURL);
  const launcher = visitor.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  await axe(visitor, 'closed (launcher)');

  // Open and fill the pre-chat form from the keyboard.
  await tabTo(visitor, launcher);
  await visitor.keyboard.press('Enter');
  const nameField = visitor.getByRole('textbox', { name: 'Name' });
  await expect(nameField).toBeFocused();
  // 16 px text: phones do not zoom into the field.
  expect(await nameField.evaluate((e) => getComputedStyle(e).fontSize)).toBe('16px');
  await axe(visitor, 'pre-chat');
  // An error shows next to its field.
  await visitor.getByRole('button', { name: 'Start chat' }).click();
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(nameField).toHaveAccessibleDescription('Enter your name.');
  await axe(visitor, 'pre-chat with an error');
  await visitor.keyboard.type(name);
  await visitor.keyboard.press('Tab');
  await visitor.keyboard.type('kim@example.com');
  await visitor.keyboard.press('Tab');
  await visitor.keyboard.type('Where is my parcel?');
  await visitor.keyboard.press('Enter');
  const log = visitor.getByRole('log', { name: 'Messages' });
  await expect(log.getByText('Where is my parcel?')).toBeVisible();
  await expect(visitor.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await axe(visitor, 'waiting');

  // New messages are announced: the log is a polite live region.
  await expect(log).toHaveAttribute('aria-live', 'polite');
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name }).click();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await agent.getByRole('textbox', { name: 'Message' }).fill('It ships today.');
  await agent.keyboard.press('Enter');
  await expect(log.getByText('It ships today.')).toBeVisible();
  await visitor.keyboard.type('Thanks!');
  await visitor.keyboard.press('Enter');
  await expect(log.getByText('Thanks!')).toBeVisible();
  await axe(visitor, 'conversation');

  // End the chat, rate it, ask for the transcript: all from the keyboard.
  const end = visitor.getByRole('button', { name: 'End chat' });
  await tabTo(visitor, end, { back: true });
  await visitor.keyboard.press('Enter');
  await expect(visitor.getByRole('button', { name: 'Yes, end chat' })).toBeFocused();
  await axe(visitor, 'asking to end');
  await visitor.keyboard.press('Enter');
  await expect(visitor.getByText('How was this chat?')).toBeVisible();
  await axe(visitor, 'closed chat (rating)');
  const good = visitor.getByRole('button', { name: 'Good' });
  await tabTo(visitor, good, { back: true });
  await visitor.keyboard.press('Space');
  await expect(good).toHaveAttribute('aria-pressed', 'true');
  await tabTo(visitor, visitor.getByRole('textbox', { name: 'Comment' }));
  await visitor.keyboard.type('Quick answer');
  await tabTo(visitor, visitor.getByRole('button', { name: 'Send rating' }));
  await visitor.keyboard.press('Enter');
  await expect(visitor.getByText('Thanks for your feedback!')).toBeVisible();

  const email = visitor.getByRole('textbox', { name: 'Email' });
  await expect(email).toHaveValue('kim@example.com');
  await tabTo(visitor, visitor.getByRole('button', { name: 'Email me a transcript' }));
  await visitor.keyboard.press('Enter');
  await expect(visitor.getByText('We are sending the transcript to kim@example.com.')).toBeVisible();
  await axe(visitor, 'rated, transcript sent');
  await visitor.screenshot({ path: 'test-results/screenshots/widget-transcript.png' });

  // The mail reaches the SMTP server once, with the conversation and without notes.
  await expect
    .poll(async () => {
      const mails: { to: string[]; data: string }[] = await (await fetch(`${sinkURL}/mails`)).json();
      return mails.filter((m) => m.to.includes('kim@example.com')).length;
    })
    .toBe(1);

  // Escape closes the panel and the focus goes back to the launcher.
  await visitor.keyboard.press('Escape');
  await expect(launcher).toBeFocused();
});

test('the offline form passes axe', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin);
  const setHours = async (closed: boolean) => {
    await admin.goto('/settings/live-chat');
    await hydrated(admin);
    const on = admin.getByLabel('Business hours', { exact: true });
    if (closed) {
      await on.check();
      await admin.getByLabel('Time zone').fill('Europe/Berlin');
      for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
        await admin.getByLabel(`${day} opens`).fill('');
        await admin.getByLabel(`${day} closes`).fill('');
      }
    } else {
      await on.uncheck();
    }
    await admin.getByRole('button', { name: 'Save business hours' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Saved: ' }).last()).toBeVisible();
  };
  await setHours(true);
  try {
    const visitor = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
    await visitor.goto(hostURL);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await expect(visitor.getByRole('button', { name: 'Leave a message' })).toBeVisible();
    await axe(visitor, 'offline form');
    await visitor.getByRole('button', { name: 'Leave a message' }).click();
    await expect(visitor.getByRole('alert')).toBeVisible();
    await axe(visitor, 'offline form with an error');
  } finally {
    await setHours(false);
  }
});
