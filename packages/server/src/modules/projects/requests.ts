import type { Kysely } from 'kysely';
import { isOfficer, type PartyRole } from '@redline/domain';
import type { ProjectRequestAnswerBody, ProjectRequestBody, ProjectRequestView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { actorParty } from './membership.ts';
import { loadProject, partiesOf } from './repo.ts';
import { insertRequest, requestForUpdate, updateRequest, type RequestRow } from './requests-repo.ts';

/**
 * Survey and design requests (issue 17 part 3). A law-enforcement officer or the constructor asks
 * the project's survey (勘察) or design (设计) party; that party's accounts answer; the asking side
 * (an officer, or the constructor) closes it. Who sees them: whoever sees the project — another
 * project's survey party gets 404 like a missing one (loadProject reads the caller's scope).
 */
const mayAsk = (actor: Actor, party: PartyRole | null) =>
  isOfficer(actor.role) || party === 'general_contractor';

export async function sendRequest(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  body: ProjectRequestBody,
  now: Date,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const p = await loadProject(trx, actor, projectId);
    const party = await actorParty(trx, actor, p.id);
    if (!mayAsk(actor, party))
      throw new AppError(
        'FORBIDDEN',
        '只有监管人员或施工单位可以向勘察、设计单位发函 / only a regulator or the constructor may send a survey or design request',
      );
    const subject = body.subject.trim();
    const question = body.question.trim();
    if (!subject) throw validation('subject', '请填写事由 / the subject is empty');
    if (!question) throw validation('question', '请填写需澄清的问题 / the question is empty');
    if (!(await partiesOf(trx, p.id)).some((x) => x.role === body.toParty))
      throw validation(
        'toParty',
        `本项目没有登记${body.toParty === 'survey' ? '勘察' : '设计'}单位 / the project names no ${body.toParty} party`,
      );
    const { id } = await insertRequest(trx, {
      project_id: p.id,
      region_code: p.region_code,
      to_party: body.toParty,
      subject,
      question,
      asked_by: actor.userId,
      asked_by_name: actor.displayName,
      asked_by_party: party,
      asked_at: now,
    });
    await appendAudit(trx, {
      actor,
      action: 'project.request_sent',
      subjectType: 'project',
      subjectId: p.id,
      regionCode: p.region_code,
      after: { requestId: id, toParty: body.toParty, subject },
      at: now,
    });
    return id;
  });
}

export async function answerRequest(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  requestId: string,
  body: ProjectRequestAnswerBody,
  now: Date,
): Promise<void> {
  await moveRequest(db, actor, projectId, requestId, now, async (trx, r, party) => {
    if (party !== r.to_party)
      throw new AppError(
        'FORBIDDEN',
        `此函件由${r.to_party === 'survey' ? '勘察' : '设计'}单位答复 / the ${r.to_party} party answers this request`,
      );
    if (r.status !== 'open')
      throw AppError.refusal(
        'REQUEST_NOT_OPEN',
        `The request is ${r.status}; only an open one is answered`,
        409,
      );
    const answer = body.answer.trim();
    if (!answer) throw validation('answer', '请填写答复 / the answer is empty');
    await updateRequest(trx, r.id, {
      status: 'answered',
      answer,
      answered_by: actor.userId,
      answered_by_name: actor.displayName,
      answered_at: now,
    });
    return { status: 'answered', action: 'project.request_answered' };
  });
}

export async function closeRequest(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  requestId: string,
  now: Date,
): Promise<void> {
  await moveRequest(db, actor, projectId, requestId, now, async (trx, r, party) => {
    if (!mayClose(actor, party, r))
      throw new AppError('FORBIDDEN', '由发函方关闭 / the asking side closes the request');
    if (r.status === 'closed')
      throw AppError.refusal('REQUEST_NOT_OPEN', 'The request is already closed', 409);
    await updateRequest(trx, r.id, { status: 'closed', closed_by: actor.userId, closed_at: now });
    return { status: 'closed', action: 'project.request_closed' };
  });
}

/**
 * One step of a request: the project as the caller sees it (404 outside), the request under a row
 * lock (404 when not this project's), the caller's party on the project; `step` checks and writes,
 * and returns the status it moved to and the audit action that records it.
 */
async function moveRequest(
  db: Kysely<DB>,
  actor: Actor,
  projectId: string,
  requestId: string,
  now: Date,
  step: (
    trx: Kysely<DB>,
    r: RequestRow,
    party: PartyRole | null,
  ) => Promise<{ status: 'answered' | 'closed'; action: string }>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const p = await loadProject(trx, actor, projectId);
    const r = await requestForUpdate(trx, p.id, requestId);
    if (!r) throw notFound('Request');
    const { status, action } = await step(trx, r, await actorParty(trx, actor, p.id));
    await appendAudit(trx, {
      actor,
      action,
      subjectType: 'project',
      subjectId: p.id,
      regionCode: p.region_code,
      before: { requestId: r.id, status: r.status },
      after: { requestId: r.id, status },
      at: now,
    });
  });
}

/** The asking side: an officer, or the party that asked (the constructor). */
function mayClose(actor: Actor, party: PartyRole | null, r: Pick<RequestRow, 'asked_by_party'>) {
  return isOfficer(actor.role) || (party !== null && party === r.asked_by_party);
}

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

export function requestView(r: RequestRow, actor: Actor, party: PartyRole | null): ProjectRequestView {
  return {
    id: r.id,
    toParty: r.to_party,
    subject: r.subject,
    question: r.question,
    status: r.status,
    askedByName: r.asked_by_name,
    askedByParty: r.asked_by_party,
    askedAt: new Date(r.asked_at).toISOString(),
    answer: r.answer,
    answeredByName: r.answered_by_name,
    answeredAt: iso(r.answered_at),
    closedAt: iso(r.closed_at),
    canAnswer: r.status === 'open' && party === r.to_party,
    canClose: r.status !== 'closed' && mayClose(actor, party, r),
  };
}

export const canAskParties = mayAsk;
