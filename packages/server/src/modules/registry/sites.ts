import { sql } from 'kysely';
import { Static } from '@sinclair/typebox';
import { Site, SiteInput, SitePatch, SiteQuery } from '@redline/contracts';
import { inScope, inRegion } from '../../auth/scope.ts';
import { notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { pageOf, searchAny, iso } from '../../db/paging.ts';
import { assertRefItem, assertRegion, assertVisible } from './references.ts';
import { bool, choice, enterprise, number, ref, region, text } from './cells.ts';

type Input = Static<typeof SiteInput>;
type Query = Static<typeof SiteQuery>;
const SORT: Record<string, string> = {
  name: 's.name',
  kind: 's.kind',
  regionCode: 's.region_code',
  createdAt: 's.created_at',
};

const base = (tx: Tx, actor: Actor) =>
  tx
    .selectFrom('sites as s')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .leftJoin('enterprises as e', 'e.id', 's.enterprise_id')
    .leftJoin('projects as p', 'p.id', 's.project_id')
    .where(inScope(actor, 'site', 's'));
const columns = (qb: any) =>
  qb
    .selectAll('s')
    .select(['r.name_zh as region_name', 'e.name as enterprise_name', 'p.name as project_name']);

const view = (r: any): Static<typeof Site> => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  keyRiskSource: r.key_risk_source,
  riskColour: r.risk_colour,
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name,
  projectId: r.project_id,
  projectName: r.project_name,
  regionCode: r.region_code,
  regionName: r.region_name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

async function checkInput(tx: Tx, actor: Actor, input: Partial<Input>, merged: Partial<Input>) {
  if (input.regionCode !== undefined) await assertRegion(tx, actor, input.regionCode);
  if (input.kind !== undefined) await assertRefItem(tx, 'risk_source_kind', input.kind, 'kind');
  if (input.enterpriseId)
    await assertVisible(
      tx,
      actor,
      'enterprises',
      'enterprise',
      input.enterpriseId,
      'enterpriseId',
      'enterprise',
    );
  if (input.projectId)
    await assertVisible(tx, actor, 'projects', 'project', input.projectId, 'projectId', 'project');
  if (!merged.enterpriseId && !merged.projectId)
    throw validation('enterpriseId', 'A site belongs to an enterprise or a project: give one of them');
}

export const sites: RegistryKind<Static<typeof Site>, Input, Query> = {
  kind: 'site',
  path: 'sites',
  label: { zh: '场所与重点风险源', en: 'Sites and key risk sources' },
  schemas: { view: Site, input: SiteInput, patch: SitePatch, query: SiteQuery },

  async list(deps, actor, q, opts) {
    let qb = base(deps.database.db, actor);
    if (q.regionCode) qb = qb.where(inRegion(q.regionCode, 's'));
    if (q.kind) qb = qb.where('s.kind', '=', q.kind);
    if (q.keyRiskSource !== undefined) qb = qb.where('s.key_risk_source', '=', q.keyRiskSource);
    if (q.enterpriseId) qb = qb.where('s.enterprise_id', '=', q.enterpriseId);
    if (q.projectId) qb = qb.where('s.project_id', '=', q.projectId);
    if (q.q) qb = qb.where(searchAny(q.q, ['s.name', 's.address', 'e.name', 'p.name']));
    const page = await pageOf(qb, columns, {
      ...q,
      sortColumn: SORT[q.sort ?? 'name'],
      idColumn: 's.id',
      limit: opts?.limit,
    });
    return { ...page, items: page.items.map(view) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await columns(base(tx, actor).where('s.id', '=', id)).executeTakeFirst();
    if (!row) throw notFound('Site');
    return view(row);
  },

  async create(_deps, actor, input, tx) {
    if (actor.role === 'enterprise_manager' && !input.projectId)
      input.enterpriseId = input.enterpriseId ?? actor.enterpriseId;
    await checkInput(tx, actor, input, input);
    const { id } = await tx
      .insertInto('sites')
      .values({
        name: input.name.trim(),
        kind: input.kind,
        key_risk_source: input.keyRiskSource ?? false,
        risk_colour: input.riskColour ?? null,
        enterprise_id: input.enterpriseId ?? null,
        project_id: input.projectId ?? null,
        region_code: input.regionCode,
        address: input.address ?? '',
        lat: input.lat ?? null,
        lng: input.lng ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async update(deps, actor, id, patch, tx) {
    const current = await this.get(deps, actor, id, tx);
    await checkInput(tx, actor, patch, {
      enterpriseId: current.enterpriseId,
      projectId: current.projectId,
      ...patch,
    });
    const map: Record<string, string> = {
      name: 'name',
      kind: 'kind',
      keyRiskSource: 'key_risk_source',
      riskColour: 'risk_colour',
      enterpriseId: 'enterprise_id',
      projectId: 'project_id',
      regionCode: 'region_code',
      address: 'address',
      lat: 'lat',
      lng: 'lng',
    };
    const set: Record<string, unknown> = { updated_at: sql`now()` };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) set[map[k]] = v;
    await tx.updateTable('sites').set(set).where('id', '=', id).execute();
  },

  columns: [
    { key: 'name', zh: '场所名称', en: 'Name', required: true, parse: text, format: (v) => v.name },
    {
      key: 'kind',
      zh: '类别',
      en: 'Kind',
      required: true,
      parse: ref('risk_source_kind'),
      format: (v) => v.kind,
    },
    {
      key: 'keyRiskSource',
      zh: '重点风险源',
      en: 'Key risk source',
      parse: bool,
      format: (v) => (v.keyRiskSource ? '是' : '否'),
    },
    {
      key: 'riskColour',
      zh: '风险等级',
      en: 'Risk colour',
      parse: choice({ red: '红', orange: '橙', yellow: '黄', blue: '蓝' }),
      format: (v) => v.riskColour,
    },
    {
      key: 'enterpriseId',
      zh: '所属企业',
      en: 'Enterprise',
      parse: enterprise,
      format: (v) => v.enterpriseName,
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
  ],
};
