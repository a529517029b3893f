import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { checkEventRollups, rebuildEventRollups } from './event-store.ts';

export const EVENT_ROLLUPS_USAGE = `  event-rollups rebuild                     recompute the hourly device event rollups from the stored events
                                            (hours older than the oldest month partition are left as they are)
  event-rollups check                       compare them with a rebuild (nothing changes); exit 1 and name
                                            the rows that differ`;

/** `redline event-rollups rebuild | check`; returns the exit code. */
export async function eventRollupsCommand(
  db: Kysely<DB>,
  action: string | undefined,
  print: (line: string) => void = console.log,
): Promise<number> {
  switch (action) {
    case 'rebuild': {
      const r = await rebuildEventRollups(db);
      print(
        `device event rollups rebuilt in ${r.ms} ms: ${r.rows} row(s), hours from ${r.from ? r.from.toISOString() : 'the first event'}`,
      );
      return 0;
    }
    case 'check': {
      const diffs = await checkEventRollups(db);
      if (diffs.length === 0) {
        print('device event rollups equal a rebuild from the stored events');
        return 0;
      }
      print(`device event rollups differ from a rebuild in ${diffs.length} row(s):`);
      for (const d of diffs.slice(0, 50))
        print(`  ${d.key}: maintained ${d.maintained}, rebuilt ${d.rebuilt}`);
      print('run `redline event-rollups rebuild` to replace them');
      return 1;
    }
    default:
      print(`unknown event-rollups action "${action ?? ''}"; use rebuild or check`);
      return 2;
  }
}
