import { sql } from 'kysely';
import { Static } from '@sinclair/typebox';
import { Worker, WorkerInput, WorkerPatch, WorkerQuery } from '@redline/contracts';
import { maskResidentId, validateResidentId } from '@redline/domain';
import { inScope, inRegion } from '../../auth/scope.ts';
import { conflict, notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { pageOf, searchAny, iso } from '../../db/paging.ts';
import { assertRefItem, assertRegion, assertVisible } from './references.ts';
import { choice, enterprise, ref, region, text } from './cells.ts';
import { assessCertificate, certificateStatusSql } from './certificate-status.ts';

type Input = Static<typeof WorkerInput>;
type Query = Static<typeof WorkerQuery>;
const SORT: Record<string, string> = {
  name: 'w.name',
  trade: 'w.trade',
  regionCode: 'w.region_code',
  createdAt: 'w.created_at',
};

const base = (tx: Tx, actor: Actor) =>
  tx
    .selectFrom('workers as w')
    .leftJoin('regions as r', 'r.code', 'w.region_code')
    .leftJoin('enterprises as e', 'e.id', 'w.employer_id')
    .leftJoin('projects as p', 'p.id', 'w.project_id')
    .where(inScope(actor, 'worker', 'w'));

// Never select id_number_cipher/hash here: lists and exports only ever carry the mask.
const columns = (qb: any) =>
  qb
    .select([
      'w.id',
      'w.name',
      'w.id_number_masked',
      'w.gender',
      'w.birth_date',
      'w.employer_id',
      'w.project_id',
      'w.trade',
      'w.phone',
      'w.region_code',
      'w.created_at',
      'w.updated_at',
    ])
    .select(['r.name_zh as region_name', 'e.name as employer_name', 'p.name as project_name'])
    .select(
      sql`coalesce((SELECT json_agg(json_build_object('id', c.id, 'category_code', c.category_code, 'name', cc.name_zh, 'track', cc.track, 'number', c.number,
          'issued_on', c.issued_on, 'expires_on', c.expires_on, 'next_review_on', c.next_review_on, 'last_reviewed_on', c.last_reviewed_on, 'review_window_days', cc.review_window_days) ORDER BY c.expires_on DESC)
        FROM certificates c JOIN certificate_categories cc ON cc.code = c.category_code WHERE c.worker_id = w.id), '[]'::json)`.as(
        'certs',
      ),
    );

const view =
  (today: string) =>
  (r: any): Static<typeof Worker> => {
    const certs = (typeof r.certs === 'string' ? JSON.parse(r.certs) : r.certs) as any[];
    return {
      id: r.id,
      name: r.name,
      idNumberMasked: r.id_number_masked,
      gender: r.gender,
      birthDate: r.birth_date,
      employerId: r.employer_id,
      employerName: r.employer_name,
      projectId: r.project_id,
      projectName: r.project_name,
      trade: r.trade,
      phone: r.phone,
      regionCode: r.region_code,
      regionName: r.region_name,
      certificates: certs.map((c) => ({
        id: c.id,
        categoryCode: c.category_code,
        categoryName: c.name,
        track: c.track,
        number: c.number,
        expiresOn: c.expires_on,
        status: assessCertificate(c, today).status,
      })),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    };
  };

/** Validates the ID number and returns what is stored: the mask, the cipher and the keyed hash. */
function sealIdNumber(deps: Deps, idNumber: string) {
  const checked = validateResidentId(idNumber);
  if (!checked.ok) throw validation('idNumber', checked.message);
  const id = checked.value;
  return {
    id_number_masked: maskResidentId(id),
    id_number_cipher: deps.secrets.encrypt(id),
    id_number_hash: deps.secrets.mac(id),
    birth_date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: (Number(id[16]) % 2 === 1 ? 'male' : 'female') as 'male' | 'female',
  };
}

async function assertUniqueId(tx: Tx, hash: string, selfId?: string) {
  const dup = await tx
    .selectFrom('workers')
    .select('id')
    .where('id_number_hash', '=', hash)
    .executeTakeFirst();
  if (dup && dup.id !== selfId)
    throw conflict('A worker with this ID number is already registered', 'idNumber');
}

export const workers: RegistryKind<Static<typeof Worker>, Input, Query> = {
  kind: 'worker',
  path: 'workers',
  label: { zh: '从业人员', en: 'Workers' },
  schemas: { view: Worker, input: WorkerInput, patch: WorkerPatch, query: WorkerQuery },

  async list(deps, actor, q, opts) {
    let qb = base(deps.database.db, actor);
    if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'w'));
    if (q.trade) qb = qb.where('w.trade', '=', q.trade);
    if (q.employerId) qb = qb.where('w.employer_id', '=', q.employerId);
    if (q.projectId) qb = qb.where('w.project_id', '=', q.projectId);
    if (q.certificateStatus === 'none')
      qb = qb.where(sql<boolean>`NOT EXISTS (SELECT 1 FROM certificates c WHERE c.worker_id = w.id)`);
    else if (q.certificateStatus)
      qb = qb.where(
        sql<boolean>`EXISTS (SELECT 1 FROM certificates c JOIN certificate_categories cc ON cc.code = c.category_code WHERE c.worker_id = w.id AND ${certificateStatusSql(deps.today())} = ${q.certificateStatus})`,
      );
    if (q.q) qb = qb.where(searchAny(q.q, ['w.name', 'w.id_number_masked', 'e.name', 'w.phone']));
    const page = await pageOf(qb, columns, {
      ...q,
      sortColumn: SORT[q.sort ?? 'name'],
      idColumn: 'w.id',
      limit: opts?.limit,
    });
    return { ...page, items: page.items.map(view(deps.today())) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await columns(base(tx, actor).where('w.id', '=', id)).executeTakeFirst();
    if (!row) throw notFound('Worker');
    return view(deps.today())(row);
  },

  async create(deps, actor, input, tx) {
    const employer = await assertVisible(
      tx,
      actor,
      'enterprises',
      'enterprise',
      input.employerId,
      'employerId',
      'employer',
    );
    if (input.projectId)
      await assertVisible(tx, actor, 'projects', 'project', input.projectId, 'projectId', 'project');
    await assertRefItem(tx, 'trade', input.trade, 'trade');
    const regionCode = input.regionCode ?? employer.region_code;
    await assertRegion(tx, actor, regionCode);
    const sealed = sealIdNumber(deps, input.idNumber);
    await assertUniqueId(tx, sealed.id_number_hash);
    const { id } = await tx
      .insertInto('workers')
      .values({
        name: input.name.trim(),
        ...sealed,
        gender: input.gender ?? sealed.gender,
        employer_id: input.employerId,
        project_id: input.projectId ?? null,
        trade: input.trade,
        phone: input.phone ?? '',
        region_code: regionCode,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async update(deps, actor, id, patch, tx) {
    await this.get(deps, actor, id, tx);
    const set: Record<string, unknown> = { updated_at: sql`now()` };
    if (patch.employerId)
      await assertVisible(tx, actor, 'enterprises', 'enterprise', patch.employerId, 'employerId', 'employer');
    if (patch.projectId)
      await assertVisible(tx, actor, 'projects', 'project', patch.projectId, 'projectId', 'project');
    if (patch.trade) await assertRefItem(tx, 'trade', patch.trade, 'trade');
    if (patch.regionCode) await assertRegion(tx, actor, patch.regionCode);
    if (patch.idNumber) {
      const sealed = sealIdNumber(deps, patch.idNumber);
      await assertUniqueId(tx, sealed.id_number_hash, id);
      Object.assign(set, sealed);
    }
    const map: Record<string, string> = {
      name: 'name',
      gender: 'gender',
      employerId: 'employer_id',
      projectId: 'project_id',
      trade: 'trade',
      phone: 'phone',
      regionCode: 'region_code',
    };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && map[k]) set[map[k]] = v;
    await tx.updateTable('workers').set(set).where('id', '=', id).execute();
  },

  columns: [
    { key: 'name', zh: '姓名', en: 'Name', required: true, parse: text, format: (v) => v.name },
    {
      key: 'idNumber',
      zh: '身份证号',
      en: 'ID number',
      required: true,
      parse: text,
      format: (v) => v.idNumberMasked,
    },
    {
      key: 'gender',
      zh: '性别',
      en: 'Gender',
      parse: choice({ male: '男', female: '女' }),
      format: (v) => v.gender,
    },
    {
      key: 'employerId',
      zh: '用工单位',
      en: 'Employer',
      required: true,
      parse: enterprise,
      format: (v) => v.employerName,
    },
    { key: 'trade', zh: '工种', en: 'Trade', required: true, parse: ref('trade'), format: (v) => v.trade },
    { key: 'phone', zh: '联系电话', en: 'Phone', parse: text, format: (v) => v.phone },
    { key: 'regionCode', zh: '行政区划代码', en: 'Region code', parse: region, format: (v) => v.regionCode },
    {
      key: 'certificates',
      zh: '特种作业证',
      en: 'Certificates',
      exportOnly: true, // certificates are imported through their own sheet
      format: (v: Static<typeof Worker>) =>
        v.certificates.map((c) => `${c.categoryName} ${c.number} (${c.status})`).join('; '),
    },
  ],
  naturalKey: (input, deps) => (input.idNumber ? deps.secrets.mac(String(input.idNumber).toUpperCase()) : ''),
};
