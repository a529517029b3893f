import { ErrorBody, Reference } from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';

/** Reference data for selects and labels: regions, authorities, catalogues, categories. */
export async function referenceRoutes(app: App, deps: Deps) {
  const { db } = deps.database;
  app.get(
    '/api/reference',
    {
      schema: {
        tags: ['reference'],
        summary: 'Reference data',
        response: { 200: Reference, 401: ErrorBody },
      },
    },
    async (req) => {
      actorOf(req);
      const [regions, authorities, items, certs, equipment] = await Promise.all([
        db.selectFrom('regions').selectAll().orderBy('code').execute(),
        db
          .selectFrom('authorities')
          .select(['id', 'name', 'short_name', 'kind', 'region_code'])
          .orderBy('region_code')
          .orderBy('name')
          .execute(),
        db.selectFrom('ref_items').selectAll().orderBy('kind').orderBy('sort').execute(),
        db.selectFrom('certificate_categories').selectAll().orderBy('code').execute(),
        db.selectFrom('equipment_categories').selectAll().orderBy('code').execute(),
      ]);
      const catalogue: Record<string, Array<{ code: string; zh: string; en: string }>> = {};
      for (const i of items) (catalogue[i.kind] ??= []).push({ code: i.code, zh: i.name_zh, en: i.name_en });
      return {
        regions: regions.map((r) => ({
          code: r.code,
          zh: r.name_zh,
          en: r.name_en,
          level: r.level,
          parentCode: r.parent_code,
        })),
        authorities: authorities.map((a) => ({
          id: a.id,
          name: a.name,
          shortName: a.short_name,
          kind: a.kind,
          regionCode: a.region_code,
        })),
        catalogue,
        certificateCategories: certs.map((c) => ({
          code: c.code,
          track: c.track,
          zh: c.name_zh,
          en: c.name_en,
          validityYears: c.validity_years,
          reviewEveryYears: c.review_every_years,
          reviewWindowDays: c.review_window_days,
          isWelding: c.is_welding,
        })),
        equipmentCategories: equipment.map((c) => ({
          code: c.code,
          zh: c.name_zh,
          en: c.name_en,
          intervalMonths: c.interval_months,
          warnDays: c.warn_days,
        })),
      };
    },
  );
}
