import { cookies } from 'next/headers';

// 'system' follows the operating system's setting through CSS (prefers-color-scheme), so the
// server never has to guess it and the first paint is already in the right colours.
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = 'theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

export async function requestTheme(): Promise<Theme> {
  const chosen = (await cookies()).get(THEME_COOKIE)?.value;
  return isTheme(chosen) ? chosen : 'system';
}
