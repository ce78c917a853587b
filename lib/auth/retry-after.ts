import 'server-only';
import { getTranslations } from 'next-intl/server';

/** "15 minutes" in the request's language, for messages that say when to try again. */
export async function retryAfterText(seconds: number): Promise<string> {
  const t = await getTranslations('auth.actions');
  return t('retryAfter', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}
