import type { Locale } from './locales';
import type { Messages } from './messages';

// Typed keys: t('billing.missing') is a compile error, as is a message that needs arguments
// called without them.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
