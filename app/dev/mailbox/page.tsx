import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { env } from '@/lib/env';
import { readMailbox } from '@/lib/mail/mailbox';
import { mailTransportKind } from '@/lib/mail/send-mail';

export const metadata: Metadata = { title: 'Mailbox (development)', robots: { index: false, follow: false } };

const TRANSPORT_NOTE = {
  smtp: 'Mail goes out through SMTP (SMTP_URL); nothing new lands here.',
  resend: 'Mail goes out through Resend (RESEND_API_KEY); nothing new lands here.',
  disabled: 'MAIL=disabled: no mail is sent or kept.',
  mailbox: 'No mail transport is configured, so every mail the app sends is kept here instead.',
} as const;

/**
 * The local mailbox: with no mail settings, development keeps mail in the database and shows it
 * here (subject, recipient, text, links). A production server answers 404: it would list every
 * user's reset and sign-in links.
 */
export default async function MailboxPage() {
  // Rendered per request, never at build time (the build has no database, and no mail).
  await connection();
  if (env.production) notFound();
  const mails = await readMailbox();
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600">
        Development only. {TRANSPORT_NOTE[mailTransportKind()]} Newest first; reload to see new mail.
      </p>
      {mails.length === 0 ? (
        <p className="mt-8 rounded-xl border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-600">No mail yet.</p>
      ) : (
        <ol className="mt-8 space-y-6">
          {mails.map((mail) => (
            <li key={mail.id} className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm" data-testid="mailbox-message">
              <h2 className="text-base font-semibold">{mail.subject}</h2>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-zinc-500">To</dt>
                <dd data-testid="mailbox-to">{mail.to}</dd>
                <dt className="text-zinc-500">From</dt>
                <dd>{mail.from}</dd>
                <dt className="text-zinc-500">Template</dt>
                <dd>
                  <code>{mail.template}</code>
                </dd>
                <dt className="text-zinc-500">Sent</dt>
                <dd>
                  <time dateTime={mail.createdAt.toISOString()}>{mail.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>
                </dd>
              </dl>
              {mail.links.length > 0 ? (
                <ul className="mt-3 space-y-1 text-sm">
                  {mail.links.map((link) => (
                    <li key={link} className="break-all">
                      <a href={link} className="font-medium text-brand-700 underline">
                        {link}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
              <pre className="mt-3 overflow-x-auto rounded-lg bg-zinc-50 p-3 text-sm whitespace-pre-wrap text-zinc-800">{mail.text}</pre>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
