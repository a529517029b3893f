import { dateInZone } from '@redline/domain';
import { sql, type Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { CaseQuery, CaseSummary, CaseView, OpenCaseBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { inScope } from '../../auth/scope.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { visibleFile } from '../../storage/routes.ts';
import { pageOf, searchAny } from '../../db/paging.ts';
import { nextSerial } from './numbering.ts';
import { numberingRules } from './templates.ts';
import { summaryColumns as documentColumns, summaryOf as documentSummary } from './documents.ts';

/**
 * A case (案件) groups the documents and evidence of one enforcement matter from filing to
 * closing: opened from an inspection, a hazard, an alarm or a report; filed and decided by its
 * documents (case filing approval, penalty decision); closed by a leader with a note.
 */
type Db = Kysely<DB>;

export async function openCase(
  trx: Db,
  deps: Pick<Deps, 'config' | 'now'>,
  actor: Actor,
  b: Static<typeof OpenCaseBody>,
): Promise<string> {
  authorize(actor, 'open', 'case');
  if (!actor.authorityId)
    throw validation('authorityId', 'A case is opened by an authority; your account belongs to none');
  const authority = await trx
    .selectFrom('authorities')
    .select(['id', 'short_name', 'kind', 'region_code'])
    .where('id', '=', actor.authorityId)
    .executeTakeFirstOrThrow();
  let subject = {
    enterpriseId: b.enterpriseId ?? null,
    projectId: b.projectId ?? null,
    siteId: b.siteId ?? null,
  };
  const hazardIds = [...(b.hazardIds ?? [])];
  if (b.source === 'hazard' && b.sourceId && !hazardIds.includes(b.sourceId)) hazardIds.unshift(b.sourceId);
  if (b.source === 'inspection' && b.sourceId) {
    const i = await trx
      .selectFrom('inspections as i')
      .select(['i.enterprise_id', 'i.project_id', 'i.site_id'])
      .where('i.id', '=', b.sourceId)
      .where(inScope(actor, 'inspection', 'i'))
      .executeTakeFirst();
    if (!i) throw validation('sourceId', 'No such inspection in your jurisdiction');
    if (!subject.enterpriseId && !subject.projectId)
      subject = { enterpriseId: i.enterprise_id, projectId: i.project_id, siteId: i.site_id };
  }
  const hazards = hazardIds.length
    ? await trx
        .selectFrom('hazards as h')
        .select(['h.id', 'h.enterprise_id', 'h.project_id', 'h.site_id'])
        .where('h.id', 'in', hazardIds)
        .where(inScope(actor, 'hazard', 'h'))
        .execute()
    : [];
  const missing = hazardIds.find((id) => !hazards.some((h) => h.id === id));
  if (missing)
    throw validation(
      b.source === 'hazard' && missing === b.sourceId ? 'sourceId' : 'hazardIds',
      `No such hazard in your jurisdiction: ${missing}`,
    );
  if (!subject.enterpriseId && !subject.projectId && hazards.length)
    subject = {
      enterpriseId: hazards[0].enterprise_id,
      projectId: hazards[0].project_id,
      siteId: hazards[0].site_id,
    };
  if (!subject.enterpriseId && !subject.projectId)
    throw validation('enterpriseId', 'Name the party of the case: enterpriseId or projectId');
  let regionCode: string;
  if (subject.enterpriseId) {
    const e = await trx
      .selectFrom('enterprises as e')
      .select('e.region_code')
      .where('e.id', '=', subject.enterpriseId)
      .where(inScope(actor, 'enterprise', 'e'))
      .executeTakeFirst();
    if (!e) throw validation('enterpriseId', 'No such enterprise in your jurisdiction');
    regionCode = e.region_code;
  } else {
    const p = await trx
      .selectFrom('projects as p')
      .select('p.region_code')
      .where('p.id', '=', subject.projectId!)
      .where(inScope(actor, 'project', 'p'))
      .executeTakeFirst();
    if (!p) throw validation('projectId', 'No such project in your jurisdiction');
    regionCode = p.region_code;
  }
  if (!regionCode.startsWith(authority.region_code))
    throw validation('enterpriseId', 'The party lies outside your authority’s jurisdiction');
  const year = Number(dateInZone(deps.config.TIME_ZONE, deps.now()).slice(0, 4));
  const serial = await nextSerial(trx, authority.id, 'case', year);
  const rules = numberingRules();
  const number = rules.format
    .replace('{short}', authority.short_name)
    .replace('{prefix}', rules.prefixes[authority.kind] ?? '')
    .replace('{abbreviation}', rules.caseAbbreviation)
    .replace('{year}', String(year))
    .replace('{serial}', String(serial));
  const row = await trx
    .insertInto('cases')
    .values({
      number,
      authority_id: authority.id,
      region_code: regionCode,
      enterprise_id: subject.enterpriseId,
      project_id: subject.projectId,
      site_id: subject.siteId,
      title: b.title.trim(),
      source: b.source,
      source_id: b.sourceId ?? null,
      summary: b.summary ?? '',
      hazard_ids: hazards.map((h) => h.id),
      opened_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    actor,
    action: 'case.open',
    subjectType: 'case',
    subjectId: row.id,
    regionCode,
    after: { number, title: b.title, source: b.source, hazardIds: hazards.map((h) => h.id) },
    details: { number },
  });
  return row.id;
}

export async function loadCase(db: Db, actor: Actor, id: string, forUpdate = false) {
  let q = db
    .selectFrom('cases as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where(inScope(actor, 'case', 'c'));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Case');
  return row;
}

export async function addCaseEvidence(trx: Db, deps: Deps, actor: Actor, id: string, fileIds: string[]) {
  authorize(actor, 'update', 'case');
  const c = await loadCase(trx, actor, id, true);
  if (c.status === 'closed') throw new AppError('CONFLICT', 'The case is closed', 409);
  for (const f of fileIds) {
    try {
      await visibleFile({ ...deps, database: { ...deps.database, db: trx } }, actor, f);
    } catch {
      throw validation('fileIds', `No such file visible to you: ${f}`);
    }
  }
  const merged = [...new Set([...c.evidence_file_ids, ...fileIds])];
  await trx
    .updateTable('cases')
    .set({ evidence_file_ids: merged, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  await appendAudit(trx, {
    actor,
    action: 'case.evidence',
    subjectType: 'case',
    subjectId: id,
    regionCode: c.region_code,
    before: c.evidence_file_ids,
    after: merged,
    details: { added: fileIds },
  });
}

export async function closeCase(trx: Db, actor: Actor, id: string, note: string) {
  authorize(actor, 'close', 'case');
  const c = await loadCase(trx, actor, id, true);
  if (c.status === 'closed') throw new AppError('CONFLICT', 'The case is already closed', 409);
  await trx
    .updateTable('cases')
    .set({
      status: 'closed',
      closed_by: actor.userId,
      closed_at: sql`now()`,
      closing_note: note.trim(),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
  await appendAudit(trx, {
    actor,
    action: 'case.close',
    subjectType: 'case',
    subjectId: id,
    regionCode: c.region_code,
    before: { status: c.status },
    after: { status: 'closed', note },
    details: { note },
  });
}

const caseColumns = (qb: any) =>
  qb
    .innerJoin('authorities as a', 'a.id', 'c.authority_id')
    .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .leftJoin('projects as p', 'p.id', 'c.project_id')
    .selectAll('c')
    .select([
      'a.name as authority_name',
      'e.name as enterprise_name',
      'p.name as project_name',
      sql<number>`(SELECT count(*)::int FROM documents d WHERE d.case_id = c.id)`.as('document_count'),
    ]);

const caseSummary = (r: any): Static<typeof CaseSummary> => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status,
  source: r.source,
  authorityId: r.authority_id,
  authorityName: r.authority_name,
  regionCode: r.region_code,
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name ?? null,
  projectId: r.project_id,
  projectName: r.project_name ?? null,
  openedAt: new Date(r.opened_at).toISOString(),
  closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  documentCount: r.document_count,
});

export async function listCases(db: Db, actor: Actor, q: Static<typeof CaseQuery>) {
  let base = db.selectFrom('cases as c').where(inScope(actor, 'case', 'c'));
  if (q.status) base = base.where('c.status', '=', q.status);
  if (q.enterpriseId) base = base.where('c.enterprise_id', '=', q.enterpriseId);
  if (q.projectId) base = base.where('c.project_id', '=', q.projectId);
  if (q.q) base = base.where(searchAny(q.q, ['c.title', 'c.number']));
  const page = await pageOf(base, caseColumns, {
    ...q,
    sortColumn: 'c.opened_at',
    order: q.order ?? 'desc',
    idColumn: 'c.id',
  });
  return { ...page, items: page.items.map(caseSummary) };
}

export async function caseView(db: Db, actor: Actor, id: string): Promise<Static<typeof CaseView>> {
  await loadCase(db, actor, id);
  const r = await caseColumns(db.selectFrom('cases as c')).where('c.id', '=', id).executeTakeFirstOrThrow();
  const docs = await documentColumns(db.selectFrom('documents as d'))
    .where('d.case_id', '=', id)
    .orderBy('d.created_at')
    .execute();
  const docIds = docs.map((d: { id: string }) => d.id);
  const entries = await db
    .selectFrom('audit_entries')
    .select(['at', 'action', 'actor_name', 'details'])
    .where((eb) =>
      eb.or([
        eb.and([eb('subject_type', '=', 'case'), eb('subject_id', '=', id)]),
        ...(docIds.length
          ? [eb.and([eb('subject_type', '=', 'document'), eb('subject_id', 'in', docIds)])]
          : []),
      ]),
    )
    .orderBy('at')
    .execute();
  return {
    ...caseSummary(r),
    summary: r.summary,
    sourceId: r.source_id,
    siteId: r.site_id,
    hazardIds: r.hazard_ids,
    evidenceFileIds: r.evidence_file_ids,
    closingNote: r.closing_note,
    documents: docs.map(documentSummary),
    timeline: entries.map((e) => ({
      at: new Date(e.at).toISOString(),
      action: e.action,
      actorName: e.actor_name,
      details: (e.details ?? {}) as Record<string, unknown>,
    })),
  };
}
