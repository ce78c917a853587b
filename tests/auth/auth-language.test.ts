import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { createTranslator } from 'next-intl';
import { describe, expect, it, vi } from 'vitest';
import type { ActionState } from '@/lib/actions/validated-action';
import { requestPasswordReset } from '@/lib/auth/actions/request-password-reset';
import { signUp } from '@/lib/auth/actions/sign-up';
import { MESSAGES } from '@/lib/i18n/messages';
import { resetPasswordMail } from '@/lib/mail/templates/reset-password';
import { latestMail } from '@/tests/support/mailbox';
import { inRequest } from '@/tests/support/request-scope';
import { form } from './support/form-post';

vi.hoisted(() => {
  process.env.NEXT_PUBLIC_SITE_URL = 'http://localhost:3000';
});

async function post(
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>,
  fields: Record<string, string>,
  cookie: string | null,
  clientAddress: string,
): Promise<ActionState | undefined> {
  return (await inRequest(cookie, () => action({}, form(fields)), { clientAddress, path: '/sign-up' })).result;
}

describe('auth texts in the request’s language', () => {
  it('keeps zxcvbn’s own English feedback word for word once formatted as a message', () => {
    const { warnings, suggestions } = MESSAGES.en.auth.password;
    const isWarning = (key: string): key is keyof typeof warnings => Object.hasOwn(warnings, key);
    const isSuggestion = (key: string): key is keyof typeof suggestions => Object.hasOwn(suggestions, key);
    const t = createTranslator({ locale: 'en', messages: MESSAGES.en, namespace: 'auth.password' });
    for (const [key, text] of Object.entries(zxcvbnEn.translations.warnings)) {
      expect(isWarning(key), key).toBe(true);
      if (isWarning(key)) expect(t(`warnings.${key}`), key).toBe(text);
    }
    for (const [key, text] of Object.entries(zxcvbnEn.translations.suggestions)) {
      expect(isSuggestion(key), key).toBe(true);
      if (isSuggestion(key)) expect(t(`suggestions.${key}`), key).toBe(text);
    }
  });

  it('answers a French browser in French: field errors, the answer and the mail; English stays English', async () => {
    const invalid = await post(requestPasswordReset, { email: 'not an address' }, 'locale=fr', '203.0.113.31');
    expect(invalid?.error).toBe('Veuillez corriger les champs signalés.');
    expect(invalid?.fieldErrors?.email).toEqual(['Saisissez une adresse e-mail valide.']);

    const sent = await post(requestPasswordReset, { email: 'nobody-fr@example.com' }, 'locale=fr', '203.0.113.32');
    expect(sent?.success).toBe(
      'Si un compte utilise nobody-fr@example.com, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien est valable une heure.',
    );
    const mail = await latestMail('nobody-fr@example.com', 'reset-password-no-account');
    expect(mail?.subject).toBe('Réinitialisez votre mot de passe Entitle');
    expect(mail?.text.startsWith('Bonjour,')).toBe(true);
    expect(mail?.html).toContain('<html lang="fr">');

    const english = await post(requestPasswordReset, { email: 'nobody-en@example.com' }, 'locale=en', '203.0.113.33');
    expect(english?.success).toBe(
      'If an account uses nobody-en@example.com, we have mailed it a link to choose a new password. The link works for one hour.',
    );
    expect((await latestMail('nobody-en@example.com'))?.subject).toBe('Reset your Entitle password');
  });

  it('explains a guessable password in French, zxcvbn’s feedback included', async () => {
    const outcome = await post(signUp, { email: 'faible@example.com', password: 'password1' }, 'locale=fr', '203.0.113.34');
    const [reason] = outcome?.fieldErrors?.password ?? [];
    expect(reason).toMatch(/^Ce mot de passe est trop facile à deviner\. /);
    expect(reason).toContain('C’est un mot de passe');

    const english = await post(signUp, { email: 'weak-en@example.com', password: 'password1' }, null, '203.0.113.35');
    expect(english?.fieldErrors?.password?.[0]).toMatch(/^This password is too easy to guess\. This is a (heavily|frequently|commonly) used password\./);
  });

  it('writes a mail without a request in English', () => {
    const mail = resetPasswordMail({ to: 'a@example.com', url: 'http://localhost:3000/reset-password?token=x' });
    expect(mail.subject).toBe('Reset your Entitle password');
    expect(mail.html).toContain('Or paste this link into your browser:');
  });
});
