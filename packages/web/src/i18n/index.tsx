import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
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

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[lang][key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    vars[name] === undefined || vars[name] === null ? m : String(vars[name]),
  );
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
