import type { RiskAssessment, RiskBandSet, RiskPoint } from '@redline/contracts';
import { iso } from '../../db/paging.ts';
import type { AssessmentRow, PointRow } from './repo.ts';
import type { BandSetRow } from './band-repo.ts';

/** Rows → responses of the risk-points module. */
export function bandScope(regionPrefix: string, industryCode: string | null): string {
  return `${regionPrefix || '全国'}${industryCode ? ` / ${industryCode}` : ''}`;
}

/** Factors as the method names them (L, E, C / L, S); jsonb hands keys back in its own order. */
const FACTOR_ORDER = { LEC: ['L', 'E', 'C'], LS: ['L', 'S'] } as const;
function inMethodOrder(method: 'LEC' | 'LS', f: Record<string, number>): Record<string, number> {
  return Object.fromEntries(FACTOR_ORDER[method].filter((k) => k in f).map((k) => [k, f[k]]));
}

export function assessmentView(a: AssessmentRow): RiskAssessment {
  return {
    id: a.id,
    method: a.method,
    factors: inMethodOrder(a.method, a.factors),
    value: Number(a.value),
    colour: a.colour,
    bandSetId: a.band_set_id,
    bandVersion: a.band_version,
    bandScope: bandScope(a.band_region_prefix, a.band_industry_code),
    explanation: a.explanation,
    note: a.note,
    assessedBy: a.assessed_by,
    assessedByName: a.assessed_by_name,
    assessedAt: iso(a.assessed_at),
  };
}

export function pointView(p: PointRow, latest: AssessmentRow | undefined): RiskPoint {
  return {
    id: p.id,
    siteId: p.site_id,
    siteName: p.site_name,
    regionCode: p.region_code,
    name: p.name,
    kind: p.kind,
    location: p.location,
    hazardFactors: p.hazard_factors,
    controlMeasures: p.control_measures,
    colour: p.latest_colour,
    latest: latest ? assessmentView(latest) : null,
    attention: {
      openHazards: Number(p.open_hazards),
      lastHazard:
        p.last_hazard_id && p.last_hazard_found_at
          ? {
              id: p.last_hazard_id,
              title: p.last_hazard_title ?? '',
              status: p.last_hazard_status ?? '',
              foundAt: iso(p.last_hazard_found_at),
            }
          : null,
    },
    retiredAt: p.retired_at ? iso(p.retired_at) : null,
    retireReason: p.retire_reason,
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
  };
}

export function bandSetView(b: BandSetRow): RiskBandSet {
  return {
    id: b.id,
    method: b.method,
    regionPrefix: b.region_prefix,
    regionName: b.region_prefix ? b.region_name : '全国',
    industryCode: b.industry_code,
    version: b.version,
    factors: b.factors,
    bands: b.bands,
    effectiveFrom: b.effective_from,
    source: b.source,
    confirmation: b.confirmation,
    createdAt: iso(b.created_at),
  };
}
