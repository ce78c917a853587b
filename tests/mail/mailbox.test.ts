import { describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { sendMail } from '@/lib/mail/send-mail';
import { composeMail } from '@/lib/mail/templates/layout';
import { resetPasswordMail } from '@/lib/mail/templates/reset-password';
import { allMail, latestMail } from '@/tests/support/mailbox';

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
