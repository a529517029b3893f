import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { IntlMessageFormat } from 'intl-messageformat';
import { setApiLanguage } from '../api/client';
import { en } from './en';
import { zh, type MessageKey } from './zh';

export type Lang = 'zh' | 'en';
export type { MessageKey };
export type Vars = Record<string, string | number | null | undefined>;
export type TFunction = (key: MessageKey, vars?: Vars) => string;

const STORAGE_KEY = 'redline.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    /* storage unavailable */
  }
  return 'zh'; // Chinese is the default, whatever the browser says
}

function applyLang(lang: Lang) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = dictionaries[lang]['app.fullName'];
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  setApiLanguage(lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en');
}

const LOCALES: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
/** Compiled ICU formatters, one per language and key (compiling is the costly part). */
const compiled: Record<Lang, Map<string, IntlMessageFormat | null>> = { zh: new Map(), en: new Map() };

function formatterOf(lang: Lang, key: string, text: string): IntlMessageFormat | null {
  const cache = compiled[lang];
  let f = cache.get(key);
  if (f === undefined) {
    try {
      // ignoreTag: `<` in a message is text, not rich-text markup.
      f = new IntlMessageFormat(text, LOCALES[lang], undefined, { ignoreTag: true });
    } catch {
      f = null; // an unparsable message is shown with plain {name} replacement (the unit test keeps this from happening)
    }
    cache.set(key, f);
  }
  return f;
}

const plainReplace = (text: string, vars: Vars) =>
  text.replace(/\{(\w+)\}/g, (m, name: string) =>
    vars[name] === undefined || vars[name] === null ? m : String(vars[name]),
  );

/**
 * A message in ICU MessageFormat (FormatJS intl-messageformat): `{name}` is replaced, and
 * `{n, plural, one {# item} other {# items}}`, `{n, number}`, `{d, date}` format per language.
 * A missing key shows the key; a missing variable stays as `{name}` in the text.
 */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[lang][key] as string | undefined;
  if (text === undefined) return key;
  if (!vars && !text.includes('{') && !text.includes("'")) return text;
  const f = formatterOf(lang, key, text);
  if (!f) return vars ? plainReplace(text, vars) : text;
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(vars ?? {})) if (v !== undefined && v !== null) values[k] = v;
  try {
    return String(f.format(values));
  } catch {
    // a variable the caller did not give: keep the old behaviour (the placeholder stays visible)
    return vars ? plainReplace(text, vars) : text;
  }
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: TFunction;
}
const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    applyLang(l);
    return l;
  });
  useEffect(() => applyLang(lang), [lang]);
  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* storage unavailable */
    }
    applyLang(l);
    setLangState(l);
  }, []);
  const t = useCallback<TFunction>((key, vars) => translate(lang, key, vars), [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useT outside I18nProvider');
  return v;
}

export const useT = (): TFunction => useI18n().t;
export const useLang = (): [Lang, (l: Lang) => void] => {
  const { lang, setLang } = useI18n();
  return [lang, setLang];
};

/** Picks the zh or en name of a reference item. */
export const localName = (
  lang: Lang,
  item: { zh: string; en: string } | undefined | null,
): string | undefined => (item ? (lang === 'zh' ? item.zh : item.en) || item.zh : undefined);
