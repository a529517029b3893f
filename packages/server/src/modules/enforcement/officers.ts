import { checkOfficers, isEnforcementInspection, isOfficer, type OfficerCheck } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { validation } from '../../errors.ts';
import { inspectionOfficers, officerAccounts } from './repo/officers.ts';

/**
 * The officers a document names (Administrative Penalty Law 2021 art. 42: enforcement by at least
 * two officers holding law-enforcement certificates; art. 55: they show them). A document drafted
 * from a law-enforcement inspection names that inspection's team, each confirmed on the inspection;
 * a document from an alarm or a case names its drafter and the colleague(s) the drafter names, each
 * of whom confirms on the document. Issuing needs two distinct certified officers who confirmed
 * (the domain's checkOfficers); the issued text names each with their certificate number.
 */
type Db = Kysely<DB>;

export interface NamedOfficer {
  userId: string;
  confirmedAt: Date | null;
}

export interface DocumentOfficer {
  userId: string;
  name: string;
  licenceNo: string | null;
  confirmed: boolean;
  active: boolean;
  /** inspection: a participant of the inspection the document comes from; document: named on the document. */
  source: 'inspection' | 'document';
}

export async function officersOf(
  db: Db,
  inspection: { id: string; kind: string } | null,
  named: readonly NamedOfficer[],
): Promise<DocumentOfficer[]> {
  const list: DocumentOfficer[] = [];
  if (inspection && isEnforcementInspection(inspection.kind))
    for (const m of await inspectionOfficers(db, inspection.id))
      list.push({
        userId: m.user_id,
        name: m.display_name,
        licenceNo: m.licence_no,
        confirmed: !!m.confirmed_at,
        active: m.active,
        source: 'inspection',
      });
  const accounts = new Map(
    (
      await officerAccounts(
        db,
        named.map((n) => n.userId),
      )
    ).map((a) => [a.id, a]),
  );
  for (const n of named) {
    const a = accounts.get(n.userId);
    if (!a) continue;
    const already = list.find((o) => o.userId === n.userId);
    if (already) already.confirmed ||= !!n.confirmedAt;
    else
      list.push({
        userId: a.id,
        name: a.display_name,
        licenceNo: a.licence_no,
        confirmed: !!n.confirmedAt,
        active: a.active,
        source: 'document',
      });
  }
  return list;
}

/** Rows of document_officers → the named officers buildFacts takes. */
export const namedOf = (
  rows: ReadonlyArray<{ user_id: string; confirmed_at: Date | null }>,
): NamedOfficer[] => rows.map((r) => ({ userId: r.user_id, confirmedAt: r.confirmed_at }));

export function checkDocumentOfficers(officers: readonly DocumentOfficer[]): OfficerCheck {
  return checkOfficers(officers);
}

const withNumber = (o: { name: string; licenceNo: string | null }) =>
  o.licenceNo ? `${o.name}（执法证号 ${o.licenceNo}）` : `${o.name}（无执法证号）`;

/**
 * The facts naming the officers. At issue (`final`) only those who count — confirmed, certified —
 * each with the certificate number; in a draft everyone named, marked while unconfirmed.
 */
export function officerFacts(officers: readonly DocumentOfficer[], check: OfficerCheck, final: boolean) {
  const shown = final ? check.qualified.map((q) => officers.find((o) => o.userId === q.userId)!) : officers;
  return {
    inspectors: shown.map((o) => ({
      userId: o.userId,
      name: o.name,
      licenceNo: o.licenceNo ?? '',
      confirmed: o.confirmed,
    })),
    inspectorsText: shown.map((o) => withNumber(o) + (o.confirmed || final ? '' : '（待确认）')).join('、'),
  };
}

/**
 * An account that may be named as an officer of a document: active, of an officer role, of the
 * issuing authority, in a jurisdiction covering the party. Someone the caller may not see answers
 * like no one.
 */
export async function assertNameable(
  db: Db,
  actor: Actor,
  userId: string,
  doc: { regionCode: string; authorityId: string },
  field: string,
): Promise<{ id: string; display_name: string; licence_no: string | null }> {
  const [a] = await officerAccounts(db, [userId]);
  const { regionCode } = doc;
  const visible =
    a &&
    (regionWithin(actor, a.region_code) || (a.region_code !== '' && regionCode.startsWith(a.region_code)));
  if (!a || !a.active || !visible) throw validation(field, 'No such active officer');
  if (!isOfficer(a.role)) throw validation(field, `${a.display_name} is not a law-enforcement officer`);
  if (a.region_code === '' || !regionCode.startsWith(a.region_code))
    throw validation(field, `${a.display_name}'s jurisdiction does not cover the party of this document`);
  if (a.authority_id !== doc.authorityId)
    throw validation(field, `${a.display_name} is not an officer of the issuing authority`);
  return a;
}
