import type { Kysely } from 'kysely';
import type { InspectionTargetKind, Proposal } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { applicability } from './targets.ts';
import { loadTarget, profileOf } from './repo/targets.ts';
import { itemsOfVersions, publishedVersionsFor } from './repo/checklists.ts';
import { enterpriseManagers, regulatorCandidates } from './repo/users.ts';
import { riskPointLinks } from '../risk-points/risk-links.ts';

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
    ? await itemsOfVersions(
        db,
        versions.map((v) => v.version_id),
      )
    : [];
  // Items that control the target's risk points are proposed whatever the profile says (issue 14).
  const riskLinks = await riskPointLinks(db, target);
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
      const a = applicability(it.item.applies, profile);
      const risk = riskLinks.get(`${v.library_id}:${it.code}`);
      m.items.push({
        itemId: it.id,
        code: it.code,
        title: { zh: it.title_zh, en: it.title_en || it.title_zh },
        grade: it.grade,
        scoringKind: it.scoring_kind,
        proposed: !!risk || (applicable && a.proposed),
        reason: risk
          ? { code: 'RISK_POINT', params: { points: risk.points.join('、'), colour: risk.colour ?? '' } }
          : applicable
            ? a.reason
            : { code: 'LIBRARY_NOT_APPLICABLE', params: { scope: v.scope } },
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
    const rows = await enterpriseManagers(
      db,
      actor.enterpriseId ?? enterpriseId ?? '00000000-0000-0000-0000-000000000000',
    );
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
  const rows = await regulatorCandidates(db, region, coveringOnly);
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
