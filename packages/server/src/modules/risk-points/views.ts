import type { Kysely } from 'kysely';
import { highestColour } from '@redline/domain';
import type { PageOf, RiskMap, RiskPoint, RiskPointDetail } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { can } from '../../auth/policy.ts';
import { iso } from '../../db/paging.ts';
import { notFound } from '../../errors.ts';
import {
  assessmentsOf,
  findPoint,
  findSite,
  itemsOfPoint,
  pointsOfSite,
  type AssessmentRow,
  type PointRow,
} from './repo.ts';
import { planOfSite, zonesOfSite } from './map-repo.ts';
import { assessmentView, pointView } from './presenters.ts';

/** Reads of the module: points with their latest assessment, a point's detail, a site's risk map. */
type Q = Kysely<DB>;

export async function withLatest(db: Q, rows: PointRow[]): Promise<RiskPoint[]> {
  const ids = rows.map((r) => r.latest_id).filter((x): x is string => !!x);
  const latest = new Map((await assessmentsOf(db, { ids })).map((a) => [a.id, a]));
  return rows.map((r) => pointView(r, r.latest_id ? latest.get(r.latest_id) : undefined));
}

export async function pointsPage(db: Q, page: PageOf<PointRow>): Promise<PageOf<RiskPoint>> {
  return { ...page, items: await withLatest(db, page.items) };
}

export async function pointDetail(db: Q, actor: Actor, id: string): Promise<RiskPointDetail> {
  const row = await findPoint(db, actor, id);
  if (!row) throw notFound('Risk point');
  const [assessments, items, site] = await Promise.all([
    assessmentsOf(db, { pointIds: [id] }),
    itemsOfPoint(db, id),
    findSite(db, actor, row.site_id),
  ]);
  const latest: AssessmentRow | undefined = assessments.find((a) => a.id === row.latest_id);
  return {
    ...pointView(row, latest),
    checklistItems: items.map((i) => ({
      itemId: i.item_id,
      code: i.code,
      title: i.title,
      libraryId: i.library_id,
      libraryCode: i.library_code,
      versionId: i.version_id,
    })),
    assessments: assessments.map(assessmentView),
    siteColour: site?.risk_colour ?? null,
  };
}

export async function riskMap(db: Q, actor: Actor, siteId: string): Promise<RiskMap> {
  const site = await findSite(db, actor, siteId);
  if (!site) throw notFound('Site');
  const [rows, plan, zones] = await Promise.all([
    pointsOfSite(db, actor, site.id),
    planOfSite(db, site.id),
    zonesOfSite(db, site.id),
  ]);
  const points = await withLatest(db, rows);
  const colourOf = new Map(points.map((p) => [p.id, p.colour]));
  return {
    site: {
      id: site.id,
      name: site.name,
      regionCode: site.region_code,
      regionName: site.region_name,
      ownerName: site.owner_name,
      colour: site.risk_colour,
      legacyColour: site.risk_colour_legacy,
    },
    plan: plan
      ? {
          fileId: plan.file_id,
          url: `/api/files/${plan.file_id}`,
          width: plan.width,
          height: plan.height,
          uploadedAt: iso(plan.uploaded_at),
        }
      : null,
    zones: zones.map((z) => ({
      id: z.id,
      name: z.name,
      polygon: z.polygon,
      riskPointIds: z.risk_point_ids,
      // Only current points colour a zone: a retired one no longer counts.
      colour: highestColour(z.risk_point_ids.map((p) => colourOf.get(p))),
    })),
    points,
    canManage: can(actor, 'manage', 'risk_point'),
    canAssess: can(actor, 'assess', 'risk_point'),
  };
}
