import { sql } from 'kysely';
import { Static } from '@sinclair/typebox';
import { PARTY_ROLES, Project, ProjectInput, ProjectPatch, ProjectQuery } from '@redline/contracts';
import { inScope, inRegion, regionWithin } from '../../auth/scope.ts';
import { notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { pageOf, searchAny, iso } from '../../db/paging.ts';
import { assertRefItem, assertRegion } from './references.ts';
import { choice, date, number, ref, region, text } from './cells.ts';

type Input = Static<typeof ProjectInput>;
type Query = Static<typeof ProjectQuery>;
type Party = NonNullable<Input['parties']>[number];

const SORT: Record<string, string> = {
  name: 'p.name',
  status: 'p.status',
  regionCode: 'p.region_code',
  createdAt: 'p.created_at',
  startOn: 'p.start_on',
};
const STATUS = { approved: '已立项', under_construction: '在建', suspended: '停工', completed: '已竣工' };
const PARTY_ZH: Record<(typeof PARTY_ROLES)[number], string> = {
  owner: '建设单位',
  general_contractor: '施工总承包单位',
  supervision: '监理单位',
  survey: '勘察单位',
  design: '设计单位',
};

const base = (tx: Tx, actor: Actor) =>
  tx
    .selectFrom('projects as p')
    .leftJoin('regions as r', 'r.code', 'p.region_code')
    .leftJoin('authorities as a', 'a.id', 'p.regulator_authority_id')
    .where(inScope(actor, 'project', 'p'));
const columns = (qb: any) =>
  qb
    .selectAll('p')
    .select(['r.name_zh as region_name', 'a.name as authority_name'])
    .select(
      sql`coalesce((SELECT json_agg(json_build_object('role', pp.role, 'enterpriseId', pp.enterprise_id, 'name', pp.name, 'contact', pp.contact) ORDER BY pp.role) FROM project_parties pp WHERE pp.project_id = p.id), '[]'::json)`.as(
        'parties',
      ),
    );

const view = (r: any): Static<typeof Project> => ({
  id: r.id,
  name: r.name,
  permitNo: r.permit_no,
  type: r.type,
  scale: r.scale,
  status: r.status,
  regionCode: r.region_code,
  regionName: r.region_name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  regulatorAuthorityId: r.regulator_authority_id,
  regulatorAuthorityName: r.authority_name,
  floorAreaM2: r.floor_area_m2,
  contractValueWan: r.contract_value_wan,
  startOn: r.start_on,
  plannedCompletionOn: r.planned_completion_on,
  parties: typeof r.parties === 'string' ? JSON.parse(r.parties) : r.parties,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

async function checkInput(tx: Tx, actor: Actor, input: Partial<Input>) {
  if (input.regionCode !== undefined) await assertRegion(tx, actor, input.regionCode);
  if (input.type !== undefined) await assertRefItem(tx, 'project_type', input.type, 'type');
  if (input.regulatorAuthorityId) {
    const a = await tx
      .selectFrom('authorities')
      .select('region_code')
      .where('id', '=', input.regulatorAuthorityId)
      .executeTakeFirst();
    if (!a) throw validation('regulatorAuthorityId', 'No such authority');
  }
  if (input.startOn && input.plannedCompletionOn && input.plannedCompletionOn < input.startOn) {
    throw validation('plannedCompletionOn', 'The planned completion date is before the start date');
  }
  const roles = new Set<string>();
  for (const [i, p] of (input.parties ?? []).entries()) {
    if (roles.has(p.role))
      throw validation(`parties.${i}.role`, `The ${PARTY_ZH[p.role]} (${p.role}) is listed twice`);
    roles.add(p.role);
    if (p.enterpriseId) {
      // A party may be any registered enterprise (contractors come from other provinces), but must exist.
      const e = await tx
        .selectFrom('enterprises')
        .select(['id', 'region_code'])
        .where('id', '=', p.enterpriseId)
        .executeTakeFirst();
      if (!e) throw validation(`parties.${i}.enterpriseId`, `No enterprise with id ${p.enterpriseId}`);
    }
  }
}

async function writeParties(tx: Tx, projectId: string, parties: Party[]) {
  await tx.deleteFrom('project_parties').where('project_id', '=', projectId).execute();
  if (parties.length)
    await tx
      .insertInto('project_parties')
      .values(
        parties.map((p) => ({
          project_id: projectId,
          role: p.role,
          enterprise_id: p.enterpriseId ?? null,
          name: p.name.trim(),
          contact: p.contact ?? '',
        })),
      )
      .execute();
}

const partyColumn = (role: (typeof PARTY_ROLES)[number]) => ({
  key: `party_${role}`,
  zh: PARTY_ZH[role],
  en: role.replace('_', ' '),
  parse: text,
  format: (v: Static<typeof Project>) => v.parties.find((p) => p.role === role)?.name ?? '',
});

export const projects: RegistryKind<Static<typeof Project>, Input, Query> = {
  kind: 'project',
  path: 'projects',
  label: { zh: '建设项目', en: 'Construction projects' },
  schemas: { view: Project, input: ProjectInput, patch: ProjectPatch, query: ProjectQuery },

  async list(deps, actor, q, opts) {
    let qb = base(deps.database.db, actor);
    if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 'p'));
    if (q.type) qb = qb.where('p.type', '=', q.type);
    if (q.status) qb = qb.where('p.status', '=', q.status);
    if (q.enterpriseId)
      qb = qb.where(
        sql<boolean>`p.id IN (SELECT project_id FROM project_parties WHERE enterprise_id = ${q.enterpriseId})`,
      );
    if (q.q) qb = qb.where(searchAny(q.q, ['p.name', 'p.permit_no', 'p.address']));
    const page = await pageOf(qb, columns, {
      ...q,
      sortColumn: SORT[q.sort ?? 'name'],
      idColumn: 'p.id',
      limit: opts?.limit,
    });
    return { ...page, items: page.items.map(view) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await columns(base(tx, actor).where('p.id', '=', id)).executeTakeFirst();
    if (!row) throw notFound('Project');
    return view(row);
  },

  async create(_deps, actor, input, tx) {
    await checkInput(tx, actor, input);
    const { id } = await tx
      .insertInto('projects')
      .values({
        name: input.name.trim(),
        permit_no: input.permitNo ?? '',
        type: input.type,
        scale: input.scale ?? 'medium',
        status: input.status,
        region_code: input.regionCode,
        address: input.address ?? '',
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        regulator_authority_id: input.regulatorAuthorityId ?? null,
        floor_area_m2: input.floorAreaM2 ?? null,
        contract_value_wan: input.contractValueWan ?? null,
        start_on: input.startOn ?? null,
        planned_completion_on: input.plannedCompletionOn ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeParties(tx, id, input.parties ?? []);
    return id;
  },

  async update(deps, actor, id, patch, tx) {
    const current = await this.get(deps, actor, id, tx);
    await checkInput(tx, actor, {
      startOn: current.startOn ?? undefined,
      plannedCompletionOn: current.plannedCompletionOn ?? undefined,
      ...patch,
    } as Partial<Input>);
    if (patch.regionCode && !regionWithin(actor, patch.regionCode))
      throw validation('regionCode', 'Outside your jurisdiction');
    const { parties, ...fields } = patch;
    const map: Record<string, string> = {
      name: 'name',
      permitNo: 'permit_no',
      type: 'type',
      scale: 'scale',
      status: 'status',
      regionCode: 'region_code',
      address: 'address',
      lat: 'lat',
      lng: 'lng',
      regulatorAuthorityId: 'regulator_authority_id',
      floorAreaM2: 'floor_area_m2',
      contractValueWan: 'contract_value_wan',
      startOn: 'start_on',
      plannedCompletionOn: 'planned_completion_on',
    };
    const set: Record<string, unknown> = { updated_at: sql`now()` };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) set[map[k]] = v;
    await tx.updateTable('projects').set(set).where('id', '=', id).execute();
    if (parties) await writeParties(tx, id, parties);
  },

  columns: [
    { key: 'name', zh: '项目名称', en: 'Name', required: true, parse: text, format: (v) => v.name },
    { key: 'permitNo', zh: '施工许可证号', en: 'Permit number', parse: text, format: (v) => v.permitNo },
    {
      key: 'type',
      zh: '工程类型',
      en: 'Type',
      required: true,
      parse: ref('project_type'),
      format: (v) => v.type,
    },
    {
      key: 'scale',
      zh: '规模',
      en: 'Scale',
      parse: choice({ large: '大型', medium: '中型', small: '小型' }),
      format: (v) => v.scale,
    },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      required: true,
      parse: choice(STATUS),
      format: (v) => v.status,
    },
    {
      key: 'regionCode',
      zh: '行政区划代码',
      en: 'Region code',
      required: true,
      parse: region,
      format: (v) => v.regionCode,
    },
    { key: 'address', zh: '地址', en: 'Address', parse: text, format: (v) => v.address },
    { key: 'lat', zh: '纬度', en: 'Latitude', parse: number, format: (v) => v.lat },
    { key: 'lng', zh: '经度', en: 'Longitude', parse: number, format: (v) => v.lng },
    { key: 'startOn', zh: '开工日期', en: 'Start date', parse: date, format: (v) => v.startOn },
    {
      key: 'plannedCompletionOn',
      zh: '计划竣工日期',
      en: 'Planned completion',
      parse: date,
      format: (v) => v.plannedCompletionOn,
    },
    ...PARTY_ROLES.map(partyColumn),
  ],
};

/** Import rows carry the parties as one column per role; fold them into `parties`. */
projects.fromSheet = async (row, tx) => {
  const parties: Party[] = [];
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const role = key.startsWith('party_') ? (key.slice(6) as Party['role']) : null;
    if (!role) input[key] = value;
    else if (typeof value === 'string' && value) {
      const e = await tx.selectFrom('enterprises').select('id').where('name', '=', value).executeTakeFirst();
      parties.push({ role, name: value, enterpriseId: e?.id ?? null });
    }
  }
  return { ...input, parties };
};
