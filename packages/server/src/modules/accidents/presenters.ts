import type { Static } from '@sinclair/typebox';
import {
  accidentGradeReason,
  casualtyUpdateWindow,
  compareDates,
  gradeAccident,
  reportingDeadlines,
  REPORTING_LEVEL_NAMES,
} from '@redline/domain';
import type { AccidentListItem, AccidentView } from '@redline/contracts';
import { iso } from '../../db/paging.ts';
import type { AccidentVersionRow, NamedAccidentRow } from './repo.ts';

/** numeric text → exact two-decimal text ("12000000.00"). */
const money = (v: string | number) => (typeof v === 'number' ? v.toFixed(2) : v);

export function accidentListItem(r: NamedAccidentRow): Static<typeof AccidentListItem> {
  return {
    id: r.id,
    occurredAt: iso(r.occurred_at),
    occurredOn: r.occurred_on,
    regionCode: r.region_code,
    regionName: r.region_name ?? null,
    address: r.address,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name ?? null,
    projectId: r.project_id,
    projectName: r.project_name ?? null,
    typeCode: r.type_code,
    typeName: r.type_name ?? null,
    grade: r.grade,
    deaths: r.deaths,
    seriousInjuries: r.serious_injuries,
    minorInjuries: r.minor_injuries,
    missing: r.missing,
    directLossYuan: money(r.direct_loss_yuan),
    version: r.version,
  };
}

export const GRADE_BASIS =
  '《生产安全事故报告和调查处理条例》（国务院令第 493 号）第三条：死亡、重伤（含急性工业中毒）、直接经济损失任一项达到某一等级的下限（“以上”含本数，“以下”不含本数）即为该等级，取最高者。特别重大：30 人 / 100 人 / 1 亿元以上；重大：10 人 / 50 人 / 5,000 万元以上；较大：3 人 / 10 人 / 1,000 万元以上；一般：以下。';

export function accidentView(
  r: NamedAccidentRow,
  versions: AccidentVersionRow[],
  now: Date,
  today: string,
): Static<typeof AccidentView> {
  const facts = {
    deaths: r.deaths,
    seriousInjuries: r.serious_injuries,
    directLossYuan: Number(r.direct_loss_yuan),
  };
  const g = gradeAccident(facts);
  const reason = g.ok ? accidentGradeReason(g.value, facts) : '';
  const window = casualtyUpdateWindow(r.occurred_on, { typeCode: r.type_code, roadTraffic: r.road_traffic });
  const reported = {
    county: r.reported_county_at ? iso(r.reported_county_at) : null,
    city: r.reported_city_at ? iso(r.reported_city_at) : null,
    province: r.reported_province_at ? iso(r.reported_province_at) : null,
    national: r.reported_national_at ? iso(r.reported_national_at) : null,
  };
  return {
    ...accidentListItem(r),
    roadTraffic: r.road_traffic,
    equipmentCategoryCode: r.equipment_category_code,
    equipmentCategoryName: r.equipment_category_name ?? null,
    industry: r.industry,
    course: r.course,
    measures: r.measures,
    gradeReason: reason,
    gradeBasis: GRADE_BASIS,
    reporting: reportingDeadlines(iso(r.occurred_at), r.grade, reported, now.toISOString()).map((s) => ({
      ...s,
      levelName: REPORTING_LEVEL_NAMES[s.level],
    })),
    updateWindow: { ...window, open: compareDates(today, window.lastDay) <= 0 },
    versions: versions.map((v) => ({
      version: v.version,
      deaths: v.deaths,
      seriousInjuries: v.serious_injuries,
      minorInjuries: v.minor_injuries,
      missing: v.missing,
      directLossYuan: money(v.direct_loss_yuan),
      grade: v.grade,
      note: v.note,
      recordedAt: iso(v.recorded_at),
    })),
  };
}
