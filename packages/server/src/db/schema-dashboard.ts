// Tables of the jurisdiction dashboard (issue 15). Keep in step with migrations/0620_dashboard.sql.

/** Finished inspections per finished day × place × enterprise × project × kind (a rollup kept by triggers). */
export interface InspectionDailyTable {
  done_day: string;
  region_code: string;
  enterprise_id: string | null;
  project_id: string | null;
  kind: string;
  n: number;
}

export interface DashboardTables {
  inspection_daily: InspectionDailyTable;
}
