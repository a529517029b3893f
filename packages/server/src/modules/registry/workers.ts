import { Static } from '@sinclair/typebox';
import { Worker, WorkerInput, WorkerPatch, WorkerQuery } from '@redline/contracts';
import { maskResidentId, validateResidentId } from '@redline/domain';
import { conflict, notFound, validation } from '../../errors.ts';
import type { Deps } from '../../http/context.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { iso } from '../../db/paging.ts';
import { assertRefItem, assertRegion, assertVisible } from './references.ts';
import { choice, enterprise, ref, region, text } from './cells.ts';
import { assessCertificate } from './certificate-status.ts';
import {
  findWorkerRow,
  insertWorker,
  listWorkers,
  updateWorker,
  workerWithIdHash,
  type WorkerCertificateJson,
  type WorkerRow,
} from './repo/workers.ts';

type Schemas = {
  view: typeof Worker;
  input: typeof WorkerInput;
  patch: typeof WorkerPatch;
  query: typeof WorkerQuery;
};

const view =
  (today: string) =>
  (r: WorkerRow): Static<typeof Worker> => {
    const certs = typeof r.certs === 'string' ? (JSON.parse(r.certs) as WorkerCertificateJson[]) : r.certs;
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
  const dup = await workerWithIdHash(tx, hash);
  if (dup !== undefined && dup !== selfId)
    throw conflict('A worker with this ID number is already registered', 'idNumber');
}

export const workers: RegistryKind<Schemas> = {
  kind: 'worker',
  path: 'workers',
  label: { zh: '从业人员', en: 'Workers' },
  schemas: { view: Worker, input: WorkerInput, patch: WorkerPatch, query: WorkerQuery },

  async list(deps, actor, q, opts) {
    const page = await listWorkers(deps.database.db, actor, q, deps.today(), opts?.limit);
    return { ...page, items: page.items.map(view(deps.today())) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await findWorkerRow(tx, actor, id);
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
    return insertWorker(tx, {
      name: input.name.trim(),
      ...sealed,
      gender: input.gender ?? sealed.gender,
      employer_id: input.employerId,
      project_id: input.projectId ?? null,
      trade: input.trade,
      phone: input.phone ?? '',
      region_code: regionCode,
    });
  },

  async update(deps, actor, id, patch, tx) {
    await this.get(deps, actor, id, tx);
    if (patch.employerId)
      await assertVisible(tx, actor, 'enterprises', 'enterprise', patch.employerId, 'employerId', 'employer');
    if (patch.projectId)
      await assertVisible(tx, actor, 'projects', 'project', patch.projectId, 'projectId', 'project');
    if (patch.trade) await assertRefItem(tx, 'trade', patch.trade, 'trade');
    if (patch.regionCode) await assertRegion(tx, actor, patch.regionCode);
    let sealed: ReturnType<typeof sealIdNumber> | undefined;
    if (patch.idNumber) {
      sealed = sealIdNumber(deps, patch.idNumber);
      await assertUniqueId(tx, sealed.id_number_hash, id);
    }
    // The fields the ID number determines first; a gender given in the patch overrides its own.
    await updateWorker(tx, id, {
      ...sealed,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.gender !== undefined && { gender: patch.gender }),
      ...(patch.employerId !== undefined && { employer_id: patch.employerId }),
      ...(patch.projectId !== undefined && { project_id: patch.projectId }),
      ...(patch.trade !== undefined && { trade: patch.trade }),
      ...(patch.phone !== undefined && { phone: patch.phone }),
      ...(patch.regionCode !== undefined && { region_code: patch.regionCode }),
    });
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
