import { useMemo } from 'react';
import { Tag } from 'antd';
import type { ACCIDENT_GRADES, REPORTING_LEVEL_CODES } from '@redline/contracts';
import { GB6441_ACCIDENT_TYPES } from '@redline/domain';
import { useLabels } from '../../api/reference';
import { localName, useLang, useT } from '../../i18n';
import { formatDateTimeSeconds } from '../../lib/time';
import { moneyText, typeName } from './format';

export { moneyText, typeName };

export type Grade = (typeof ACCIDENT_GRADES)[number];
export type ReportingLevel = (typeof REPORTING_LEVEL_CODES)[number];
export type ReportingState = 'met' | 'missed' | 'pending' | 'late_pending';
const GRADE_COLOR: Record<Grade, string> = {
  especially_serious: 'magenta',
  serious: 'red',
  larger: 'orange',
  general: 'gold',
};

export function AccidentGradeTag({ grade }: { grade: Grade }) {
  const t = useT();
  return (
    <Tag color={GRADE_COLOR[grade]} data-testid="accident-grade">
      {t(`acc.grade.${grade}`)}
    </Tag>
  );
}

/** The top-level special-equipment categories (TSG 特种设备目录) an accident can involve. */
const EQUIPMENT_CODES = ['1000', '2000', '3000', '4000', '5000', '6000', '8000', '9000'] as const;
const isEquipCode = (c: string): c is (typeof EQUIPMENT_CODES)[number] =>
  (EQUIPMENT_CODES as readonly string[]).includes(c);

export const fmtInstant = (iso: string | null) => formatDateTimeSeconds(iso);

/** Every code of the accident pages as words in the current language (issue 16: never a raw code). */
export function useAccidentLabels() {
  const t = useT();
  const [lang] = useLang();
  const labels = useLabels();
  return useMemo(() => {
    const equip = (code: string | null | undefined, fallback?: string | null) =>
      !code
        ? t('acc.detail.noEquipment')
        : isEquipCode(code)
          ? t(`acc.equip.${code}`)
          : (labels.ready && labels.equipCategory(code)) || fallback || code;
    return {
      lang,
      type: (code: string) => typeName(lang, code),
      typeOptions: GB6441_ACCIDENT_TYPES.map((x) => ({
        value: x.code,
        label: `${x.code} ${localName(lang, x)}`,
      })),
      grade: (g: Grade) => t(`acc.grade.${g}`),
      gradeShort: (g: Grade) => t(`acc.gradeShort.${g}`),
      level: (l: ReportingLevel) => t(`acc.level.${l}`),
      state: (s: ReportingState) => t(`acc.state.${s}`),
      equip,
      noEquipmentGroup: t('acc.group.noEquipment'),
      equipOptions: EQUIPMENT_CODES.map((c) => ({ value: c, label: t(`acc.equip.${c}`) })),
      /** The region's name in the language; the server's (Chinese) name until the reference data is here. */
      region: (code: string, fallback?: string | null) =>
        labels.ready ? labels.region(code) : (fallback ?? code),
      industry: (code: string, fallback?: string | null) =>
        !code
          ? t('acc.group.noIndustry')
          : (labels.ready && labels.catalogue('industry', code)) || fallback || code,
      money: (v: string) => moneyText(v, lang),
    };
  }, [t, lang, labels]);
}

export type AccidentLabels = ReturnType<typeof useAccidentLabels>;
