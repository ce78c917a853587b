import 'server-only';
import { getTranslations } from 'next-intl/server';
import { MESSAGES } from './messages';

type ValidationKey = keyof (typeof MESSAGES)['en']['validation'];

function isValidationKey(message: string): message is ValidationKey {
  return Object.hasOwn(MESSAGES.en.validation, message);
}

/**
 * Turns a message meant for the user into the request's language: schemas and domain errors give
 * a key of messages/<locale>/validation.json ("emailInvalid"); a text already translated by its
 * caller passes through unchanged.
 */
export async function userMessages(): Promise<(message: string) => string> {
  const t = await getTranslations('validation');
  return (message) => (isValidationKey(message) ? t(message) : message);
}
