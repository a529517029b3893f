// Tables of the periodic reports (issue 15). Keep in step with migrations/0650_periodic_reports.sql.
import type { Generated } from 'kysely';
import type { DateStr, Json, Timestamp } from './column-types.ts';

export interface ReportCountersTable {
  region_code: string;
  year: number;
  last_serial: number;
}

export interface PeriodicReportsTable {
  id: Generated<string>;
  number: string;
  region_code: string;
  region_name: string;
  kind: 'month' | 'quarter' | 'year';
  period_start: DateStr;
  period_end: DateStr;
  year: number;
  serial: number;
  figures: Json<Record<string, unknown>>;
  pdf_sha256: string;
  pdf_size: number;
  xlsx_sha256: string;
  xlsx_size: number;
  generated_by: string | null;
  generated_by_system: Generated<boolean>;
  generated_at: Timestamp;
}

export interface ReportTables {
  report_counters: ReportCountersTable;
  periodic_reports: PeriodicReportsTable;
}
