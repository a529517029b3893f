import { dateInZone } from '@redline/domain';
import type { Static } from '@sinclair/typebox';
import type { OpenCaseBody } from '@redline/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { appendAudit } from '../../audit/chain.ts';
import type { Deps } from '../../http/context.ts';
import { validation } from '../../errors.ts';
import { nextSerial } from './repo/counters.ts';
import { numberingRules } from './templates.ts';
import {
  enterpriseRegion,
  hazardParties,
  insertCase,
  inspectionParty,
  openingAuthority,
  projectRegion,
} from './repo/cases.ts';

/**
 * A case (案件) groups the documents and evidence of one enforcement matter from filing to
 * closing: opened from an inspection, a hazard, an alarm or a report (here, numbered per authority
 * and year); filed and decided by its documents (case filing approval, penalty decision, see
 * issue-document.ts); closed by a leader with a note (close-case.ts).
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
  const authority = await openingAuthority(trx, actor.authorityId);
  let subject = {
    enterpriseId: b.enterpriseId ?? null,
    projectId: b.projectId ?? null,
    siteId: b.siteId ?? null,
  };
  const hazardIds = [...(b.hazardIds ?? [])];
  if (b.source === 'hazard' && b.sourceId && !hazardIds.includes(b.sourceId)) hazardIds.unshift(b.sourceId);
  if (b.source === 'inspection' && b.sourceId) {
    const i = await inspectionParty(trx, actor, b.sourceId);
    if (!i) throw validation('sourceId', 'No such inspection in your jurisdiction');
    if (!subject.enterpriseId && !subject.projectId)
      subject = { enterpriseId: i.enterprise_id, projectId: i.project_id, siteId: i.site_id };
  }
  const hazards = hazardIds.length ? await hazardParties(trx, actor, hazardIds) : [];
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
    const e = await enterpriseRegion(trx, actor, subject.enterpriseId);
    if (!e) throw validation('enterpriseId', 'No such enterprise in your jurisdiction');
    regionCode = e;
  } else {
    const p = await projectRegion(trx, actor, subject.projectId!);
    if (!p) throw validation('projectId', 'No such project in your jurisdiction');
    regionCode = p;
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
  const id = await insertCase(trx, {
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
  });
  await appendAudit(trx, {
    actor,
    action: 'case.open',
    subjectType: 'case',
    subjectId: id,
    regionCode,
    after: { number, title: b.title, source: b.source, hazardIds: hazards.map((h) => h.id) },
    details: { number },
  });
  return id;
}
