import { sql, type Kysely } from 'kysely';
import type { ChecklistItem, InspectionTargetKind, Proposal } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { escapeLike } from '../../auth/scope.ts';
import { applicability, loadTarget, profileOf } from './targets.ts';

/**
 * The checklist items proposed for a target, from its profile: every published library that
 * applies where the target is (national, or local to a jurisdiction containing it), every item
 * flagged proposed or not with the reason — the wizard shows them and the inspector edits.
 */
type Q = Kysely<DB>;

export async function proposeItems(
  db: Q,
  actor: Actor,
  targetKind: InspectionTargetKind,
  targetId: string,
): Promise<Proposal> {
  const target = await loadTarget(db, actor, targetKind, targetId);
  const profile = await profileOf(db, target);
  const versions = await publishedVersionsFor(db, target.regionCode);
  const items = versions.length
    ? await db
        .selectFrom('checklist_items as i')
        .innerJoin('checklist_modules as m', 'm.id', 'i.module_id')
        .select([
          'i.id',
          'i.version_id',
          'i.code',
          'i.title_zh',
          'i.title_en',
          'i.grade',
          'i.scoring_kind',
          'i.body',
          'm.id as module_id',
          'm.code as module_code',
          'm.name_zh',
          'm.name_en',
          'm.table_code',
          'm.sort as module_sort',
          'i.sort',
        ])
        .where(
          'i.version_id',
          'in',
          versions.map((v) => v.version_id),
        )
        .orderBy('m.sort')
        .orderBy('i.sort')
        .execute()
    : [];
  const libraries: Proposal['libraries'] = versions.map((v) => {
    const applicable = profile.scopes.includes(v.scope);
    const modules: Proposal['libraries'][number]['modules'] = [];
    for (const it of items.filter((i) => i.version_id === v.version_id)) {
      let m = modules.find((x) => x.moduleId === it.module_id);
      if (!m) {
        m = {
          moduleId: it.module_id,
          code: it.module_code,
          name: { zh: it.name_zh, en: it.name_en || it.name_zh },
          table: it.table_code,
          items: [],
        };
        modules.push(m);
      }
      const a = applicability((it.body as unknown as ChecklistItem).applies, profile);
      m.items.push({
        itemId: it.id,
        code: it.code,
        title: { zh: it.title_zh, en: it.title_en || it.title_zh },
        grade: it.grade,
        scoringKind: it.scoring_kind,
        proposed: applicable && a.proposed,
        reason: applicable ? a.reason : { code: 'LIBRARY_NOT_APPLICABLE', params: { scope: v.scope } },
      });
    }
    // A scored table is inspected whole: propose all of it when any of it applies.
    if (v.scored)
      for (const m of modules)
        if (m.items.some((i) => i.proposed)) for (const i of m.items) i.proposed = true;
    return {
      libraryId: v.library_id,
      code: v.code,
      name: { zh: v.name_zh, en: v.name_en || v.name_zh },
      regionCode: v.region_code,
      versionId: v.version_id,
      version: v.version,
      scored: v.scored,
      scope: v.scope,
      applicable,
      proposedCount: modules.reduce((n, m) => n + m.items.filter((i) => i.proposed).length, 0),
      modules,
    };
  });
  libraries.sort(
    (x, y) =>
      Number(y.applicable) - Number(x.applicable) ||
      y.proposedCount - x.proposedCount ||
      x.code.localeCompare(y.code),
  );
  return {
    target: target.view,
    profile,
    libraries,
    candidates: await teamCandidates(
      db,
      actor,
      target.regionCode,
      targetKind === 'enterprise' ? target.enterpriseId : null,
    ),
  };
}

/** The published versions usable for a target in `region`: national libraries and local ones above it. */
export async function publishedVersionsFor(db: Q, region: string) {
  return db
    .selectFrom('checklist_versions as v')
    .innerJoin('checklist_libraries as l', 'l.id', 'v.library_id')
    .select([
      'v.id as version_id',
      'v.version',
      'v.scored',
      'v.name_zh',
      'v.name_en',
      'l.id as library_id',
      'l.code',
      'l.scope',
      'l.region_code',
    ])
    .where('v.status', '=', 'published')
    .where(sql<boolean>`(l.region_code = '' OR ${region} LIKE l.region_code || '%')`)
    .orderBy('l.region_code')
    .orderBy('l.code')
    .execute();
}

/**
 * Who can be on the team: regulators whose jurisdiction covers the region; unless `coveringOnly`,
 * also those of other jurisdictions of the same province (flagged, for cross-inspections). For a
 * self-inspection, the enterprise's managers.
 */
export async function teamCandidates(
  db: Q,
  actor: Actor,
  region: string,
  enterpriseId: string | null,
  coveringOnly = false,
): Promise<Proposal['candidates']> {
  if (actor.role === 'enterprise_manager') {
    const rows = await db
      .selectFrom('users as u')
      .select(['u.id', 'u.display_name', 'u.role', 'u.licence_no', 'u.region_code'])
      .where('u.role', '=', 'enterprise_manager')
      .where('u.active', '=', true)
      .where(
        'u.enterprise_id',
        '=',
        actor.enterpriseId ?? enterpriseId ?? '00000000-0000-0000-0000-000000000000',
      )
      .execute();
    return rows.map((u) => ({
      userId: u.id,
      displayName: u.display_name,
      role: u.role,
      licenceNo: u.licence_no,
      regionCode: u.region_code,
      regionName: null,
      authorityName: null,
      outsideJurisdiction: false,
    }));
  }
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .leftJoin('authorities as a', 'a.id', 'u.authority_id')
    .select([
      'u.id',
      'u.display_name',
      'u.role',
      'u.licence_no',
      'u.region_code',
      'r.name_zh as region_name',
      'a.name as authority_name',
    ])
    .where('u.role', 'in', ['inspector', 'leader'])
    .where('u.active', '=', true)
    .where('u.region_code', '<>', '')
    .where(
      coveringOnly
        ? sql<boolean>`${region} LIKE u.region_code || '%'`
        : sql<boolean>`(${region} LIKE u.region_code || '%' OR u.region_code LIKE ${escapeLike(region.slice(0, 2)) + '%'})`,
    )
    .orderBy('u.region_code')
    .orderBy('u.display_name')
    .limit(300)
    .execute();
  return rows.map((u) => ({
    userId: u.id,
    displayName: u.display_name,
    role: u.role,
    licenceNo: u.licence_no,
    regionCode: u.region_code,
    regionName: u.region_name,
    authorityName: u.authority_name,
    outsideJurisdiction: !region.startsWith(u.region_code),
  }));
}
