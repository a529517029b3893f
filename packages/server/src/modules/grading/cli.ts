import type { Deps } from '../../http/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recomputeById } from './compute-grade.ts';
import { activeModel, allTargets, countGrades } from './repo.ts';
import { drainDirty } from './jobs.ts';

export const GRADES_USAGE = `  grades recompute [--dirty]                recompute the A/B/C grade of every enterprise and project now
                                            (--dirty: only those whose facts changed); prints the counts`;

/** `redline grades recompute`: every target in batches of 100 per transaction; returns the exit code. */
export async function gradesCommand(
  deps: Deps,
  args: string[],
  print: (line: string) => void = console.log,
): Promise<number> {
  const { db } = deps.database;
  if (args[0] !== 'recompute') {
    print(`unknown grades action "${args[0] ?? ''}"; use recompute`);
    return 2;
  }
  if (args.includes('--dirty')) {
    for (;;) {
      const msg = await inTransaction(db, (trx) => drainDirty(trx, deps, 500));
      print(msg);
      if (msg === 'nothing marked') return 0;
    }
  }
  const targets = await allTargets(db);
  const { model } = await activeModel(db);
  const counts = { A: 0, B: 0, C: 0 };
  for (let i = 0; i < targets.length; i += 100) {
    await inTransaction(db, async (trx) => {
      for (const t of targets.slice(i, i + 100)) {
        await recomputeById(trx, deps, t.kind, t.id, 'cli', model);
      }
    });
  }
  Object.assign(counts, await countGrades(db));
  print(
    `recomputed ${targets.length} grade(s) with model v${model.version}: A ${counts.A}, B ${counts.B}, C ${counts.C}`,
  );
  return 0;
}
