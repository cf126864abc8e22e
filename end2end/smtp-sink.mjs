// A real SMTP server on loopback for the end-to-end tests: the chat server mails
// transcripts to it (CHAT_SMTP_URL), and the tests read what arrived at
// http://127.0.0.1:SINK_HTTP_PORT/mails (JSON: [{ to, data }]). Nothing leaves the machine.
import { createServer as createTcp } from 'node:net';
import { createServer as createHttp } from 'node:http';

const smtpPort = Number(process.env.SINK_SMTP_PORT ?? 3102);
const httpPort = Number(process.env.SINK_HTTP_PORT ?? 3103);
const mails = [];

createTcp((socket) => {
  socket.setEncoding('utf8');
  let buffer = '';
  let inData = false;
  let data = '';
  let to = [];
  const reply = (line) => socket.write(`${line}\r\n`);
  reply('220 sink.test ESMTP');
  socket.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          mails.push({ to, data });
          data = '';
          to = [];
          reply('250 2.0.0 queued');
        } else {
          data += (line.startsWith('.') ? line.slice(1) : line) + '\r\n';
        }
        continue;
      }
      const command = line.toUpperCase();
      if (command.startsWith('EHLO')) reply('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8');
      else if (command.startsWith('HELO') || command.startsWith('MAIL FROM') || command === 'RSET' || command === 'NOOP') reply('250 OK');
      else if (command.startsWith('RCPT TO')) {
        to.push(line.slice(8).trim().replace(/^</, '').replace(/>$/, ''));
        reply('250 OK');
      } else if (command === 'DATA') {
        inData = true;
        reply('354 go on');
      } else if (command === 'QUIT') {
        reply('221 bye');
        socket.end();
      } else reply('502 not here');
    }
  });
  socket.on('error', () => {});
}).listen(smtpPort, '127.0.0.1');

createHttp((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(req.url === '/mails' ? mails : []));
}).listen(httpPort, '127.0.0.1', () => console.log(`SMTP sink on ${smtpPort}, mails on http://127.0.0.1:${httpPort}/mails`));
