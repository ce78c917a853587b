import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { linksIn } from '@/lib/mail/message';
import { createMailTransport } from '@/lib/mail/transports';
import { resetPasswordMail } from '@/lib/mail/templates/reset-password';
import { startSmtpCapture, type SmtpCapture } from '@/tests/support/smtp-capture';
import { latestMail } from '@/tests/support/mailbox';

const from = 'Entitle <no-reply@entitle.example>';
const message = resetPasswordMail({ to: 'ada@example.com', url: 'https://entitle.example/reset-password?token=abc_DEF-123' });

describe('choosing the transport (lib/env.ts)', () => {
  it('uses SMTP with SMTP_URL, Resend with RESEND_API_KEY, nothing with MAIL=disabled, else the local mailbox', () => {
    expect(parseEnv({ NODE_ENV: 'test', SMTP_URL: 'smtp://mail.example:25' }).mail).toEqual({
      transport: 'smtp',
      smtpUrl: 'smtp://mail.example:25',
      from: 'Entitle <no-reply@localhost>',
    });
    expect(parseEnv({ NODE_ENV: 'test', RESEND_API_KEY: 're_123', MAIL_FROM: from }).mail).toEqual({ transport: 'resend', resendApiKey: 're_123', from });
    expect(parseEnv({ NODE_ENV: 'test', MAIL: 'disabled' }).mail.transport).toBe('disabled');
    expect(parseEnv({ NODE_ENV: 'development', AUTH_SECRET: 'x'.repeat(40) }).mail.transport).toBe('mailbox');
    expect(parseEnv({ NODE_ENV: 'test' }).mail.transport).toBe('mailbox');
  });
});

describe('SMTP transport', () => {
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('delivers the text and HTML parts to a real SMTP server, with the sender and template, and nothing in the mailbox', async () => {
    const transport = createMailTransport({ transport: 'smtp', smtpUrl: smtp.url, from });
    await transport.send({ ...message, from });
    const [mail] = smtp.mails;
    expect(mail?.recipients).toEqual(['ada@example.com']);
    expect(mail?.sender).toBe('no-reply@entitle.example');
    expect(mail?.headers.from).toBe(from);
    expect(mail?.subject).toBe(message.subject);
    expect(mail?.template).toBe('reset-password');
    expect(mail?.text).toBe(message.text);
    expect(mail?.html).toBe(message.html);
    expect(linksIn(mail?.text ?? '')).toEqual(['https://entitle.example/reset-password?token=abc_DEF-123']);
    expect(await latestMail('ada@example.com')).toBeUndefined();
  });

  it('fails the send when the server is not there', async () => {
    const gone = await startSmtpCapture();
    await gone.close();
    const transport = createMailTransport({ transport: 'smtp', smtpUrl: gone.url, from });
    await expect(transport.send({ ...message, from })).rejects.toThrow();
  });
});

describe('Resend transport', () => {
  const received: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
  let answer = { status: 200, body: { id: 'email_123' } as object };
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  let previousBaseUrl: string | undefined;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Resend's SDK reads its API's address from RESEND_BASE_URL: the real SDK, our stand-in API.
    previousBaseUrl = process.env.RESEND_BASE_URL;
    process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (previousBaseUrl === undefined) delete process.env.RESEND_BASE_URL;
    else process.env.RESEND_BASE_URL = previousBaseUrl;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("posts the mail to Resend's /emails with the key", async () => {
    const transport = createMailTransport({ transport: 'resend', resendApiKey: 're_test_key', from });
    await transport.send({ ...message, from });
    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe('/emails');
    expect(received[0]?.authorization).toBe('Bearer re_test_key');
    expect(received[0]?.body).toMatchObject({ from, to: 'ada@example.com', subject: message.subject, text: message.text, html: message.html });
  });

  it('fails the send when Resend refuses it', async () => {
    answer = { status: 422, body: { name: 'validation_error', message: 'The from address is not verified', statusCode: 422 } };
    const transport = createMailTransport({ transport: 'resend', resendApiKey: 're_test_key', from });
    await expect(transport.send({ ...message, from })).rejects.toThrow(/validation_error/);
  });
});

describe('MAIL=disabled', () => {
  it('sends nothing and keeps nothing', async () => {
    const transport = createMailTransport({ transport: 'disabled', from });
    await transport.send({ ...message, to: 'disabled@example.com', from });
    expect(await latestMail('disabled@example.com')).toBeUndefined();
  });
});
