import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from '../src/i18n/en';
import { zh, type MessageKey } from '../src/i18n/zh';
import { translate } from '../src/i18n/index';

const dictionaries = { zh, en } as const;

describe('ICU messages', () => {
  it('every message in both languages parses as ICU MessageFormat', () => {
    const bad: string[] = [];
    for (const lang of ['zh', 'en'] as const)
      for (const [key, text] of Object.entries(dictionaries[lang])) {
        try {
          new IntlMessageFormat(text, lang === 'zh' ? 'zh-CN' : 'en', undefined, { ignoreTag: true });
        } catch (e) {
          bad.push(`${lang} ${key}: ${(e as Error).message}`);
        }
      }
    expect(bad).toEqual([]);
  });

  it('a message with no variables reads exactly as written (no apostrophe or brace swallowed)', () => {
    for (const lang of ['zh', 'en'] as const)
      for (const [key, text] of Object.entries(dictionaries[lang]))
        if (!text.includes('{')) expect(translate(lang, key as MessageKey), `${lang} ${key}`).toBe(text);
  });

  it('plurals: one and other in English, one form in Chinese', () => {
    expect(translate('en', 'os.events', { n: 1 })).toBe('1 event');
    expect(translate('en', 'os.events', { n: 2 })).toBe('2 events');
    expect(translate('en', 'os.events', { n: 0 })).toBe('0 events');
    expect(translate('zh', 'os.events', { n: 1 })).toBe('1 条事件');
    expect(translate('en', 'in.hazardsN', { n: 1 })).toBe('1 hazard');
    expect(translate('en', 'in.hazardsN', { n: 3 })).toBe('3 hazards');
  });

  it('numbers are grouped per language inside plurals', () => {
    expect(translate('en', 'common.total', { n: 12345 })).toBe('12,345 in total');
    expect(translate('zh', 'common.total', { n: 12345 })).toBe('共 12,345 条');
    expect(translate('en', 'common.total', { n: 1 })).toBe('1 in total');
  });

  it('plain {name} placeholders still work as before, a year is not grouped', () => {
    expect(translate('en', 'cl.version', { n: 2026 })).toBe('Version 2026');
    expect(translate('zh', 'users.resetPasswordTitle', { name: '张工' })).toBe('重置 张工 的密码');
  });

  it('a missing key shows the key; a missing variable leaves its placeholder', () => {
    expect(translate('en', 'no.such.key' as MessageKey)).toBe('no.such.key');
    expect(translate('zh', 'users.resetPasswordTitle', {})).toBe('重置 {name} 的密码');
  });

  it('compiled formatters are reused (same result on repeat)', () => {
    const a = translate('en', 'os.events', { n: 5 });
    expect(translate('en', 'os.events', { n: 5 })).toBe(a);
  });
});
