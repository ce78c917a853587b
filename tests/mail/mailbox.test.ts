import { isHTTPAccessFallbackError } from 'next/dist/client/components/http-access-fallback/http-access-fallback';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { env } from '@/lib/env';
import { sendMail } from '@/lib/mail/send-mail';
import { composeMail } from '@/lib/mail/templates/layout';
import { resetPasswordMail } from '@/lib/mail/templates/reset-password';
import { allMail, latestMail } from '@/tests/support/mailbox';
import { inRequest } from '@/tests/support/request-scope';

describe('local mailbox', () => {
  it('is where mail goes with no transport configured outside production', () => {
    expect(env.mail.transport).toBe('mailbox');
  });

  it('keeps each sent mail, with its text, HTML, template and links, newest first', async () => {
    await sendMail(resetPasswordMail({ to: 'ada@example.com', url: 'http://localhost:3000/reset-password?token=first' }));
    await sendMail(resetPasswordMail({ to: 'ada@example.com', url: 'http://localhost:3000/reset-password?token=second' }));
    await sendMail(resetPasswordMail({ to: 'bob@example.com', url: 'http://localhost:3000/reset-password?token=bobs' }));

    const mail = await latestMail('ada@example.com', 'reset-password');
    expect(mail?.links).toEqual(['http://localhost:3000/reset-password?token=second']);
    expect(mail?.from).toBe(env.mail.from);
    expect(mail?.subject).toMatch(/reset/i);
    expect(mail?.html).toContain('href="http://localhost:3000/reset-password?token=second"');
    expect(await allMail('ada@example.com')).toHaveLength(2);
    expect(await latestMail('ada@example.com', 'sign-in-link')).toBeUndefined();
    expect(await latestMail('nobody@example.com')).toBeUndefined();
  });

  it('escapes what a user typed into the HTML part', async () => {
    const message = composeMail({
      to: 'eve@example.com',
      template: 'test',
      subject: 'Hi <b>',
      greeting: 'Hello <script>alert(1)</script>,',
      paragraphs: ['"><img src=x onerror=alert(1)>'],
      action: { label: 'Go', url: 'http://localhost:3000/?a="><script>' },
    });
    expect(message.html).not.toMatch(/<script|<img|<b>/);
    expect(message.text).toContain('Hello <script>alert(1)</script>,');
  });
});

describe('/dev/mailbox', () => {
  it('shows each kept mail: subject, recipient, text and links', async () => {
    await sendMail(resetPasswordMail({ to: 'page@example.com', url: 'http://localhost:3000/reset-password?token=for-the-page' }));
    const { default: MailboxPage } = await import('@/app/dev/mailbox/page');
    const { result } = await inRequest(null, () => MailboxPage(), { path: '/dev/mailbox' });
    const html = renderToStaticMarkup(result ?? null);
    expect(html).toContain('page@example.com');
    expect(html).toContain('Reset your Entitle password');
    expect(html).toContain('href="http://localhost:3000/reset-password?token=for-the-page"');
    expect(html).toContain('The link works once, for one hour.');
  });

  it('does not exist on a production server', async () => {
    vi.resetModules();
    const production = {
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(40),
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_123',
      NEXT_PUBLIC_SITE_URL: 'https://app.example.com',
      CRON_SECRET: 'c'.repeat(32),
      MAIL: 'disabled',
    };
    for (const [name, value] of Object.entries(production)) vi.stubEnv(name, value);
    try {
      const { default: MailboxPage } = await import('@/app/dev/mailbox/page');
      const outcome = inRequest(null, () => MailboxPage(), { path: '/dev/mailbox' });
      await expect(outcome).rejects.toSatisfy(isHTTPAccessFallbackError);
      const { readMailbox } = await import('@/lib/mail/mailbox');
      expect(await readMailbox()).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
