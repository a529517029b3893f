import type { Kysely } from 'kysely';
import { reportHazard } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { HazardSource } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import { appendAudit } from '../../audit/chain.ts';
import { insertHazard } from './repo.ts';

/** What a new hazard (事故隐患) is, wherever it was found: an inspection's finding, an alarm, a report. */
export interface NewHazard {
  regionCode: string;
  enterpriseId: string | null;
  projectId: string | null;
  siteId: string | null;
  equipmentId: string | null;
  source: HazardSource;
  /** The inspection, finding and checklist item it came from, when it came from one. */
  inspectionId?: string;
  findingId?: string;
  checklistItemCode?: string;
  libraryVersionId?: string;
  title: string;
  description: string;
  grade: 'general' | 'major';
  foundAt: Date;
  /** The user who found it (the one who recorded the finding, or who verified the alarm). */
  foundBy: string;
  /** When it entered the lifecycle (the domain's 'reported' moment). */
  reportedAt: Date;
  evidenceFileIds?: string[];
  legalBasis: unknown[];
  /** What the audit entry says of its origin (inspection number and item, alarm number…). */
  auditDetails: Record<string, unknown>;
}

/**
 * The one way a hazard is created: the domain's initial state (reported), the row with its status
 * mirrored, and the audit entry — in the caller's transaction. Inspections, alarms and public
 * reports all come through here, so a hazard looks the same whatever found it.
 */
export async function createHazard(trx: Kysely<DB>, actor: Actor, h: NewHazard, now: Date): Promise<string> {
  const { state } = reportHazard(
    { grade: h.grade },
    {
      now: h.reportedAt.toISOString(),
      actor: { id: h.foundBy, role: actor.role, authorityId: actor.authorityId },
    },
  );
  const id = await insertHazard(trx, {
    region_code: h.regionCode,
    enterprise_id: h.enterpriseId,
    project_id: h.projectId,
    site_id: h.siteId,
    equipment_id: h.equipmentId,
    source: h.source,
    inspection_id: h.inspectionId ?? null,
    finding_id: h.findingId ?? null,
    checklist_item_code: h.checklistItemCode ?? null,
    library_version_id: h.libraryVersionId ?? null,
    title: h.title,
    description: h.description,
    grade: h.grade,
    status: state.status,
    deadline: null,
    state: JSON.stringify(state),
    found_at: h.foundAt,
    found_by: h.foundBy,
    ...(h.evidenceFileIds && { evidence_file_ids: h.evidenceFileIds }),
    legal_basis: JSON.stringify(h.legalBasis),
  });
  await appendAudit(trx, {
    actor,
    action: 'hazard.report',
    subjectType: 'hazard',
    subjectId: id,
    regionCode: h.regionCode,
    after: state,
    details: { ...h.auditDetails, grade: h.grade },
    at: now,
  });
  return id;
}
