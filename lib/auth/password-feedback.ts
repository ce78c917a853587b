import 'server-only';
import { getTranslations } from 'next-intl/server';
import { MESSAGES } from '@/lib/i18n/messages';
import { userMessages } from '@/lib/i18n/user-message';
import { passwordWeakness } from './password-strength';
import { passwordLength } from './schemas';

type Feedback = (typeof MESSAGES)['en']['auth']['password'];

function isWarning(key: string): key is keyof Feedback['warnings'] {
  return Object.hasOwn(MESSAGES.en.auth.password.warnings, key);
}

function isSuggestion(key: string): key is keyof Feedback['suggestions'] {
  return Object.hasOwn(MESSAGES.en.auth.password.suggestions, key);
}

/**
 * The field errors for a password a user chooses, in the request's language, or undefined when
 * it passes: the length rule, then the strength rule with zxcvbn's warning and suggestions.
 * `related` are the user's email and name (see `passwordWeakness`).
 */
export async function newPasswordErrors(password: string, related: readonly (string | null | undefined)[]): Promise<string[] | undefined> {
  const length = passwordLength.safeParse(password);
  if (!length.success) {
    const say = await userMessages();
    return length.error.issues.map((issue) => say(issue.message));
  }
  const weakness = passwordWeakness(password, related);
  if (!weakness) return undefined;
  const t = await getTranslations('auth.password');
  if (weakness.builtFromUserDetails) return [t('builtFromPersonalDetails')];
  // A key this app has no words for (a newer zxcvbn) is left out rather than shown as a key.
  const warning = weakness.warning !== null && isWarning(weakness.warning) ? t(`warnings.${weakness.warning}`) : null;
  const suggestions = weakness.suggestions.filter(isSuggestion).map((key) => t(`suggestions.${key}`));
  return [[t('tooEasy'), warning, ...suggestions].filter(Boolean).join(' ')];
}
