import { expect, type Page } from '@playwright/test';
import { hostURL } from '../playwright.config';
import { test } from './helpers';

/** The customer's page with the widget in `colour` (the script tag's data-color). */
async function hostPageIn(page: Page, colour: string) {
  await page.goto(`${hostURL}/?color=${encodeURIComponent(colour)}`);
}

/** The colour of the panel's title, as drawn. */
async function titleColour(page: Page) {
  await page.getByRole('button', { name: 'Open chat' }).click();
  const title = page.getByRole('dialog', { name: 'Chat' }).locator('.title');
  await expect(title).toBeVisible();
  return title.evaluate((el) => getComputedStyle(el).color);
}

test('any data-color keeps the text on it readable: white on dark colours, dark on light ones', async ({ browser }) => {
  for (const [colour, ink] of [
    ['#0f766e', 'rgb(255, 255, 255)'],
    ['#fde047', 'rgb(31, 36, 48)'],
    ['lightpink', 'rgb(31, 36, 48)'],
    ['rgb(20, 20, 80)', 'rgb(255, 255, 255)'],
  ]) {
    const page = await (await browser.newContext()).newPage();
    await hostPageIn(page, colour);
    expect(await titleColour(page), colour).toBe(ink);
    if (colour === '#fde047') {
      await page.screenshot({ path: 'test-results/screenshots/widget-light-colour.png' });
    }
  }
});
