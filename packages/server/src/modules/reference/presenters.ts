import type { Reference, RegionNode } from '@redline/contracts';
import type { ReferenceRows, RegionNodeRow } from './repo.ts';

/** A region row as the regions API shows it. */
export const regionNodeOf = (r: RegionNodeRow): RegionNode => ({
  code: r.code,
  zh: r.name_zh,
  en: r.name_en,
  level: r.level,
  parentCode: r.parent_code,
  source: r.source,
  isLeaf: r.is_leaf,
});

/** The codes of a region's parents by prefix, province first (2, 4, 6 digits; not the code itself). */
export const regionPathCodes = (code: string): string[] =>
  [2, 4, 6].filter((n) => n < code.length).map((n) => code.slice(0, n));

/** The reference tables as GET /api/reference shows them. */
export function referenceOf({ regions, authorities, items, certs, equipment }: ReferenceRows): Reference {
  const catalogue: Record<string, Array<{ code: string; zh: string; en: string }>> = {};
  for (const i of items) (catalogue[i.kind] ??= []).push({ code: i.code, zh: i.name_zh, en: i.name_en });
  return {
    regions: regions.map((r) => ({
      code: r.code,
      zh: r.name_zh,
      en: r.name_en,
      level: r.level,
      parentCode: r.parent_code,
    })),
    authorities: authorities.map((a) => ({
      id: a.id,
      name: a.name,
      shortName: a.short_name,
      kind: a.kind,
      regionCode: a.region_code,
    })),
    catalogue,
    certificateCategories: certs.map((c) => ({
      code: c.code,
      track: c.track,
      zh: c.name_zh,
      en: c.name_en,
      validityYears: c.validity_years,
      reviewEveryYears: c.review_every_years,
      reviewWindowDays: c.review_window_days,
      isWelding: c.is_welding,
    })),
    equipmentCategories: equipment.map((c) => ({
      code: c.code,
      zh: c.name_zh,
      en: c.name_en,
      intervalMonths: c.interval_months,
      warnDays: c.warn_days,
    })),
  };
}
