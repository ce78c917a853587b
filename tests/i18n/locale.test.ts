import { getTranslations } from 'next-intl/server';
import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '@/lib/i18n/locales';
import { inRequest } from '../support/request-scope';

describe('the request language', () => {
  it('is the best of our locales in Accept-Language, by quality then order', () => {
    expect(negotiateLocale('fr-CH, fr;q=0.9, en;q=0.8')).toBe('fr');
    expect(negotiateLocale('de-DE, en;q=0.5, fr;q=0.7')).toBe('fr');
    expect(negotiateLocale('en-GB,en;q=0.9,fr;q=0.9')).toBe('en');
    expect(negotiateLocale('de, es')).toBe('en');
    expect(negotiateLocale('fr;q=0, en;q=0.1')).toBe('en');
    expect(negotiateLocale('fr;Q=0.1, en;q=0.5')).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
  });

  it('follows the browser, and a chosen language wins over it; a forged cookie is ignored', async () => {
    const say = () => getTranslations('common.preferences').then((t) => t('language'));
    expect((await inRequest(null, say, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } })).result).toBe('Langue');
    expect((await inRequest('locale=en', say, { headers: { 'accept-language': 'fr-FR' } })).result).toBe('Language');
    expect((await inRequest('locale=fr', say)).result).toBe('Langue');
    expect((await inRequest('locale=xx', say, { headers: { 'accept-language': 'fr' } })).result).toBe('Langue');
  });
});
