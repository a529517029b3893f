import { Static } from '@sinclair/typebox';
import { Site, SiteInput, SitePatch, SiteQuery } from '@redline/contracts';
import { notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { iso } from '../../db/paging.ts';
import { assertRefItem, assertRegion, assertVisible } from './references.ts';
import { bool, enterprise, number, ref, region, text } from './cells.ts';
import { findSiteRow, insertSite, listSites, updateSite, type SiteRow } from './repo/sites.ts';

type Input = Static<typeof SiteInput>;
type Schemas = {
  view: typeof Site;
  input: typeof SiteInput;
  patch: typeof SitePatch;
  query: typeof SiteQuery;
};

const view = (r: SiteRow): Static<typeof Site> => ({
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

export const sites: RegistryKind<Schemas> = {
  kind: 'site',
  path: 'sites',
  label: { zh: '场所与重点风险源', en: 'Sites and key risk sources' },
  schemas: { view: Site, input: SiteInput, patch: SitePatch, query: SiteQuery },

  async list(deps, actor, q, opts) {
    const page = await listSites(deps.database.db, actor, q, opts?.limit);
    return { ...page, items: page.items.map(view) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await findSiteRow(tx, actor, id);
    if (!row) throw notFound('Site');
    return view(row);
  },

  async create(_deps, actor, input, tx) {
    if (actor.role === 'enterprise_manager' && !input.projectId)
      input.enterpriseId = input.enterpriseId ?? actor.enterpriseId;
    await checkInput(tx, actor, input, input);
    return insertSite(tx, {
      name: input.name.trim(),
      kind: input.kind,
      key_risk_source: input.keyRiskSource ?? false,
      risk_colour: null, // computed from risk points (modules/risk-points), never set here
      enterprise_id: input.enterpriseId ?? null,
      project_id: input.projectId ?? null,
      region_code: input.regionCode,
      address: input.address ?? '',
      lat: input.lat ?? null,
      lng: input.lng ?? null,
    });
  },

  async update(deps, actor, id, patch, tx) {
    const current = await this.get(deps, actor, id, tx);
    await checkInput(tx, actor, patch, {
      enterpriseId: current.enterpriseId,
      projectId: current.projectId,
      ...patch,
    });
    await updateSite(tx, id, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.kind !== undefined && { kind: patch.kind }),
      ...(patch.keyRiskSource !== undefined && { key_risk_source: patch.keyRiskSource }),
      ...(patch.enterpriseId !== undefined && { enterprise_id: patch.enterpriseId }),
      ...(patch.projectId !== undefined && { project_id: patch.projectId }),
      ...(patch.regionCode !== undefined && { region_code: patch.regionCode }),
      ...(patch.address !== undefined && { address: patch.address }),
      ...(patch.lat !== undefined && { lat: patch.lat }),
      ...(patch.lng !== undefined && { lng: patch.lng }),
    });
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
      exportOnly: true, // computed from risk points; an import cannot set it
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
