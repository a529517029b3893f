// Tables of risk points, assessments, band sets and risk maps (issue 14). Keep in step with
// migrations/0500_risk_points.sql.
import type { Generated } from 'kysely';
import type { DateStr, Json, Timestamp } from './column-types.ts';

export type RiskColourCode = 'red' | 'orange' | 'yellow' | 'blue';
export type RiskMethodCode = 'LEC' | 'LS';
export interface RiskBandRow {
  colour: RiskColourCode;
  from: number;
  includeFrom: boolean;
}

export interface RiskBandSetsTable {
  id: Generated<string>;
  method: RiskMethodCode;
  region_prefix: Generated<string>;
  industry_code: string | null;
  version: number;
  factors: Json<Record<string, number[]>>;
  bands: Json<RiskBandRow[]>;
  effective_from: DateStr;
  source: string;
  confirmation: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RiskPointsTable {
  id: Generated<string>;
  site_id: string;
  name: string;
  kind: 'place' | 'equipment' | 'activity';
  location: Generated<string>;
  hazard_factors: Json<string[]>;
  control_measures: Json<Array<{ measure: string; responsible: string }>>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  retired_at: Date | null;
  retired_by: string | null;
  retire_reason: string | null;
}

export interface RiskPointItemsTable {
  risk_point_id: string;
  library_id: string;
  item_code: string;
  item_id: string;
  version_id: string;
}

export interface RiskAssessmentsTable {
  id: Generated<string>;
  risk_point_id: string;
  method: RiskMethodCode;
  factors: Json<Record<string, number>>;
  value: number;
  colour: RiskColourCode;
  band_set_id: string;
  band_version: number;
  explanation: Json<Array<{ code: string; params: Record<string, string | number> }>>;
  note: Generated<string>;
  assessed_by: string;
  assessed_at: Timestamp;
}

export interface SitePlansTable {
  site_id: string;
  file_id: string;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface RiskZonesTable {
  id: Generated<string>;
  site_id: string;
  name: string;
  polygon: Json<Array<[number, number]>>;
  sort: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RiskZonePointsTable {
  zone_id: string;
  risk_point_id: string;
}

export interface RiskTables {
  risk_band_sets: RiskBandSetsTable;
  risk_points: RiskPointsTable;
  risk_point_items: RiskPointItemsTable;
  risk_assessments: RiskAssessmentsTable;
  site_plans: SitePlansTable;
  risk_zones: RiskZonesTable;
  risk_zone_points: RiskZonePointsTable;
}
