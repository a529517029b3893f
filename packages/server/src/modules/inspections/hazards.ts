import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { HazardSource } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import { createHazard } from '../hazards/create-hazard.ts';
import type { InspectionRow } from './repo/inspections.ts';
import { failedFindings } from './repo/findings.ts';

/**
 * Every failed item of a finished inspection becomes a hazard (事故隐患) linked to the
 * inspection, the finding, the checklist item and version, the evidence photos and the target —
 * the input of the rectification lifecycle (issue 4, modules/hazards). The hazard starts
 * 'reported' with the domain's initial state; its grade is the one recorded on site, which
 * defaults to the item's (a major-by-default item gives a major hazard). The suggested
 * rectification time stays on the finding (inspection_findings.rectify_days) for the order.
 */
export function hazardSourceOf(kind: InspectionRow['kind']): HazardSource {
  return kind === 'self' ? 'self_inspection' : kind === 'alarm_verification' ? 'alarm' : 'inspection';
}

export async function createHazardsFromFindings(
  trx: Kysely<DB>,
  args: { inspection: InspectionRow; actor: Actor; now: Date },
): Promise<string[]> {
  const { inspection: i, actor, now } = args;
  const failed = await failedFindings(trx, i.id);
  const ids: string[] = [];
  for (const f of failed) {
    if (f.existing) {
      ids.push(f.existing); // idempotent: a finding gives one hazard
      continue;
    }
    const item = f.item;
    const foundAt = f.recorded_at ? new Date(f.recorded_at) : now;
    ids.push(
      await createHazard(
        trx,
        actor,
        {
          regionCode: i.region_code,
          enterpriseId: i.enterprise_id,
          projectId: i.project_id,
          siteId: i.site_id,
          equipmentId: i.equipment_id,
          source: hazardSourceOf(i.kind),
          inspectionId: i.id,
          findingId: f.id,
          checklistItemCode: f.item_code,
          libraryVersionId: f.version_id,
          title: item.title.zh,
          description: f.hazard_description || f.note,
          grade: f.hazard_grade ?? item.handling.grade,
          foundAt,
          foundBy: f.recorded_by ?? actor.userId,
          reportedAt: foundAt,
          evidenceFileIds: f.photo_file_ids,
          legalBasis: item.basis,
          auditDetails: { inspection: i.number, item: f.item_code },
        },
        now,
      ),
    );
  }
  return ids;
}
