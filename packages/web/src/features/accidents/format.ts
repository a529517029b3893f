import { GB6441_ACCIDENT_TYPES } from '@redline/domain';
import { localName, type Lang } from '../../i18n';

/** GB 6441 type name in the language; the code itself when unknown. */
export const typeName = (lang: Lang, code: string) =>
  localName(
    lang,
    GB6441_ACCIDENT_TYPES.find((t) => t.code === code),
  ) ?? code;

const yuanZh = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
const yuanEn = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
/** Chinese counts large sums in 万元 ("1,234.5 万元"); English in plain yuan ("12,345,000 yuan"). */
export function moneyText(v: string, lang: Lang): string {
  const n = Number(v);
  if (lang === 'en') return `${yuanEn.format(n)} yuan`;
  return n >= 10_000 ? `${yuanZh.format(n / 10_000)} 万元` : `${yuanZh.format(n)} 元`;
}
