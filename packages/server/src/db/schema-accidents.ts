// Tables of accident reports and special-equipment inspections (issue 15).
// Keep in step with migrations/0600_accidents.sql and 0610_equipment_inspections.sql.
import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Json, Timestamp } from './column-types.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** numeric(16,2): read as a string (exact), written as a number or string. */
type Money = ColumnType<string, string | number, string | number>;
export type AccidentGradeColumn = 'especially_serious' | 'serious' | 'larger' | 'general';

export interface AccidentTypesTable {
  code: string;
  name_zh: string;
  name_en: string;
  sort: number;
  source: string;
}

export interface AccidentsTable {
  id: Generated<string>;
  region_code: string;
  address: Generated<string>;
  enterprise_id: string | null;
  project_id: string | null;
  occurred_at: Timestamp;
  occurred_on: DateStr;
  type_code: string;
  road_traffic: Generated<boolean>;
  equipment_category_code: string | null;
  industry: string | null;
  course: Generated<string>;
  measures: Generated<string>;
  deaths: number;
  serious_injuries: number;
  minor_injuries: Generated<number>;
  missing: Generated<number>;
  direct_loss_yuan: Money;
  grade: AccidentGradeColumn;
  version: Generated<number>;
  reported_county_at: NullableTimestamp;
  reported_city_at: NullableTimestamp;
  reported_province_at: NullableTimestamp;
  reported_national_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccidentVersionsTable {
  accident_id: string;
  version: number;
  deaths: number;
  serious_injuries: number;
  minor_injuries: number;
  missing: number;
  direct_loss_yuan: Money;
  grade: AccidentGradeColumn;
  note: Generated<string>;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface EquipmentInspectionsTable {
  id: Generated<string>;
  equipment_id: string;
  inspected_on: DateStr;
  result: 'pass' | 'pass_with_remarks' | 'fail';
  remarks: Generated<string>;
  defects: Json<Array<{ description: string; hazardId: string | null }>>;
  inspector_org: Generated<string>;
  next_inspection_on: DateStr | null;
  interval_months: number | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface EquipmentRemindersTable {
  equipment_id: string;
  due_on: DateStr;
  kind: 'due_soon' | 'overdue';
  sent_at: Timestamp;
  notified: Generated<number>;
}

export interface AccidentTables {
  accident_types: AccidentTypesTable;
  accidents: AccidentsTable;
  accident_versions: AccidentVersionsTable;
  equipment_inspections: EquipmentInspectionsTable;
  equipment_reminders: EquipmentRemindersTable;
}
