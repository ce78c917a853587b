'use server';

import { z } from 'zod';
import { LOCALE_COOKIE, LOCALES } from '@/lib/i18n/locales';
import { setPreferenceCookie } from '../preference-cookie';
import { THEME_COOKIE, THEMES } from '../theme';

// Plain forms, so both switches work before (or without) JavaScript. Setting a cookie in a
// Server Action makes Next.js render the current page again, now in the chosen language or theme.
// Anything else in the form is refused and changes nothing.

const localeForm = z.object({ locale: z.enum(LOCALES) });
const themeForm = z.object({ theme: z.enum(THEMES) });

export async function setLocale(formData: FormData): Promise<void> {
  const parsed = localeForm.safeParse({ locale: formData.get('locale') });
  if (parsed.success) await setPreferenceCookie(LOCALE_COOKIE, parsed.data.locale);
}

export async function setTheme(formData: FormData): Promise<void> {
  const parsed = themeForm.safeParse({ theme: formData.get('theme') });
  if (parsed.success) await setPreferenceCookie(THEME_COOKIE, parsed.data.theme);
}
