// Serves end2end/host/index.html on its own port: a customer's website on another origin
// than the chat server, embedding the widget with its one script tag.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.HOST_PORT ?? 3101);
const widgetOrigin = process.env.WIDGET_ORIGIN ?? 'http://127.0.0.1:3100';
const here = dirname(fileURLToPath(import.meta.url));
const page = readFileSync(join(here, 'host', 'index.html'), 'utf8').replaceAll('__WIDGET_ORIGIN__', widgetOrigin);

createServer((req, res) => {
  if (req.url === '/' || req.url?.startsWith('/?') || req.url?.startsWith('/orders')) {
    // `?color=…` draws the widget in another colour (only colour-like characters pass).
    const colour = new URL(req.url, 'http://host').searchParams.get('color');
    const body = colour && /^[#a-zA-Z0-9(), .%]{1,40}$/.test(colour)
      ? page.replace(/data-color="[^"]*"/, `data-color="${colour}"`)
      : page;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  } else if (req.url === '/blank') {
    // A site before its developer pastes the embed code (tests write the code in).
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><head><title>Blank shop</title></head><body><h1>Shop</h1></body></html>');
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`host page on http://127.0.0.1:${port}`));
