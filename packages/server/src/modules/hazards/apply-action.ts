import type { Kysely } from 'kysely';
import {
  hazardInvariantViolations,
  transition,
  type HazardAction,
  type HazardEvent,
  type HazardState,
  type ListingLevel,
} from '@redline/domain';
import { HAZARD_ACTION_FIELDS, type HazardActionBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { authorityLeaders, enterpriseManagers, notifyUsers } from '../notifications/notify.ts';
import {
  appendHazardEvent,
  authorityRegionCode,
  latestEventOf,
  loadHazard,
  ownedEvidenceIds,
  saveHazardState,
  type HazardRow,
} from './repo.ts';
import { domainActor, stateOf } from './presenters.ts';
import { actorParty, partyManagerIds, projectHasSupervision } from '../projects/membership.ts';
import { deadlineInstant, zhDateTime } from './time.ts';

/**
 * The one way a hazard changes on the server: lock the row, ask the domain state machine, store
 * the new state with its event, write the audit entry and tell the people concerned — all in the
 * caller's transaction. An illegal or refused move changes nothing and says why.
 */
export interface TransitionResult {
  state: HazardState;
  event: HazardEvent;
  row: HazardRow;
}

/** POST /api/hazards/:id/actions: the HTTP body as a domain action on the locked hazard, in one transaction. */
export async function applyHazardAction(
  db: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'config'>,
  actor: Actor,
  hazardId: string,
  body: HazardActionBody,
): Promise<TransitionResult> {
  return inTransaction(db, async (trx) => {
    const row = await loadHazard(trx, actor, hazardId, true);
    const action = await toDomainAction(trx, deps, actor, row, body);
    return transitionHazard(trx, deps, actor, row.id, action, { row, note: body.note });
  });
}

const FORBIDDEN_CODES = new Set([
  'ROLE_NOT_ALLOWED',
  'NOT_LISTING_AUTHORITY',
  'NOT_SUPERVISION',
  'SUPERVISION_CANNOT_SUBMIT',
]);

export async function transitionHazard(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now' | 'config'>,
  actor: Actor,
  hazardId: string,
  action: HazardAction,
  opts: { documentId?: string | null; row?: HazardRow; note?: string } = {},
): Promise<TransitionResult> {
  const row = opts.row ?? (await loadHazard(trx, actor, hazardId, true));
  const before = stateOf(row);
  const now = deps.now();
  // On a project the caller acts for their party; evidence on a project with a supervision party
  // waits for supervision's confirmation (issue 17).
  const party = await actorParty(trx, actor, row.project_id);
  const supervised = action.type === 'submit_evidence' && (await projectHasSupervision(trx, row.project_id));
  const result = transition(before, action, {
    now: now.toISOString(),
    actor: domainActor(actor, party),
    ...(supervised ? { supervised } : {}),
  });
  if (!result.ok) {
    // Bad data names a field (400); a state that does not allow the move is a conflict (409).
    const dataError =
      result.field !== undefined && (result.code !== 'PLAN_INCOMPLETE' || result.field.startsWith('plan.'));
    const status = FORBIDDEN_CODES.has(result.code) ? 403 : dataError ? 400 : 409;
    throw AppError.refusal(result.code, result.message, status, result.field);
  }
  const { state } = result.value;
  const event =
    opts.note && result.value.event.payload.note == null
      ? { ...result.value.event, payload: { ...result.value.event.payload, note: opts.note } }
      : result.value.event;
  const broken = hazardInvariantViolations(state);
  if (broken.length) throw new Error(`hazard ${hazardId} would break invariants: ${broken.join('; ')}`);

  const evidence =
    action.type === 'submit_evidence' || action.type === 'rectify_on_spot' ? state.evidence : [];
  await appendHazardEvent(trx, {
    hazard_id: hazardId,
    type: event.type,
    at: now,
    actor_id: actor.userId,
    actor_name: actor.displayName,
    actor_role: actor.role,
    authority_id: actor.authorityId,
    from_status: event.from,
    to_status: event.to,
    payload: JSON.stringify(event.payload),
    evidence_file_ids: evidence,
    document_id: opts.documentId ?? null,
    region_code: row.region_code,
  });
  await saveHazardState(trx, hazardId, {
    state: JSON.stringify(state),
    status: state.status,
    grade: state.grade,
    deadline: state.deadline,
    updated_at: now,
  });
  await appendAudit(trx, {
    actor,
    action: `hazard.${event.type}`,
    subjectType: 'hazard',
    subjectId: hazardId,
    regionCode: row.region_code,
    before,
    after: state,
    details: {
      from: event.from,
      to: event.to,
      ...pickDetails(event.payload),
      ...(opts.documentId ? { documentId: opts.documentId } : {}),
    },
    at: now,
  });
  await tellPeople(trx, deps, row, action, state);
  return {
    state,
    event,
    row: {
      ...row,
      state: state as never,
      status: state.status,
      grade: state.grade,
      deadline: state.deadline ? new Date(state.deadline) : null,
    },
  };
}

/** The facts of an event worth keeping in clear in the audit entry (no free text beyond reasons). */
function pickDetails(p: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const k of [
    'grade',
    'deadline',
    'accepted',
    'approved',
    'level',
    'authorityId',
    'requestedDeadline',
    'reason',
    'comment',
    'note',
    'evidence',
  ])
    if (p[k] !== undefined && p[k] !== null) out[k] = p[k];
  return out;
}

async function tellPeople(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'config'>,
  row: HazardRow,
  action: HazardAction,
  state: HazardState,
) {
  const link = `/hazards/${row.id}`;
  const tz = deps.config.TIME_ZONE;
  const base = { subjectType: 'hazard', subjectId: row.id, link };
  const managers = () => enterpriseManagers(trx, row.enterprise_id, row.project_id);
  const orderer = async () => {
    const e = await latestEventOf(trx, row.id, ['order_rectification', 'review']);
    return e?.actor_id ? [e.actor_id] : row.found_by ? [row.found_by] : [];
  };
  switch (action.type) {
    case 'order_rectification':
      return notifyUsers(trx, await managers(), {
        ...base,
        kind: 'hazard.ordered',
        title: `隐患整改通知：${row.title}`,
        body: `请于 ${zhDateTime(tz, state.deadline!, true)} 前完成整改并提交整改材料。`,
      });
    case 'review':
      if (action.accepted)
        return notifyUsers(trx, await managers(), {
          ...base,
          kind: 'hazard.accepted',
          title: `整改已通过复查：${row.title}`,
        });
      return notifyUsers(trx, await managers(), {
        ...base,
        kind: 'hazard.returned',
        title: `整改未通过复查：${row.title}`,
        body: `${action.comment ?? ''} 新的整改期限：${zhDateTime(tz, state.deadline!, true)}。`,
      });
    case 'submit_evidence':
      if (state.supervision?.required)
        return notifyUsers(trx, await partyManagerIds(trx, row.project_id, 'supervision'), {
          ...base,
          kind: 'hazard.submitted',
          title: `施工单位已提交整改材料，请监理确认：${row.title}`,
        });
      return notifyUsers(trx, await orderer(), {
        ...base,
        kind: 'hazard.submitted',
        title: `企业已提交整改材料，请复查：${row.title}`,
      });
    case 'confirm_evidence':
      return action.accepted
        ? notifyUsers(trx, await orderer(), {
            ...base,
            kind: 'hazard.submitted',
            title: `监理单位已确认整改材料，请复查：${row.title}`,
          })
        : notifyUsers(trx, await managers(), {
            ...base,
            kind: 'hazard.returned',
            title: `监理单位未确认整改材料：${row.title}`,
            body: action.comment ?? '',
          });
    case 'request_extension':
      return notifyUsers(trx, await orderer(), {
        ...base,
        kind: 'hazard.extension_requested',
        title: `延期申请待审批：${row.title}`,
        body: action.reason,
      });
    case 'decide_extension':
      return notifyUsers(trx, await managers(), {
        ...base,
        kind: 'hazard.extension_decided',
        title: `${action.approved ? '延期申请已批准' : '延期申请未批准'}：${row.title}`,
      });
    case 'list_for_supervision':
      return notifyUsers(
        trx,
        [...(await managers()), ...(await authorityLeaders(trx, state.listing?.authorityId ?? null))],
        { ...base, kind: 'hazard.listed', title: `重大事故隐患挂牌督办：${row.title}` },
      );
    default:
      return [];
  }
}

const LEVEL_BY_LENGTH: Record<number, ListingLevel> = {
  0: 'national',
  2: 'province',
  4: 'city',
  6: 'county',
};

/** Turns an HTTP action body into the domain action: fields checked per type, deadlines as instants, evidence owned by the hazard. */
export async function toDomainAction(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'config'>,
  actor: Actor,
  row: HazardRow,
  body: HazardActionBody,
): Promise<HazardAction> {
  const spec = HAZARD_ACTION_FIELDS[body.type];
  const allowed = new Set(['type', ...spec.required, ...spec.optional]);
  for (const key of Object.keys(body)) {
    if (!allowed.has(key) && (body as Record<string, unknown>)[key] !== undefined)
      throw validation(
        key,
        `${key} does not belong to the action ${body.type}; it takes ${[...spec.required, ...spec.optional].join(', ') || 'no fields'}`,
      );
  }
  for (const key of spec.required)
    if ((body as Record<string, unknown>)[key] === undefined)
      throw validation(key, `${key} is required for ${body.type}`);
  const tz = deps.config.TIME_ZONE;
  const when = (d: string | undefined) => (d === undefined ? undefined : deadlineInstant(d, tz));
  const evidence = async (ids: string[]) => {
    const owned = await ownedEvidenceIds(trx, row.id, ids);
    const missing = ids.filter((id) => !owned.includes(id));
    if (missing.length)
      throw validation(
        'evidenceFileIds',
        `File ${missing[0]} was not uploaded as evidence of this hazard; upload it with POST /api/hazards/${row.id}/evidence first`,
      );
    return ids;
  };
  switch (body.type) {
    case 'confirm':
      return { type: 'confirm', grade: body.grade };
    case 'reject':
      return { type: 'reject', reason: body.reason! };
    case 'rectify_on_spot':
      return { type: 'rectify_on_spot', evidence: await evidence(body.evidenceFileIds!), note: body.note };
    case 'order_rectification':
      return { type: 'order_rectification', deadline: when(body.deadline)! };
    case 'submit_plan':
      return { type: 'submit_plan', plan: body.plan! };
    case 'list_for_supervision': {
      if (!actor.authorityId)
        throw new AppError(
          'AUTHORITY_REQUIRED',
          '挂牌督办须以监管部门名义 / listing needs an acting authority',
        );
      const authorityRegion = await authorityRegionCode(trx, actor.authorityId);
      const own = LEVEL_BY_LENGTH[authorityRegion.length] ?? 'county';
      if (body.level && body.level !== own)
        throw validation(
          'level',
          `你所在机关为${own}级，挂牌级别只能是 ${own} / your authority lists at ${own} level`,
        );
      return { type: 'list_for_supervision', level: own };
    }
    case 'start_rectification':
      return { type: 'start_rectification' };
    case 'submit_evidence':
      return { type: 'submit_evidence', evidence: await evidence(body.evidenceFileIds!), note: body.note };
    case 'review':
      return {
        type: 'review',
        accepted: body.accepted!,
        deadline: when(body.deadline),
        comment: body.comment,
      };
    case 'close_out':
      return { type: 'close_out', comment: body.comment };
    case 'request_extension':
      return {
        type: 'request_extension',
        requestedDeadline: when(body.requestedDeadline)!,
        reason: body.reason!,
      };
    case 'decide_extension':
      return {
        type: 'decide_extension',
        approved: body.approved!,
        deadline: when(body.deadline),
        comment: body.comment,
      };
    case 'confirm_evidence':
      return { type: 'confirm_evidence', accepted: body.accepted!, comment: body.comment };
  }
}
