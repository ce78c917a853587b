import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';

/**
 * A small SMTP server that accepts every mail and keeps it: enough of RFC 5321 for nodemailer
 * (EHLO, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT; no TLS, no AUTH), and enough MIME
 * to read back the text and HTML parts. The SMTP transport's tests send through it, and the
 * browser journeys' production server mails through it (scripts/e2e.ts): each mail is written
 * as JSON into `dir`, where tests/e2e/support/mailbox.ts reads it.
 */
export type CapturedMail = {
  /** The envelope's recipients (RCPT TO). */
  recipients: string[];
  /** The envelope's sender (MAIL FROM). */
  sender: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  /** The X-Entitle-Template header: which template rendered it. */
  template: string;
  /** The message as received. */
  raw: string;
  receivedAt: string;
};

export type SmtpCapture = {
  url: string;
  port: number;
  mails: CapturedMail[];
  close(): Promise<void>;
};

export async function startSmtpCapture(options: { host?: string; port?: number; dir?: string } = {}): Promise<SmtpCapture> {
  const host = options.host ?? '127.0.0.1';
  const mails: CapturedMail[] = [];
  const sockets = new Set<Socket>();
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  let count = 0;

  const keep = (mail: CapturedMail) => {
    mails.push(mail);
    if (!options.dir) return;
    count += 1;
    // Named so a directory listing sorts in the order received.
    const name = `${String(Date.now()).padStart(15, '0')}-${String(count).padStart(6, '0')}.json`;
    const file = path.join(options.dir, name);
    writeFileSync(`${file}.tmp`, JSON.stringify(mail));
    // Renamed into place, so a reader never sees half a file.
    renameSync(`${file}.tmp`, file);
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let sender = '';
    let recipients: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 smtp-capture ESMTP ready');

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          const atStart = buffer.startsWith('.\r\n');
          if (end < 0 && !atStart) return;
          const body = atStart ? '' : buffer.slice(0, end);
          buffer = atStart ? buffer.slice(3) : buffer.slice(end + 5);
          inData = false;
          const raw = body.replace(/^\.\./gm, '.');
          keep({ ...parseMessage(raw), recipients, sender, raw, receivedAt: new Date().toISOString() });
          sender = '';
          recipients = [];
          reply('250 2.0.0 kept');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          reply('250-smtp-capture');
          reply('250-8BITMIME');
          reply('250-SMTPUTF8');
          reply('250 PIPELINING');
        } else if (verb === 'HELO') reply('250 smtp-capture');
        else if (verb === 'MAIL') {
          sender = addressIn(line);
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          recipients.push(addressIn(line));
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') {
          sender = '';
          recipients = [];
          reply('250 2.0.0 ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
          return;
        } else reply('502 5.5.2 not implemented');
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://${host}:${port}`,
    port,
    mails,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function addressIn(line: string): string {
  return /<([^>]*)>/.exec(line)?.[1] ?? line.slice(line.indexOf(':') + 1).trim();
}

type Part = { headers: Record<string, string>; body: string };

function splitPart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  // Folded header lines continue with whitespace.
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return part.body;
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const joined = body.replace(/=\r\n/g, '');
  for (let i = 0; i < joined.length; i += 1) {
    const char = joined[i] ?? '';
    const hex = joined.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / ?B?), which nodemailer uses for non-ASCII headers. */
function decodeHeader(value: string): string {
  return value.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi, (_, _charset: string, kind: string, text: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function parseMessage(raw: string): Pick<CapturedMail, 'headers' | 'subject' | 'text' | 'html' | 'template'> {
  const top = splitPart(raw);
  let text = '';
  let html = '';
  const visit = (part: Part) => {
    const type = part.headers['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      const pieces = part.body.split(`--${boundary}`).slice(1);
      for (const piece of pieces) {
        if (piece.startsWith('--')) break;
        visit(splitPart(piece.replace(/^\r\n/, '')));
      }
    } else if (type.toLowerCase().startsWith('text/html')) html = decodeBody(part).replace(/\r\n$/, '');
    else if (type.toLowerCase().startsWith('text/plain')) text = decodeBody(part).replace(/\r\n$/, '').replace(/\r\n/g, '\n');
  };
  visit(top);
  return {
    headers: top.headers,
    subject: decodeHeader(top.headers.subject ?? ''),
    text,
    html,
    template: top.headers['x-entitle-template'] ?? '',
  };
}
