import type { Kysely } from 'kysely';
import { legacyProjectStatus, moveProject, type ProjectStageState } from '@redline/domain';
import type { ProjectStageBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { actorParty } from './membership.ts';
import {
  countSuspensions,
  insertStageEvent,
  loadProject,
  nextStageSeq,
  projectMaterialFiles,
  saveProjectStage,
} from './repo.ts';

const FORBIDDEN = new Set(['ROLE_NOT_ALLOWED']);

/**
 * POST /api/projects/:id/stage: lock the project, ask the domain's stage machine, store the step
 * (who, when, materials with their SHA-256, reason) and the new stage, audit it — one transaction.
 * Materials must have been uploaded to this project (POST /api/projects/:id/materials).
 */
export async function moveProjectStage(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  body: ProjectStageBody,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const p = await loadProject(trx, actor, projectId, true);
    const ids = body.materialFileIds ?? [];
    const files = await projectMaterialFiles(trx, p.id, ids);
    const missing = ids.find((id) => !files.some((f) => f.id === id));
    if (missing)
      throw validation(
        'materialFileIds',
        `File ${missing} was not uploaded as material of this project; upload it with POST /api/projects/${p.id}/materials first`,
      );
    const party = await actorParty(trx, actor, p.id);
    const before: ProjectStageState = {
      stage: p.stage,
      permitNo: p.permit_no,
      suspensions: await countSuspensions(trx, p.id),
    };
    const materials = ids.map((id) => {
      const f = files.find((x) => x.id === id)!;
      return { fileId: f.id, sha256: f.sha256 };
    });
    const r = moveProject(
      before,
      { type: body.type, materials, reason: body.reason, permitNo: body.permitNo },
      { now: now.toISOString(), actor: { id: actor.userId, role: actor.role, party } },
    );
    if (!r.ok) {
      const status = FORBIDDEN.has(r.code) ? 403 : r.field !== undefined ? 400 : 409;
      throw AppError.refusal(r.code, r.message, status, r.field);
    }
    const { state, event } = r.value;
    await insertStageEvent(trx, {
      project_id: p.id,
      seq: await nextStageSeq(trx, p.id),
      type: event.type,
      from_stage: event.from,
      to_stage: event.to,
      at: now,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      actor_role: actor.role,
      actor_party: party,
      materials: JSON.stringify(
        event.materials.map((m) => ({
          ...m,
          name: files.find((f) => f.id === m.fileId)?.original_name ?? '',
        })),
      ),
      reason: event.reason,
      permit_no: event.permitNo,
      region_code: p.region_code,
    });
    await saveProjectStage(trx, p.id, {
      stage: state.stage,
      status: legacyProjectStatus(state.stage),
      permit_no: state.permitNo,
      updated_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: `project.${event.type}`,
      subjectType: 'project',
      subjectId: p.id,
      regionCode: p.region_code,
      before,
      after: state,
      details: {
        from: event.from,
        to: event.to,
        materials: event.materials,
        ...(event.reason ? { reason: event.reason } : {}),
        ...(event.permitNo ? { permitNo: event.permitNo } : {}),
        ...(party ? { party } : {}),
      },
      at: now,
    });
  });
}
