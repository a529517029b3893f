import { sql } from 'kysely';
import { Static } from '@sinclair/typebox';
import { Certificate, CertificateInput, CertificatePatch, CertificateQuery } from '@redline/contracts';
import { addDays, addYears, compareDates } from '@redline/domain';
import { inScope, inRegion } from '../../auth/scope.ts';
import { AppError, conflict, notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { RegistryKind, SheetColumn, Tx } from './kind.ts';
import { pageOf, searchAny, iso } from '../../db/paging.ts';
import { assertVisible } from './references.ts';
import { date, text } from './cells.ts';
import { assessCertificate, certificateStatusSql, describeCertificateReason } from './certificate-status.ts';

type Input = Static<typeof CertificateInput>;
type Query = Static<typeof CertificateQuery>;
const SORT: Record<string, string> = {
  expiresOn: 'c.expires_on',
  number: 'c.number',
  categoryCode: 'c.category_code',
  createdAt: 'c.created_at',
};

const base = (tx: Tx, actor: Actor) =>
  tx
    .selectFrom('certificates as c')
    .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
    .innerJoin('workers as w', 'w.id', 'c.worker_id')
    .leftJoin('enterprises as e', 'e.id', 'w.employer_id')
    .where(inScope(actor, 'certificate', 'c'));
const columns = (qb: any) =>
  qb
    .selectAll('c')
    .select([
      'cc.name_zh as category_name',
      'cc.track',
      'cc.review_window_days',
      'w.name as worker_name',
      'w.employer_id',
      'e.name as employer_name',
    ]);

const view =
  (today: string) =>
  (r: any): Static<typeof Certificate> => {
    const assessed = assessCertificate(r, today);
    return {
      id: r.id,
      workerId: r.worker_id,
      workerName: r.worker_name,
      employerId: r.employer_id,
      employerName: r.employer_name,
      categoryCode: r.category_code,
      categoryName: r.category_name,
      track: r.track,
      number: r.number,
      issuedOn: r.issued_on,
      expiresOn: r.expires_on,
      nextReviewOn: r.next_review_on,
      lastReviewedOn: r.last_reviewed_on,
      issuer: r.issuer,
      regionCode: r.region_code,
      status: assessed.status,
      statusReason: describeCertificateReason(assessed),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    };
  };

/** Fills expiry and next review from the category's validity rules when not given. */
async function completeDates(
  tx: Tx,
  input: { categoryCode: string; issuedOn: string; expiresOn?: string; nextReviewOn?: string | null },
) {
  const cat = await tx
    .selectFrom('certificate_categories')
    .selectAll()
    .where('code', '=', input.categoryCode)
    .executeTakeFirst();
  if (!cat) throw validation('categoryCode', `Unknown certificate category ${input.categoryCode}`);
  const expiresOn = input.expiresOn ?? addDays(addYears(input.issuedOn, cat.validity_years), -1);
  if (compareDates(expiresOn, input.issuedOn) <= 0)
    throw validation('expiresOn', 'The expiry date must be after the issue date');
  const nextReviewOn =
    input.nextReviewOn !== undefined
      ? input.nextReviewOn
      : cat.review_every_years
        ? addYears(input.issuedOn, cat.review_every_years)
        : null;
  return { expiresOn, nextReviewOn };
}

/** The holder is named in the sheet by resident ID number, matched through the keyed hash. */
const holderByIdNumber: SheetColumn['parse'] = async (t, { deps, tx, actor }) => {
  // Only among the workers the importer sees: a person registered elsewhere reads as unregistered
  // (naming them, or their record's id, would tell that this ID number is registered somewhere).
  const row = await tx
    .selectFrom('workers as w')
    .select('w.id')
    .where('w.id_number_hash', '=', deps.secrets.mac(t.trim().toUpperCase()))
    .where(inScope(actor, 'worker', 'w'))
    .executeTakeFirst();
  if (!row) throw new AppError('VALIDATION', 'No registered worker has this ID number');
  return row.id;
};

const categoryByCodeOrName: SheetColumn['parse'] = async (t, { tx }) => {
  const v = t.trim();
  const row = await tx
    .selectFrom('certificate_categories')
    .select('code')
    .where((eb) => eb.or([eb('code', '=', v), eb('name_zh', '=', v)]))
    .executeTakeFirst();
  if (!row) throw new AppError('VALIDATION', `Unknown certificate category "${v}"`);
  return row.code;
};

export const certificates: RegistryKind<Static<typeof Certificate>, Input, Query> = {
  kind: 'certificate',
  path: 'certificates',
  label: { zh: '特种作业操作证', en: 'Special-operation certificates' },
  schemas: { view: Certificate, input: CertificateInput, patch: CertificatePatch, query: CertificateQuery },

  async list(deps, actor, q, opts) {
    let qb = base(deps.database.db, actor);
    if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'c'));
    if (q.track) qb = qb.where('cc.track', '=', q.track);
    if (q.categoryCode) qb = qb.where('c.category_code', '=', q.categoryCode);
    if (q.workerId) qb = qb.where('c.worker_id', '=', q.workerId);
    if (q.employerId) qb = qb.where('w.employer_id', '=', q.employerId);
    if (q.status) qb = qb.where(sql<boolean>`${certificateStatusSql(deps.today())} = ${q.status}`);
    if (q.q) qb = qb.where(searchAny(q.q, ['c.number', 'w.name', 'e.name']));
    const page = await pageOf(qb, columns, {
      ...q,
      sortColumn: SORT[q.sort ?? 'expiresOn'],
      idColumn: 'c.id',
      limit: opts?.limit,
    });
    return { ...page, items: page.items.map(view(deps.today())) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await columns(base(tx, actor).where('c.id', '=', id)).executeTakeFirst();
    if (!row) throw notFound('Certificate');
    return view(deps.today())(row);
  },

  async create(_deps, actor, input, tx) {
    const worker = await assertVisible(tx, actor, 'workers', 'worker', input.workerId, 'workerId', 'worker');
    const dates = await completeDates(tx, input);
    const dup = await tx
      .selectFrom('certificates')
      .select('id')
      .where('category_code', '=', input.categoryCode)
      .where('number', '=', input.number.trim())
      .executeTakeFirst();
    if (dup)
      throw conflict(
        `Certificate ${input.number} of category ${input.categoryCode} is already registered`,
        'number',
      );
    const { id } = await tx
      .insertInto('certificates')
      .values({
        worker_id: input.workerId,
        category_code: input.categoryCode,
        number: input.number.trim(),
        issued_on: input.issuedOn,
        expires_on: dates.expiresOn,
        next_review_on: dates.nextReviewOn,
        last_reviewed_on: input.lastReviewedOn ?? null,
        issuer: input.issuer ?? '',
        region_code: worker.region_code,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async update(deps, actor, id, patch, tx) {
    const current = await this.get(deps, actor, id, tx);
    if (patch.workerId && patch.workerId !== current.workerId)
      throw validation('workerId', 'A certificate cannot move to another worker; register it again');
    if (patch.categoryCode !== undefined) {
      const cat = await tx
        .selectFrom('certificate_categories')
        .select('code')
        .where('code', '=', patch.categoryCode)
        .executeTakeFirst();
      if (!cat) throw validation('categoryCode', `Unknown certificate category ${patch.categoryCode}`);
    }
    if (patch.number !== undefined || patch.categoryCode !== undefined) {
      const number = (patch.number ?? current.number).trim();
      const dup = await tx
        .selectFrom('certificates')
        .select('id')
        .where('category_code', '=', patch.categoryCode ?? current.categoryCode)
        .where('number', '=', number)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (dup)
        throw conflict(
          `Certificate ${number} of category ${patch.categoryCode ?? current.categoryCode} is already registered`,
          'number',
        );
    }
    const merged = {
      categoryCode: patch.categoryCode ?? current.categoryCode,
      issuedOn: patch.issuedOn ?? current.issuedOn,
      expiresOn: patch.expiresOn ?? current.expiresOn,
    };
    if (compareDates(merged.expiresOn, merged.issuedOn) <= 0)
      throw validation('expiresOn', 'The expiry date must be after the issue date');
    const map: Record<string, string> = {
      categoryCode: 'category_code',
      number: 'number',
      issuedOn: 'issued_on',
      expiresOn: 'expires_on',
      nextReviewOn: 'next_review_on',
      lastReviewedOn: 'last_reviewed_on',
      issuer: 'issuer',
    };
    const set: Record<string, unknown> = { updated_at: sql`now()` };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && map[k]) set[map[k]] = v;
    await tx.updateTable('certificates').set(set).where('id', '=', id).execute();
  },

  columns: [
    {
      key: 'workerId',
      zh: '持证人身份证号',
      en: 'Holder ID number',
      required: true,
      importOnly: true,
      parse: holderByIdNumber,
    },
    { key: 'workerName', zh: '持证人', en: 'Holder', exportOnly: true, format: (v) => v.workerName },
    {
      key: 'categoryCode',
      zh: '作业类别',
      en: 'Category',
      required: true,
      parse: categoryByCodeOrName,
      format: (v) => v.categoryCode,
    },
    { key: 'number', zh: '证书编号', en: 'Number', required: true, parse: text, format: (v) => v.number },
    {
      key: 'issuedOn',
      zh: '发证日期',
      en: 'Issued on',
      required: true,
      parse: date,
      format: (v) => v.issuedOn,
    },
    { key: 'expiresOn', zh: '有效期至', en: 'Expires on', parse: date, format: (v) => v.expiresOn },
    {
      key: 'nextReviewOn',
      zh: '下次复审日期',
      en: 'Next review',
      parse: date,
      format: (v) => v.nextReviewOn,
    },
    {
      key: 'lastReviewedOn',
      zh: '上次复审日期',
      en: 'Last reviewed',
      parse: date,
      format: (v) => v.lastReviewedOn,
    },
    { key: 'issuer', zh: '发证机关', en: 'Issuer', parse: text, format: (v) => v.issuer },
    { key: 'status', zh: '状态', en: 'Status', exportOnly: true, format: (v) => v.status },
  ],
  naturalKey: (input) => `${input.categoryCode}|${input.number}`,
};
