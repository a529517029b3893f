import type { Kysely, Updateable } from 'kysely';
import { totalDeduction } from '@redline/domain';
import type { FindingInput } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { InspectionFindingsTable } from '../../db/schema-inspections.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { validation } from '../../errors.ts';
import { updateFinding } from './repo/findings.ts';
import { markStarted, openForRecording, requireFinding } from './recording.ts';

/**
 * Recording one item on site: pass / fail / not applicable, a note, a measured value, deductions
 * for scored items, and for a failure the hazard found and its grade (defaulted from the item).
 */
export async function recordFinding(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'now'>,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  input: FindingInput,
) {
  const i = await openForRecording(trx, actor, inspectionId);
  const f = await requireFinding(trx, i.id, findingId);
  const now = deps.now();
  const item = f.item;
  const set: Updateable<InspectionFindingsTable> = {
    result: input.result,
    note: input.note ?? f.note,
    measured_value: input.measuredValue ?? f.measured_value,
    recorded_by: actor.userId,
    recorded_at: input.result === 'pending' ? null : now,
  };
  if (input.result === 'fail') {
    const description = (input.hazardDescription ?? f.hazard_description).trim();
    if (!description)
      throw validation('hazardDescription', 'Describe the hazard found (what, where, how much)');
    set.hazard_description = description;
    set.hazard_grade = input.hazardGrade ?? item.handling.grade;
    set.rectify_days =
      input.rectifyDays !== undefined
        ? input.rectifyDays
        : (f.rectify_days ?? item.handling.rectifyDays ?? null);
    if (item.scoring) {
      const chosen = (input.deductions ?? []).map((d) => ({
        rule: d.rule,
        points: d.points,
        count: d.count ?? 1,
      }));
      if (!chosen.length)
        throw validation(
          'deductions',
          'Choose the deductions that apply to this failed item (JGJ 59 scoring)',
        );
      const total = totalDeduction(item.scoring.deductions, chosen);
      if (!total.ok) throw validation(total.field ?? 'deductions', total.message);
      set.deductions = JSON.stringify(chosen);
      set.deducted = total.value;
    } else if (input.deductions?.length) {
      throw validation('deductions', 'This item is not scored: it has no deductions');
    }
  } else {
    if (input.deductions?.length) throw validation('deductions', 'Deductions apply only to a failed item');
    set.deductions = '[]';
    set.deducted = 0;
    set.hazard_description = '';
    set.hazard_grade = null;
    set.rectify_days = null;
  }
  await updateFinding(trx, f.id, set);
  await markStarted(trx, i, now);
}
