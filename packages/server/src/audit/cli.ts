import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Deps } from '../http/context.ts';
import { verifyAll, verifyChain } from './verify.ts';
import { checkCheckpoint, createCheckpoint, type SignedCheckpoint } from './checkpoint.ts';
import { checkpointDir, latestCheckpoint, readCheckpointFile } from './routine.ts';

/**
 * `redline verify-audit`: prints one line per chain and the first bad entry, then checks the newest
 * routine checkpoint (or the file given with --checkpoint; none with --no-checkpoint), which is what
 * reveals entries trimmed from the end of a chain; returns the exit code.
 */
export async function verifyAuditCommand(
  deps: Pick<Deps, 'database' | 'secrets' | 'config'>,
  opts: { chain?: string; checkpoint?: string; noCheckpoint?: boolean },
  out: (line: string) => void = console.log,
): Promise<number> {
  const db = deps.database.db;
  const reports = opts.chain ? [await verifyChain(db, opts.chain)] : await verifyAll(db);
  let bad = 0;
  for (const r of reports) {
    if (r.ok) out(`ok       chain ${r.chain}: ${r.entries} entries, head #${r.headSeq ?? 0}`);
    else {
      bad++;
      // A removed entry has no row to name; its message names the position.
      const entry =
        r.problem!.entryId && r.problem!.kind !== 'removed' ? ` (entry ${r.problem!.entryId})` : '';
      out(
        `BROKEN   chain ${r.chain}: ${r.problem!.kind} at #${r.problem!.seq}${entry} — ${r.problem!.message}`,
      );
    }
  }
  if (reports.length === 0) out('no audit entries yet');
  if (!opts.noCheckpoint) {
    let cp: SignedCheckpoint | null = null;
    let label = '';
    try {
      if (opts.checkpoint) {
        cp = readCheckpointFile(opts.checkpoint);
        label = opts.checkpoint;
      } else {
        const latest = await latestCheckpoint(db, deps.config);
        if (latest) {
          cp = latest.cp;
          label =
            latest.source === 'file'
              ? path.join(checkpointDir(deps.config), latest.file!)
              : `the database's copy${latest.file ? ` of ${latest.file}` : ''} (newer than any file in ${checkpointDir(deps.config)})`;
        } else
          out(
            `no checkpoint yet in ${checkpointDir(deps.config)} (the audit-checkpoints job writes them; --checkpoint F checks a file)`,
          );
      }
    } catch (e) {
      bad++;
      out(`BROKEN   checkpoint: ${(e as Error).message}`);
    }
    if (cp) {
      const byChain = new Map(reports.map((r) => [r.chain, r]));
      const check = await checkCheckpoint(db, deps.secrets, cp, {
        only: opts.chain ? (c) => c === opts.chain : undefined,
        reports: byChain,
      });
      out(
        `checkpoint of ${cp.issuedAt} (${label}): signature ${check.signatureValid ? 'valid' : 'INVALID'}${check.ourKey ? '' : ' (not this server’s key)'}`,
      );
      for (const c of check.chains) out(`${c.ok ? 'ok      ' : 'BROKEN  '} ${c.message}`);
      if (!check.ok) bad++;
    }
  }
  out(bad ? `audit verification FAILED (${bad} problem${bad > 1 ? 's' : ''})` : 'audit verification passed');
  return bad ? 1 : 0;
}

export async function checkpointCommand(deps: Pick<Deps, 'database' | 'secrets'>, file?: string) {
  const cp = await createCheckpoint(deps.database.db, deps.secrets);
  const text = JSON.stringify(cp, null, 2);
  if (file) {
    writeFileSync(file, text + '\n');
    console.log(`checkpoint of ${cp.chains.length} chain(s) written to ${file}`);
  } else console.log(text);
}
