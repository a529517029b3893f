import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * The names of the subjects of a page of audit entries, so the audit page reads "企业 金山化工" and not
 * "enterprise 6e5a5225". One query per subject type on the page (by primary key, at most a page's ids),
 * never one per row. A subject that has no name column (or no longer exists) gets none: the page shows
 * its type and short id.
 */
const NAMES: Record<string, { table: string; name: string; key?: 'code' }> = {
  enterprise: { table: 'enterprises', name: 'name' },
  project: { table: 'projects', name: 'name' },
  site: { table: 'sites', name: 'name' },
  worker: { table: 'workers', name: 'name' },
  certificate: { table: 'certificates', name: 'number' },
  equipment: { table: 'equipment', name: 'registration_code' },
  device: { table: 'devices', name: "name || '（' || code || '）'" },
  user: { table: 'users', name: 'display_name' },
  hazard: { table: 'hazards', name: 'title' },
  inspection: { table: 'inspections', name: "coalesce(nullif(title, ''), number)" },
  inspection_group: { table: 'inspection_groups', name: 'name' },
  document: { table: 'documents', name: 'coalesce(number, title)' },
  case: { table: 'cases', name: "coalesce(nullif(number, ''), title)" },
  alarm: { table: 'alarms', name: 'number' },
  campaign: { table: 'campaigns', name: 'name' },
  accountability_action: { table: 'accountability_actions', name: 'title' },
  risk_point: { table: 'risk_points', name: 'name' },
  site_attendance: { table: 'site_attendance', name: 'check_in_at::text' },
  spot_check_plan: { table: 'spot_check_plans', name: 'title' },
  spot_check_task: { table: 'spot_check_tasks', name: 'target_name' },
  accident: { table: 'accidents', name: 'occurred_on::text' },
  webhook: { table: 'webhooks', name: 'name' },
  region: { table: 'regions', name: 'name_zh', key: 'code' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** subjectType → subjectId → name, for the entries given. */
export async function subjectNames(
  db: Kysely<DB>,
  entries: ReadonlyArray<{ subject_type: string; subject_id: string }>,
): Promise<Map<string, Map<string, string>>> {
  const wanted = new Map<string, Set<string>>();
  for (const e of entries) {
    const spec = NAMES[e.subject_type];
    if (!spec) continue;
    if (spec.key !== 'code' && !UUID.test(e.subject_id)) continue;
    let ids = wanted.get(e.subject_type);
    if (!ids) wanted.set(e.subject_type, (ids = new Set()));
    ids.add(e.subject_id);
  }
  const out = new Map<string, Map<string, string>>();
  await Promise.all(
    [...wanted].map(async ([type, ids]) => {
      const spec = NAMES[type];
      const keyCol = spec.key ?? 'id';
      const { rows } = await sql<{ id: string; name: string | null }>`
        SELECT ${sql.ref(keyCol)}::text AS id, ${sql.raw(spec.name)} AS name
        FROM ${sql.table(spec.table)}
        WHERE ${sql.ref(keyCol)} IN (${sql.join([...ids])})`.execute(db);
      const names = new Map<string, string>();
      for (const r of rows) if (r.name) names.set(r.id, r.name);
      out.set(type, names);
    }),
  );
  return out;
}
