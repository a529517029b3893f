import type { Kysely } from 'kysely';
import type { InspectionTarget, InspectionTargetKind } from '@redline/contracts';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../auth/actor.ts';
import { inScope } from '../../../auth/scope.ts';
import { notFound } from '../../../errors.ts';

/**
 * What an inspection is of: an enterprise, a project, a site or a piece of special equipment —
 * loaded within the caller's scope, described as the record will show it, and profiled for
 * proposing checklist items (industry, project type, equipment categories, risk-source kinds).
 */
type Q = Kysely<DB>;

export interface TargetProfile {
  /** Library scopes that apply: construction, industry, special_equipment. */
  scopes: string[];
  industries: string[];
  projectTypes: string[];
  equipmentCategories: string[];
  riskSourceKinds: string[];
}

export interface LoadedTarget {
  view: InspectionTarget;
  enterpriseId: string | null;
  projectId: string | null;
  siteId: string | null;
  equipmentId: string | null;
  regionCode: string;
}

const uniq = (xs: Array<string | null | undefined>) =>
  [...new Set(xs.filter((x): x is string => !!x))].sort();

export async function loadTarget(
  db: Q,
  actor: Actor,
  kind: InspectionTargetKind,
  id: string,
): Promise<LoadedTarget> {
  const regionName = async (code: string) =>
    (await db.selectFrom('regions').select('name_zh').where('code', '=', code).executeTakeFirst())?.name_zh ??
    null;
  const enterpriseOf = async (eid: string | null) =>
    eid
      ? await db
          .selectFrom('enterprises')
          .select(['id', 'name', 'safety_principal', 'legal_representative', 'industry_code'])
          .where('id', '=', eid)
          .executeTakeFirst()
      : undefined;
  const label = { enterprise: 'Enterprise', project: 'Project', site: 'Site', equipment: 'Equipment' }[kind];
  switch (kind) {
    case 'enterprise': {
      const e = await db
        .selectFrom('enterprises as e')
        .selectAll('e')
        .where('e.id', '=', id)
        .where(inScope(actor, 'enterprise', 'e'))
        .executeTakeFirst();
      if (!e) throw notFound(label);
      return {
        view: {
          kind,
          id: e.id,
          name: e.name,
          regionCode: e.region_code,
          regionName: await regionName(e.region_code),
          address: e.address,
          type: e.industry_code,
          principal: e.safety_principal || e.legal_representative,
          enterpriseId: e.id,
          enterpriseName: e.name,
          projectId: null,
        },
        enterpriseId: e.id,
        projectId: null,
        siteId: null,
        equipmentId: null,
        regionCode: e.region_code,
      };
    }
    case 'project': {
      const p = await db
        .selectFrom('projects as p')
        .selectAll('p')
        .where('p.id', '=', id)
        .where(inScope(actor, 'project', 'p'))
        .executeTakeFirst();
      if (!p) throw notFound(label);
      const gc = await db
        .selectFrom('project_parties')
        .selectAll()
        .where('project_id', '=', p.id)
        .where('role', '=', 'general_contractor')
        .executeTakeFirst();
      return {
        view: {
          kind,
          id: p.id,
          name: p.name,
          regionCode: p.region_code,
          regionName: await regionName(p.region_code),
          address: p.address,
          type: p.type,
          principal: gc?.contact ?? '',
          enterpriseId: gc?.enterprise_id ?? null,
          enterpriseName: gc?.name ?? null,
          projectId: p.id,
        },
        enterpriseId: null,
        projectId: p.id,
        siteId: null,
        equipmentId: null,
        regionCode: p.region_code,
      };
    }
    case 'site': {
      const s = await db
        .selectFrom('sites as s')
        .selectAll('s')
        .where('s.id', '=', id)
        .where(inScope(actor, 'site', 's'))
        .executeTakeFirst();
      if (!s) throw notFound(label);
      const e = await enterpriseOf(s.enterprise_id);
      return {
        view: {
          kind,
          id: s.id,
          name: s.name,
          regionCode: s.region_code,
          regionName: await regionName(s.region_code),
          address: s.address,
          type: s.kind,
          principal: e?.safety_principal || e?.legal_representative || '',
          enterpriseId: s.enterprise_id,
          enterpriseName: e?.name ?? null,
          projectId: s.project_id,
        },
        enterpriseId: s.enterprise_id,
        projectId: s.project_id,
        siteId: s.id,
        equipmentId: null,
        regionCode: s.region_code,
      };
    }
    case 'equipment': {
      const q = await db
        .selectFrom('equipment as q')
        .selectAll('q')
        .where('q.id', '=', id)
        .where(inScope(actor, 'equipment', 'q'))
        .executeTakeFirst();
      if (!q) throw notFound(label);
      const e = await enterpriseOf(q.user_enterprise_id);
      return {
        view: {
          kind,
          id: q.id,
          name: [q.type_name, q.registration_code].filter(Boolean).join(' ') || q.registration_code,
          regionCode: q.region_code,
          regionName: await regionName(q.region_code),
          address: q.location,
          type: q.category_code,
          principal: e?.safety_principal || e?.legal_representative || '',
          enterpriseId: q.user_enterprise_id,
          enterpriseName: e?.name ?? null,
          projectId: q.project_id,
        },
        enterpriseId: q.user_enterprise_id,
        projectId: q.project_id,
        siteId: q.site_id,
        equipmentId: q.id,
        regionCode: q.region_code,
      };
    }
  }
}

/** The facts checklist items are matched against. */
export async function profileOf(db: Q, t: LoadedTarget): Promise<TargetProfile> {
  const kind = t.view.kind;
  if (kind === 'equipment') {
    const e = t.enterpriseId
      ? await db
          .selectFrom('enterprises')
          .select('industry_code')
          .where('id', '=', t.enterpriseId)
          .executeTakeFirst()
      : undefined;
    return {
      scopes: ['special_equipment'],
      industries: uniq([e?.industry_code]),
      projectTypes: [],
      equipmentCategories: uniq([t.view.type]),
      riskSourceKinds: [],
    };
  }
  if (kind === 'project' || (kind === 'site' && t.projectId)) {
    const projectId = t.projectId!;
    const p = await db.selectFrom('projects').select('type').where('id', '=', projectId).executeTakeFirst();
    const sites =
      kind === 'site'
        ? [{ kind: t.view.type }]
        : await db.selectFrom('sites').select('kind').where('project_id', '=', projectId).execute();
    const equipment = await db
      .selectFrom('equipment')
      .select('category_code')
      .where(kind === 'site' ? 'site_id' : 'project_id', '=', kind === 'site' ? t.siteId! : projectId)
      .execute();
    return {
      scopes: uniq(['construction', equipment.length ? 'special_equipment' : null]),
      industries: ['construction'],
      projectTypes: uniq([p?.type]),
      equipmentCategories: uniq(equipment.map((q) => q.category_code)),
      riskSourceKinds: uniq(sites.map((s) => s.kind)),
    };
  }
  // an enterprise, or a site of an enterprise
  const enterpriseId = t.enterpriseId!;
  const e = await db
    .selectFrom('enterprises')
    .select('industry_code')
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
  const sites =
    kind === 'site'
      ? [{ kind: t.view.type }]
      : await db.selectFrom('sites').select('kind').where('enterprise_id', '=', enterpriseId).execute();
  const equipment =
    kind === 'site'
      ? await db.selectFrom('equipment').select('category_code').where('site_id', '=', t.siteId!).execute()
      : await db
          .selectFrom('equipment')
          .select('category_code')
          .where('user_enterprise_id', '=', enterpriseId)
          .execute();
  return {
    scopes: uniq(['industry', equipment.length ? 'special_equipment' : null]),
    industries: uniq([e?.industry_code]),
    projectTypes: [],
    equipmentCategories: uniq(equipment.map((q) => q.category_code)),
    riskSourceKinds: uniq(sites.map((s) => s.kind)),
  };
}
