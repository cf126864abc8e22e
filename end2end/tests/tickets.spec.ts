import { expect } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { hydrated, signIn, test, uniqueEmail, uniqueName } from './helpers';

test('Create Ticket turns a chat into a ticket with the whole transcript, shown as text', async ({ browser }) => {
  const tag = uniqueName('x').split(' ')[1];
  const evilName = `<img src=x onerror=alert(1)> ${tag}`;
  const email = uniqueEmail('teapot');
  const dialogs: string[] = [];

  const visitorCtx = await browser.newContext();
  const visitor = await visitorCtx.newPage();
  visitor.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await visitor.goto(hostURL);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitor.getByRole('textbox', { name: 'Name' }).fill(evilName);
  await visitor.getByRole('textbox', { name: 'Email' }).fill(email.toUpperCase());
  await visitor.getByRole('textbox', { name: 'Message' }).fill('My teapot arrived broken, the lid is missing entirely');
  await visitor.getByRole('button', { name: 'Start chat' }).click();

  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  agent.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await signIn(agent);
  await agent.goto('/chat/queue');
  await hydrated(agent);
  await agent.getByRole('row', { name: new RegExp(tag) }).getByRole('link').click();
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('log').getByText('Ada Admin joined')).toBeVisible();
  await agent.getByRole('textbox', { name: 'Message' }).fill('Sorry about that! Could you send a photo?');
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('log').getByText('Could you send a photo?')).toBeVisible();
  await visitor.getByRole('textbox', { name: 'Message' }).fill('Sure: https://img.example/teapot.jpg');
  await visitor.getByRole('button', { name: 'Send' }).click();
  await expect(agent.getByRole('log').getByText('https://img.example/teapot.jpg')).toBeVisible();

  await agent.getByRole('button', { name: 'Create Ticket' }).click();
  const dialog = agent.getByRole('dialog', { name: 'Create Ticket' });
  await expect(dialog.getByRole('textbox', { name: 'Subject' })).toHaveValue('My teapot arrived broken, the lid is missing entirely');
  await dialog.getByRole('textbox', { name: 'Subject' }).fill(`Broken teapot ${tag}`);
  await dialog.getByRole('button', { name: 'Create' }).click();
  const viewTicket = agent.getByRole('link', { name: /^View ticket #\d+$/ });
  await expect(viewTicket).toBeVisible();
  const number = (await viewTicket.textContent())!.replace('View ticket ', '');

  await viewTicket.click();
  await expect(agent.getByRole('heading', { level: 1, name: `${number} Broken teapot ${tag}` })).toBeVisible();
  await expect(agent.getByRole('link', { name: evilName })).toBeVisible();
  await expect(agent.getByText(`<${email}>`, { exact: true })).toBeVisible();
  const description = agent.locator('pre.description');
  await expect(description).toContainText(`Visitor: ${evilName} <${email}>`);
  await expect(description).toContainText(`${evilName}: My teapot arrived broken, the lid is missing entirely`);
  await expect(description).toContainText('Ada Admin joined');
  await expect(description).toContainText('Ada Admin: Sorry about that! Could you send a photo?');
  await expect(description).toContainText(`${evilName}: Sure: https://img.example/teapot.jpg`);
  await expect(agent.locator('img')).toHaveCount(0);
  await agent.screenshot({ path: 'test-results/screenshots/ticket.png', fullPage: true });

  // The ticket links back to the chat, and the chat to the ticket.
  await agent.getByRole('link', { name: 'View chat session' }).click();
  await expect(agent.getByRole('link', { name: `View ticket ${number}` })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Create Ticket' })).toHaveCount(0);

  // The contact (matched by email whatever its case) lists the ticket.
  await agent.goto(`/contacts?q=${encodeURIComponent(email)}`);
  await agent.getByRole('link', { name: evilName }).click();
  await expect(agent.getByRole('link', { name: `Broken teapot ${tag}` })).toBeVisible();
  await agent.screenshot({ path: 'test-results/screenshots/contact.png', fullPage: true });

  // And it is on the Tickets page, found by its number.
  await agent.goto(`/tickets?q=${encodeURIComponent(number)}`);
  await expect(agent.getByRole('row', { name: new RegExp(`Broken teapot ${tag}`) })).toBeVisible();
  expect(dialogs).toEqual([]);
  await visitorCtx.close();
  await agentCtx.close();
});

test('agents create tickets and contacts by hand, with clear errors', async ({ page }) => {
  await signIn(page);
  await page.goto('/tickets/new');
  await hydrated(page);
  const tag = uniqueName('t').split(' ')[1];
  await page.getByLabel('Subject').fill(`VPN is down ${tag}`);
  await page.getByLabel('Description').fill('Since 9am <script>alert(1)</script>');
  await page.getByLabel('Requester name').fill('Dana');
  // The browser accepts this address; the server does not (no dot in the domain).
  await page.getByLabel('Requester email').fill('dana@localhost');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await page.getByLabel('Requester email').fill(uniqueEmail('dana'));
  await page.getByLabel('Priority', { exact: true }).selectOption('urgent');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`VPN is down ${tag}`) })).toBeVisible();
  await expect(page.locator('pre.description')).toHaveText('Since 9am <script>alert(1)</script>');
  // The new ticket's page (a page load): Save answers in place once it has hydrated.
  await hydrated(page);
  await page.getByLabel('Status', { exact: true }).selectOption('pending');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.goto('/tickets?status=pending');
  await expect(page.getByRole('row', { name: new RegExp(`VPN is down ${tag}`) })).toBeVisible();

  await page.goto('/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name').fill(`Erin ${tag}`);
  await page.getByLabel('Company').fill('Acme');
  await page.getByRole('button', { name: 'Create contact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Erin ${tag}` })).toBeVisible();
});
