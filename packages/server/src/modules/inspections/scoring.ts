import type { Kysely } from 'kysely';
import { scoreJgj59Inspection, type InspectionTableInput, type Jgj59SummaryItemDef } from '@redline/domain';
import type { ChecklistSummaryItem, ScoreView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import { scoredFindingsOf, scoredVersionsOf } from './repo/checklists.ts';

/**
 * The JGJ 59 score of an inspection, per scored checklist version it uses: the domain does the
 * scoring (packages/domain/src/jgj59-inspection.ts); this gathers the inputs and names the tables.
 * Every figure carries its explanation steps; the UI renders them in Chinese or English.
 */
export async function scoreInspection(db: Kysely<DB>, inspectionId: string): Promise<ScoreView[]> {
  const versions = await scoredVersionsOf(db, inspectionId);
  const out: ScoreView[] = [];
  for (const v of versions) {
    const rows = await scoredFindingsOf(db, inspectionId, v.id);
    const tables: Array<InspectionTableInput & { moduleCode: string; name: { zh: string; en: string } }> = [];
    for (const r of rows) {
      let t = tables.find((x) => x.moduleCode === r.module_code);
      if (!t) {
        t = {
          table: r.table_code!,
          hasSplit: r.has_split ?? false,
          items: [],
          moduleCode: r.module_code,
          name: { zh: r.name_zh, en: r.name_en || r.name_zh },
        };
        tables.push(t);
      }
      const scoring = (r.body as { scoring?: { fullScore: number } }).scoring;
      t.items.push({
        code: r.code,
        kind: r.scoring_kind ?? 'general',
        fullScore: scoring?.fullScore ?? 0,
        outcome: r.result,
        deducted: r.deducted,
      });
    }
    const summary = (v.summary ?? []) as ChecklistSummaryItem[];
    const defs: Jgj59SummaryItemDef[] = summary.map((s) => ({
      key: s.key,
      zh: s.name.zh,
      en: s.name.en,
      weight: s.weight,
      tables: s.tables,
    }));
    const s = scoreJgj59Inspection(tables, defs);
    out.push({
      versionId: v.id,
      libraryCode: v.code,
      libraryName: { zh: v.name_zh, en: v.name_en || v.name_zh },
      pending: s.pending,
      provisional: s.provisional,
      tables: s.tables.map((t, k) => ({
        table: t.table,
        moduleCode: tables[k].moduleCode,
        name: tables[k].name,
        present: t.present,
        pending: t.pending,
        score: t.score?.score ?? null,
        zeroed: t.score?.zeroed ?? false,
        guaranteeSubtotal: t.score?.guaranteeSubtotal ?? null,
        error: t.error ? { code: t.error.code, message: t.error.message } : null,
        explanation: t.explanation,
      })),
      summary: s.summary
        ? {
            items: s.summary.items.map((i) => {
              const d = summary.find((x) => x.key === i.key);
              return {
                key: i.key,
                name: d?.name ?? { zh: i.key, en: i.key },
                weight: i.weight,
                present: i.present,
                tableScore: i.tableScore,
                a1: i.a1,
                explanation: i.explanation,
              };
            }),
            total: s.summary.total,
            grade: s.summary.grade,
            gradeReason: s.summary.gradeReason,
            zeroedTables: s.summary.zeroedTables,
            explanation: s.summary.explanation,
          }
        : null,
      summaryError: s.summaryError,
    });
  }
  return out;
}
