import { expect } from '@playwright/test';
import { chatBadge, hydrated, newAgent, signIn, test, uniqueName } from './helpers';

test('private channels in folders, live unread counts, replies, slash commands', async ({ browser }) => {
  // Three agents and the suite's first pages (a cold browser and server): 14 s here, 39 s
  // once on a loaded CI machine.
  test.setTimeout(90_000);
  const tag = uniqueName('t').split(' ')[1];
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin);
  const bob = await newAgent(browser, admin, `Bob ${tag}`);
  const cy = await newAgent(browser, admin, `Cy ${tag}`);

  // Bob watches his channel list: the new channel must appear without a reload.
  await bob.page.goto('/chat/channels');
  await hydrated(bob.page);

  // Admin: a folder, then a private channel in it with Bob.
  await admin.goto('/chat/folders');
  await hydrated(admin);
  await admin.getByLabel('Folder name').fill(`Engineering ${tag}`);
  await admin.getByRole('button', { name: 'New Folder' }).click();
  await expect(admin.getByText(`Engineering ${tag}`, { exact: true })).toBeVisible();
  await admin.screenshot({ path: 'test-results/screenshots/folders.png', fullPage: true });

  await admin.goto('/chat/channels');
  await hydrated(admin);
  await admin.getByRole('button', { name: '+ New Channel' }).click();
  // The name becomes a channel name as it is typed.
  await admin.getByLabel('Name').pressSequentially('Tier 2 Escalations!');
  await expect(admin.getByLabel('Name')).toHaveValue('tier-2-escalations-');
  await admin.getByLabel('Name').fill(`#Infra-${tag}`);
  await admin.getByLabel('Description').fill('Servers, deploys and fires');
  await admin.getByLabel('Folder').selectOption({ label: `Engineering ${tag}` });
  await admin.getByLabel('Private').check();
  // Members: type part of a name, Enter picks it; a chip can be removed again.
  const members = admin.getByRole('combobox', { name: 'Members' });
  await members.fill(`bob ${tag}`.toLowerCase());
  await expect(admin.getByRole('option', { name: `Bob ${tag}` })).toBeVisible();
  await members.press('Enter');
  await expect(admin.getByRole('button', { name: `Remove Bob ${tag}` })).toBeVisible();
  await admin.screenshot({ path: 'test-results/screenshots/new-channel.png' });
  await admin.getByRole('button', { name: 'Create' }).click();
  const channelName = `#infra-${tag.toLowerCase()}`;
  await expect(admin.getByRole('heading', { level: 1, name: channelName })).toBeVisible();
  await hydrated(admin);
  const bobChatBadge = await chatBadge(bob.page);
  await admin.getByRole('textbox', { name: 'Message' }).fill(`Deploy at **5pm** today, @${bob.handle} can you watch it?`);
  await admin.getByRole('button', { name: 'Send' }).click();
  // Once: the copy on its way ("Sending…") gives way to the stored post. (Behind two
  // instances the live copy may arrive before the answer; both show for that moment.)
  await expect(admin.getByRole('log').getByText('can you watch it?')).toHaveCount(1);

  // Bob: it appeared under its folder with one unread message (a mention too).
  const folder = bob.page.getByRole('region', { name: `Engineering ${tag}` });
  const link = folder.getByRole('link', { name: new RegExp(channelName) });
  await expect(link).toBeVisible();
  await expect(folder.getByLabel('1 unread')).toBeVisible();
  await expect(folder.getByLabel('1 mentions')).toBeVisible();
  // The sidebar counts it too, live: Channels shows 1 unread.
  await expect(bob.page.locator('.nav-count')).toHaveText('1');
  // The channel is in the sidebar, bold; the mention has its own badge, not the Chat one.
  const nav = bob.page.getByRole('navigation', { name: 'Main' });
  const inSidebar = nav.getByRole('link', { name: channelName, exact: true });
  await expect(inSidebar).toBeVisible();
  await expect(inSidebar).toHaveClass(/nav-channel-unread/);
  await expect(nav.locator('[data-badge="mentions"]')).toContainText('@1');
  expect(await chatBadge(bob.page)).toBe(bobChatBadge);
  await bob.page.screenshot({ path: 'test-results/screenshots/channels.png', fullPage: true });
  await link.click();
  await expect(bob.page.getByRole('log').getByText('can you watch it?')).toBeVisible();
  await expect(bob.page.getByRole('log').locator('strong', { hasText: '5pm' })).toBeVisible();
  await hydrated(bob.page);
  await bob.page.getByRole('textbox', { name: 'Message' }).fill('On it 👍');
  await bob.page.keyboard.press('Enter');
  await expect(admin.getByRole('log').getByText('On it 👍')).toBeVisible();
  // Read: the unread count is gone.
  await bob.page.goto('/chat/channels');
  await expect(bob.page.getByRole('main').getByRole('link', { name: new RegExp(channelName) })).toBeVisible();
  await expect(bob.page.getByLabel('1 unread')).toHaveCount(0);
  await expect(nav.locator('[data-badge="mentions"]')).toBeHidden();

  // Cy is not a member: she does not see it, not even by address.
  await cy.page.goto('/chat/channels');
  await expect(cy.page.getByRole('heading', { level: 1, name: 'Channels' })).toBeVisible();
  await expect(cy.page.getByRole('link', { name: new RegExp(channelName) })).toHaveCount(0);
  await cy.page.goto(admin.url());
  await expect(cy.page.getByText('No such channel.')).toBeVisible();

  // `@bo` offers Bob (a member), Enter puts his handle in.
  const mention = admin.getByRole('textbox', { name: 'Message' });
  await mention.fill('Thanks @bo');
  const people = admin.getByRole('listbox', { name: 'Members' });
  await expect(people.getByRole('option', { name: new RegExp(`@${bob.handle}.*Bob ${tag}`) })).toBeVisible();
  await admin.screenshot({ path: 'test-results/screenshots/channel-mention-picker.png' });
  await mention.press('Enter');
  await expect(mention).toHaveValue(`Thanks @${bob.handle} `);
  await mention.fill('');

  // Slash commands: the autocomplete, /ticket, /contact.
  const composer = admin.getByRole('textbox', { name: 'Message' });
  await composer.fill('/');
  const commands = admin.getByRole('listbox', { name: 'Commands' });
  await expect(commands).toBeVisible();
  await expect(commands.getByRole('option').first()).toHaveText(/^\/ticket/);
  await composer.press('ArrowDown');
  await expect(commands.getByRole('option', { name: /^\/contact/ })).toHaveAttribute('aria-selected', 'true');
  await composer.fill(`/ticket Printer on fire ${tag}`);
  await composer.press('Enter');
  const notice = admin.getByRole('log').getByRole('link', { name: new RegExp(`created ticket #\\d+: Printer on fire ${tag}`) });
  await expect(notice).toBeVisible();
  await expect(bob.page.getByRole('main').getByRole('link', { name: new RegExp(channelName) })).toBeVisible();

  await composer.fill('/contact nobody-at-all');
  await composer.press('Enter');
  const note = admin.getByRole('status', { name: 'Only you can see this' });
  await expect(note).toContainText('No contacts match “nobody-at-all”.');
  await admin.screenshot({ path: 'test-results/screenshots/channel.png', fullPage: true });
  await composer.fill('/shrug');
  await composer.press('Enter');
  await expect(admin.getByRole('alert').filter({ hasText: 'Unknown command /shrug' })).toBeVisible();

  // Bob sees the ticket notice but neither the /contact answer nor the refused command.
  await bob.page.goto(admin.url());
  await expect(bob.page.getByRole('log').getByRole('link', { name: new RegExp(`Printer on fire ${tag}`) })).toBeVisible();
  await expect(bob.page.getByText('nobody-at-all')).toHaveCount(0);
  await expect(bob.page.getByText('/shrug')).toHaveCount(0);

  await admin.goto(`/tickets?q=${encodeURIComponent(`Printer on fire ${tag}`)}`);
  await expect(admin.getByRole('row', { name: new RegExp(`Printer on fire ${tag}`) })).toBeVisible();

  await adminCtx.close();
  await bob.page.context().close();
  await cy.page.context().close();
});

test('a failed send can be retried once; commands are picked with a click; // posts text; /help answers privately', async ({ page }) => {
  // The agent socket passes through a proxy that can hold back the live copy of one post.
  let holdBack: string | null = null;
  await page.routeWebSocket(/\/ws\/agent/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (holdBack === null || !String(m).includes(holdBack)) ws.send(m);
    });
  });
  await signIn(page);
  await page.goto('/chat/channels');
  await hydrated(page);
  // A public channel of its own, so the test can repeat.
  await page.getByRole('button', { name: '+ New Channel' }).click();
  const name = `general-${uniqueName('g').split(' ')[1].toLowerCase()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `#${name}` })).toBeVisible();
  await hydrated(page);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('//not a command');
  await composer.press('Enter');
  await expect(page.getByRole('log').getByText('/not a command')).toHaveCount(1);

  // The answer is lost (the server stored the post, the network dropped the reply) but the
  // live copy arrives: the post is shown once, as sent, with nothing to retry.
  let reachedServer = 0;
  const failAnswers = async (route: import('@playwright/test').Route) => {
    const res = await route.fetch();
    expect(res.status()).toBe(200);
    reachedServer += 1;
    await route.abort('internetdisconnected');
  };
  await page.route('**/api/post_channel_message', failAnswers);
  await composer.fill('answer lost, copy arrived');
  await composer.press('Enter');
  await expect(page.getByRole('log').getByText('answer lost, copy arrived')).toHaveCount(1);
  await expect(page.getByText('Sending…')).toHaveCount(0);
  await expect(page.getByText(/^Not sent:/)).toHaveCount(0);
  expect(reachedServer).toBe(1);

  // The answer is lost and the live copy held back: "Not sent" keeps the message; Retry
  // sends the same client id again and the server stores it once.
  holdBack = 'sent while offline';
  await composer.fill('sent while offline');
  await composer.press('Enter');
  await expect(page.getByText(/^Not sent:/)).toBeVisible();
  expect(reachedServer).toBe(2);
  await page.unroute('**/api/post_channel_message');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText(/^Not sent:/)).toHaveCount(0);
  await expect(page.getByRole('log').getByText('sent while offline')).toHaveCount(1);
  holdBack = null;
  await page.reload();
  await expect(page.getByRole('log').getByText('sent while offline')).toHaveCount(1);
  await hydrated(page);

  await composer.fill('/he');
  await page.getByRole('option', { name: /^\/help/ }).click();
  await expect(composer).toHaveValue('/help');
  await composer.press('Enter');
  await expect(page.getByRole('status', { name: 'Only you can see this' })).toContainText('/ticket <subject> — Create a ticket');
});

test('the edit keys: ↑ edits my last message, Enter saves, Esc cancels; Delete asks first; one name over consecutive messages', async ({ page }) => {
  await signIn(page);
  await page.goto('/chat/channels');
  await hydrated(page);
  await page.getByRole('button', { name: '+ New Channel' }).click();
  const name = `edits-${uniqueName('e').split(' ')[1].toLowerCase()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `#${name}` })).toBeVisible();
  await hydrated(page);
  const log = page.getByRole('log');
  const composer = page.getByRole('textbox', { name: 'Message' });
  for (const text of ['first line', 'second line']) {
    await composer.fill(text);
    await composer.press('Enter');
    await expect(log.getByText(text)).toBeVisible();
  }
  // Grouped: the author's name shows once over the two.
  await expect(log.locator('.msg-channel:not(.msg-continued)')).toHaveCount(1);
  await expect(log.locator('.msg-continued')).toHaveCount(1);

  await composer.press('ArrowUp');
  const editor = page.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('second line');
  await editor.fill('second line, fixed');
  await editor.press('Enter');
  await expect(log.getByText('second line, fixed')).toBeVisible();
  await expect(log.getByText('(edited)')).toBeVisible();
  await composer.press('ArrowUp');
  await expect(editor).toBeFocused();
  await editor.fill('never saved');
  await editor.press('Escape');
  await expect(editor).toBeHidden();
  await expect(log.getByText('never saved')).toHaveCount(0);

  // Actions appear on hover; Delete asks before it deletes.
  const first = log.locator('.msg-channel', { hasText: 'first line' });
  await first.hover();
  await first.getByRole('button', { name: 'Delete' }).click();
  await expect(first.getByText('Delete this message?')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/channel-delete-confirm.png' });
  await first.getByRole('button', { name: 'Keep' }).click();
  await expect(log.getByText('first line')).toBeVisible();
  await first.hover();
  await first.getByRole('button', { name: 'Delete' }).click();
  await first.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(log.getByText('This message was deleted.')).toBeVisible();
});
