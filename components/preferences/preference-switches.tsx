import { getLocale, getTranslations } from 'next-intl/server';
import { setLocale, setTheme } from '@/lib/preferences/actions/set-preferences';
import { LOCALES } from '@/lib/i18n/locales';
import { requestTheme, THEMES } from '@/lib/preferences/theme';

// Each language is named in itself, so a person who cannot read the current one still finds theirs.
const LANGUAGE_NAMES = { en: 'English', fr: 'Français' } as const;

const option =
  'rounded-md px-2.5 py-1 text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white ' +
  'aria-pressed:bg-white aria-pressed:font-medium aria-pressed:text-zinc-900 aria-pressed:shadow-sm ' +
  'dark:aria-pressed:bg-zinc-700 dark:aria-pressed:text-white ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600';
const group = 'flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800';

/** Language and colour theme: plain forms, so they work without JavaScript and by keyboard. */
export async function PreferenceSwitches() {
  const [t, locale, theme] = await Promise.all([getTranslations('common.preferences'), getLocale(), requestTheme()]);
  return (
    <div className="flex flex-wrap items-center justify-center gap-4 text-xs">
      {/* Screen reader users reach the switches by heading as well as by the footer landmark. */}
      <h2 className="sr-only">{t('label')}</h2>
      <form action={setLocale} className={group} aria-label={t('language')} role="group">
        {LOCALES.map((value) => (
          <button key={value} type="submit" name="locale" value={value} lang={value} aria-pressed={value === locale} className={option}>
            {LANGUAGE_NAMES[value]}
          </button>
        ))}
      </form>
      <form action={setTheme} className={group} aria-label={t('theme')} role="group">
        {THEMES.map((value) => (
          <button key={value} type="submit" name="theme" value={value} aria-pressed={value === theme} className={option}>
            {t(`themes.${value}`)}
          </button>
        ))}
      </form>
    </div>
  );
}
