import { Static } from '@sinclair/typebox';
import { Certificate, CertificateInput, CertificatePatch, CertificateQuery } from '@redline/contracts';
import { compareDates, computeCertificateDates, nextReviewAfter } from '@redline/domain';
import { AppError, conflict, notFound, validation } from '../../errors.ts';
import type { RegistryKind, SheetColumn, Tx } from './kind.ts';
import { iso } from '../../db/paging.ts';
import { assertVisible } from './references.ts';
import { date, text } from './cells.ts';
import { assessCertificate, describeCertificateReason } from './certificate-status.ts';
import {
  categoryByCodeOrName as findCategoryByCodeOrName,
  categoryExists,
  certificateNumberTaken,
  findCategory,
  findCertificateRow,
  insertCertificate,
  listCertificates,
  updateCertificate,
  type CertificateRow,
} from './repo/certificates.ts';
import { visibleWorkerWithIdHash } from './repo/workers.ts';

type Schemas = {
  view: typeof Certificate;
  input: typeof CertificateInput;
  patch: typeof CertificatePatch;
  query: typeof CertificateQuery;
};

const view =
  (today: string) =>
  (r: CertificateRow): Static<typeof Certificate> => {
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

/** A review is recorded once it has happened: not before the issue date, not after today. */
function assertReviewDate(lastReviewedOn: string | null | undefined, issuedOn: string, today: string) {
  if (lastReviewedOn == null) return;
  if (compareDates(lastReviewedOn, issuedOn) < 0)
    throw validation('lastReviewedOn', `A review cannot predate the issue date ${issuedOn}`);
  if (compareDates(lastReviewedOn, today) > 0)
    throw validation('lastReviewedOn', `A review is recorded once done: ${lastReviewedOn} is after today`);
}

/**
 * A next review date must come after the review recorded with it (one on or before it would show a
 * review already due the day it was done).
 */
function assertNextAfterReview(
  nextReviewOn: string | null | undefined,
  lastReviewedOn: string | null | undefined,
) {
  if (nextReviewOn && lastReviewedOn && compareDates(nextReviewOn, lastReviewedOn) <= 0)
    throw validation(
      'nextReviewOn',
      `下次复审日期 ${nextReviewOn} 须晚于复审日期 ${lastReviewedOn} / the next review ${nextReviewOn} must come after the review of ${lastReviewedOn}; leave it empty to compute it`,
    );
}

/**
 * Fills expiry and next review from the category's validity rules when not given — the domain's
 * computeCertificateDates, the rule the demo and the status use (expiry on the same calendar day N
 * years on, valid through that day); after a recorded review the next one runs from that review
 * (nextReviewAfter), not from the issue date.
 */
async function completeDates(
  tx: Tx,
  input: {
    categoryCode: string;
    issuedOn: string;
    expiresOn?: string;
    nextReviewOn?: string | null;
    lastReviewedOn?: string | null;
  },
  today: string,
) {
  const cat = await findCategory(tx, input.categoryCode);
  if (!cat) throw validation('categoryCode', `Unknown certificate category ${input.categoryCode}`);
  const rules = { validityYears: cat.validity_years, reviewEveryYears: cat.review_every_years };
  const computed = computeCertificateDates(rules, input.issuedOn);
  const expiresOn = input.expiresOn ?? computed.expiresOn;
  if (compareDates(expiresOn, input.issuedOn) <= 0)
    throw validation('expiresOn', 'The expiry date must be after the issue date');
  assertReviewDate(input.lastReviewedOn, input.issuedOn, today);
  assertNextAfterReview(input.nextReviewOn, input.lastReviewedOn);
  const every = { reviewEveryYears: cat.review_every_years, reviewWindowDays: cat.review_window_days };
  const nextReviewOn =
    input.nextReviewOn !== undefined
      ? input.nextReviewOn
      : input.lastReviewedOn
        ? nextReviewAfter(every, { reviewedOn: input.lastReviewedOn, expiresOn })
        : computed.nextReviewOn !== null && compareDates(computed.nextReviewOn, expiresOn) < 0
          ? computed.nextReviewOn
          : null;
  return { expiresOn, nextReviewOn };
}

/** The holder is named in the sheet by resident ID number, matched through the keyed hash. */
const holderByIdNumber: SheetColumn['parse'] = async (t, { deps, tx, actor }) => {
  // Only among the workers the importer sees: a person registered elsewhere reads as unregistered
  // (naming them, or their record's id, would tell that this ID number is registered somewhere).
  const id = await visibleWorkerWithIdHash(tx, actor, deps.secrets.mac(t.trim().toUpperCase()));
  if (id === undefined) throw new AppError('VALIDATION', 'No registered worker has this ID number');
  return id;
};

const categoryByCodeOrName: SheetColumn['parse'] = async (t, { tx }) => {
  const v = t.trim();
  const code = await findCategoryByCodeOrName(tx, v);
  if (code === undefined) throw new AppError('VALIDATION', `Unknown certificate category "${v}"`);
  return code;
};

export const certificates: RegistryKind<Schemas> = {
  kind: 'certificate',
  path: 'certificates',
  label: { zh: '特种作业操作证', en: 'Special-operation certificates' },
  schemas: { view: Certificate, input: CertificateInput, patch: CertificatePatch, query: CertificateQuery },

  async list(deps, actor, q, opts) {
    const page = await listCertificates(deps.database.db, actor, q, deps.today(), opts?.limit);
    return { ...page, items: page.items.map(view(deps.today())) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await findCertificateRow(tx, actor, id);
    if (!row) throw notFound('Certificate');
    return view(deps.today())(row);
  },

  async create(deps, actor, input, tx) {
    const worker = await assertVisible(tx, actor, 'workers', 'worker', input.workerId, 'workerId', 'worker');
    const dates = await completeDates(tx, input, deps.today());
    if (await certificateNumberTaken(tx, input.categoryCode, input.number.trim()))
      throw conflict(
        `Certificate ${input.number} of category ${input.categoryCode} is already registered`,
        'number',
      );
    return insertCertificate(tx, {
      worker_id: input.workerId,
      category_code: input.categoryCode,
      number: input.number.trim(),
      issued_on: input.issuedOn,
      expires_on: dates.expiresOn,
      next_review_on: dates.nextReviewOn,
      last_reviewed_on: input.lastReviewedOn ?? null,
      issuer: input.issuer ?? '',
      region_code: worker.region_code,
    });
  },

  async update(deps, actor, id, patch, tx) {
    const current = await this.get(deps, actor, id, tx);
    if (patch.workerId && patch.workerId !== current.workerId)
      throw validation('workerId', 'A certificate cannot move to another worker; register it again');
    if (patch.categoryCode !== undefined) {
      if (!(await categoryExists(tx, patch.categoryCode)))
        throw validation('categoryCode', `Unknown certificate category ${patch.categoryCode}`);
    }
    if (patch.number !== undefined || patch.categoryCode !== undefined) {
      const number = (patch.number ?? current.number).trim();
      if (await certificateNumberTaken(tx, patch.categoryCode ?? current.categoryCode, number, id))
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
    assertReviewDate(patch.lastReviewedOn, merged.issuedOn, deps.today());
    // A newly recorded review sets the next review date, unless a different one is given with it: a
    // form that sends the record back whole repeats the old (now past) date, which must not stick.
    let nextReviewOn = patch.nextReviewOn;
    const newReview =
      patch.lastReviewedOn && patch.lastReviewedOn !== current.lastReviewedOn ? patch.lastReviewedOn : null;
    if (nextReviewOn !== undefined && nextReviewOn !== current.nextReviewOn)
      assertNextAfterReview(nextReviewOn, patch.lastReviewedOn ?? current.lastReviewedOn);
    if (newReview && (nextReviewOn === undefined || nextReviewOn === current.nextReviewOn)) {
      const cat = await findCategory(tx, merged.categoryCode);
      nextReviewOn = nextReviewAfter(
        { reviewEveryYears: cat?.review_every_years ?? null, reviewWindowDays: cat?.review_window_days },
        { reviewedOn: newReview, expiresOn: merged.expiresOn },
      );
    }
    await updateCertificate(tx, id, {
      ...(patch.categoryCode !== undefined && { category_code: patch.categoryCode }),
      ...(patch.number !== undefined && { number: patch.number }),
      ...(patch.issuedOn !== undefined && { issued_on: patch.issuedOn }),
      ...(patch.expiresOn !== undefined && { expires_on: patch.expiresOn }),
      ...(nextReviewOn !== undefined && { next_review_on: nextReviewOn }),
      ...(patch.lastReviewedOn !== undefined && { last_reviewed_on: patch.lastReviewedOn }),
      ...(patch.issuer !== undefined && { issuer: patch.issuer }),
    });
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
