import type { Deps } from '../../http/context.ts';
import type { Database } from '../../db/database.ts';
import { checkHazardRollups, rebuildHazardRollups } from './rebuild-rollups.ts';

export const HAZARD_ROLLUPS_USAGE = `  rollups rebuild                           recompute the hazard rollups (figures) from the hazard rows
  rollups check                             compare the maintained hazard rollups with a rebuild (nothing
                                            changes); exit 1 and name the rows that differ`;

/** `redline rollups rebuild | check` for the hazard rollups; returns the exit code. */
export async function hazardRollupsCommand(
  deps: Deps & { database: Database },
  action: string | undefined,
  print: (line: string) => void = console.log,
): Promise<number> {
  const { db } = deps.database;
  switch (action) {
    case 'rebuild': {
      const r = await rebuildHazardRollups(db, deps.config.TIME_ZONE);
      print(
        `hazard rollups rebuilt in ${r.ms} ms: ${r.daily} daily, ${r.monthly} monthly, ${r.monthlyGroups} monthly by group, ${r.owing} owing, ${r.owingDays} owing by day row(s); found days in ${r.timeZone}`,
      );
      return 0;
    }
    case 'check': {
      const diffs = await checkHazardRollups(db);
      if (diffs.length === 0) {
        print('hazard rollups equal a rebuild from the hazard rows');
        return 0;
      }
      print(`hazard rollups differ from a rebuild in ${diffs.length} row(s):`);
      for (const d of diffs.slice(0, 50))
        print(
          `  ${d.table} ${d.key}: maintained ${JSON.stringify(d.maintained)}, rebuilt ${JSON.stringify(d.rebuilt)}`,
        );
      print('run `redline rollups rebuild` to replace them');
      return 1;
    }
    default:
      print(`unknown rollups action "${action ?? ''}"; use rebuild or check`);
      return 2;
  }
}
