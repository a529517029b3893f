import { describe, expect, it } from 'vitest';
import { ACCIDENT_GRADE_LABELS, ACCIDENT_GRADES, REPORTING_LEVEL_CODES } from '@redline/contracts';
import {
  accidentGradeReason,
  gradeAccident,
  REPORTING_LEVEL_NAMES,
  ACCIDENT_GRADE_NAMES,
} from '@redline/domain';
import { translate, type MessageKey } from '../src/i18n/index';
import { gradeReasonEn } from '../src/features/accidents/grade-reason';
import { moneyText, typeName } from '../src/features/accidents/format';

const en = (key: MessageKey, vars?: Record<string, string | number>) => translate('en', key, vars);

describe('accident labels', () => {
  it('the Chinese labels are the words the server and the regulation use', () => {
    for (const g of ACCIDENT_GRADES) {
      expect(translate('zh', `acc.grade.${g}`)).toBe(ACCIDENT_GRADE_LABELS[g]);
      expect(translate('zh', `acc.gradeShort.${g}`)).toBe(ACCIDENT_GRADE_NAMES[g]);
    }
    for (const l of REPORTING_LEVEL_CODES)
      expect(translate('zh', `acc.level.${l}`)).toBe(REPORTING_LEVEL_NAMES[l]);
  });

  it('English grade names follow DOMAIN.md §5', () => {
    expect(ACCIDENT_GRADES.map((g) => en(`acc.grade.${g}`))).toEqual([
      'Especially serious accident',
      'Serious accident',
      'Larger accident',
      'General accident',
    ]);
  });

  it('GB 6441 types are named in the language, an unknown code stays a code', () => {
    expect(typeName('zh', '09')).toBe('高处坠落');
    expect(typeName('en', '09')).toBe('Fall from height');
    expect(typeName('en', '99')).toBe('99');
  });

  it('money: 万元 in Chinese, grouped yuan in English', () => {
    expect(moneyText('18000000.00', 'zh')).toBe('1,800 万元');
    expect(moneyText('9500.5', 'zh')).toBe('9,500.5 元');
    expect(moneyText('18000000.00', 'en')).toBe('18,000,000 yuan');
  });

  it('the English grade reason names the deciding measure and the grade the server gives', () => {
    const t = (k: MessageKey, v?: Record<string, string | number | null | undefined>) =>
      translate('en', k, v);
    expect(gradeReasonEn(t, { deaths: 3, seriousInjuries: 2, directLossYuan: 1_800_000 })).toBe(
      'Deaths 3 ≥ 3 → Larger',
    );
    expect(gradeReasonEn(t, { deaths: 0, seriousInjuries: 0, directLossYuan: 60_000_000 })).toBe(
      'Direct economic loss 60,000,000 yuan ≥ 50,000,000 yuan → Serious',
    );
    expect(gradeReasonEn(t, { deaths: 2, seriousInjuries: 9, directLossYuan: 0 })).toBe(
      'Deaths 2 < 3; Serious injuries (incl. acute industrial poisoning) 9 < 10; Direct economic loss 0 yuan < 10,000,000 yuan → General',
    );
    // same grade as the Chinese reason the server sends, for a spread of cases
    for (const facts of [
      { deaths: 30, seriousInjuries: 0, directLossYuan: 0 },
      { deaths: 1, seriousInjuries: 50, directLossYuan: 0 },
      { deaths: 9, seriousInjuries: 10, directLossYuan: 10_000_000 },
    ]) {
      const g = gradeAccident(facts);
      if (!g.ok) throw new Error('invalid facts');
      const zhName = accidentGradeReason(g.value, facts).split('→ ')[1];
      expect(zhName).toBe(ACCIDENT_GRADE_NAMES[g.value.grade]);
      expect(gradeReasonEn(t, facts).endsWith(`→ ${en(`acc.gradeShort.${g.value.grade}`)}`)).toBe(true);
    }
  });

  it('counts agree in number in English', () => {
    expect(en('acc.stats.prevAccidents', { n: 1 })).toBe('Same period last year 1 accident; year on year');
    expect(en('acc.stats.prevDeaths', { n: 2 })).toBe('Same period last year 2 deaths; year on year');
    expect(translate('zh', 'acc.stats.prevAccidents', { n: 11 })).toBe('去年同期 11 起，同比');
    expect(en('acc.detail.versions', { days: 30, lastDay: '2026-06-01' })).toContain('within 30 days');
  });
});
