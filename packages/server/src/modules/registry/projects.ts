import { Static } from '@sinclair/typebox';
import { PARTY_ROLES, Project, ProjectInput, ProjectPatch, ProjectQuery } from '@redline/contracts';
import { regionWithin } from '../../auth/scope.ts';
import { notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { iso } from '../../db/paging.ts';
import { assertRefItem, assertRegion } from './references.ts';
import { choice, date, number, ref, region, text } from './cells.ts';
import { enterpriseIdByName, findEnterprise } from './repo/references.ts';
import {
  authorityExists,
  findProjectRow,
  insertProject,
  listProjects,
  replaceParties,
  updateProject,
  type PartyJson,
  type ProjectRow,
} from './repo/projects.ts';

type Input = Static<typeof ProjectInput>;
type Schemas = {
  view: typeof Project;
  input: typeof ProjectInput;
  patch: typeof ProjectPatch;
  query: typeof ProjectQuery;
};
type Party = NonNullable<Input['parties']>[number];

const STATUS = { approved: '已立项', under_construction: '在建', suspended: '停工', completed: '已竣工' };
const PARTY_ZH: Record<(typeof PARTY_ROLES)[number], string> = {
  owner: '建设单位',
  general_contractor: '施工总承包单位',
  supervision: '监理单位',
  survey: '勘察单位',
  design: '设计单位',
};

const view = (r: ProjectRow): Static<typeof Project> => ({
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
  parties: typeof r.parties === 'string' ? (JSON.parse(r.parties) as PartyJson[]) : r.parties,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

async function checkInput(tx: Tx, actor: Actor, input: Partial<Input>) {
  if (input.regionCode !== undefined) await assertRegion(tx, actor, input.regionCode);
  if (input.type !== undefined) await assertRefItem(tx, 'project_type', input.type, 'type');
  if (input.regulatorAuthorityId) {
    if (!(await authorityExists(tx, input.regulatorAuthorityId)))
      throw validation('regulatorAuthorityId', 'No such authority');
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
      const e = await findEnterprise(tx, p.enterpriseId);
      if (!e) throw validation(`parties.${i}.enterpriseId`, `No enterprise with id ${p.enterpriseId}`);
    }
  }
}

function writeParties(tx: Tx, projectId: string, parties: Party[]) {
  return replaceParties(
    tx,
    projectId,
    parties.map((p) => ({
      role: p.role,
      enterprise_id: p.enterpriseId ?? null,
      name: p.name.trim(),
      contact: p.contact ?? '',
    })),
  );
}

const partyColumn = (role: (typeof PARTY_ROLES)[number]) => ({
  key: `party_${role}`,
  zh: PARTY_ZH[role],
  en: role.replace('_', ' '),
  parse: text,
  format: (v: Static<typeof Project>) => v.parties.find((p) => p.role === role)?.name ?? '',
});

export const projects: RegistryKind<Schemas> = {
  kind: 'project',
  path: 'projects',
  label: { zh: '建设项目', en: 'Construction projects' },
  schemas: { view: Project, input: ProjectInput, patch: ProjectPatch, query: ProjectQuery },

  async list(deps, actor, q, opts) {
    const page = await listProjects(deps.database.db, actor, q, opts?.limit);
    return { ...page, items: page.items.map(view) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await findProjectRow(tx, actor, id);
    if (!row) throw notFound('Project');
    return view(row);
  },

  async create(_deps, actor, input, tx) {
    await checkInput(tx, actor, input);
    const id = await insertProject(tx, {
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
    });
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
    const { parties, ...f } = patch;
    await updateProject(tx, id, {
      ...(f.name !== undefined && { name: f.name }),
      ...(f.permitNo !== undefined && { permit_no: f.permitNo }),
      ...(f.type !== undefined && { type: f.type }),
      ...(f.scale !== undefined && { scale: f.scale }),
      ...(f.status !== undefined && { status: f.status }),
      ...(f.regionCode !== undefined && { region_code: f.regionCode }),
      ...(f.address !== undefined && { address: f.address }),
      ...(f.lat !== undefined && { lat: f.lat }),
      ...(f.lng !== undefined && { lng: f.lng }),
      ...(f.regulatorAuthorityId !== undefined && { regulator_authority_id: f.regulatorAuthorityId }),
      ...(f.floorAreaM2 !== undefined && { floor_area_m2: f.floorAreaM2 }),
      ...(f.contractValueWan !== undefined && { contract_value_wan: f.contractValueWan }),
      ...(f.startOn !== undefined && { start_on: f.startOn }),
      ...(f.plannedCompletionOn !== undefined && { planned_completion_on: f.plannedCompletionOn }),
    });
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
      const enterpriseId = await enterpriseIdByName(tx, value);
      parties.push({ role, name: value, enterpriseId: enterpriseId ?? null });
    }
  }
  return { ...input, parties };
};
