import { readFileSync, writeFileSync } from 'node:fs';
import type { Deps } from '../http/context.ts';
import { verifyAll, verifyChain } from './verify.ts';
import { checkCheckpoint, createCheckpoint, type SignedCheckpoint } from './checkpoint.ts';

/** `redline verify-audit`: prints one line per chain and the first bad entry; returns the exit code. */
export async function verifyAuditCommand(
  deps: Pick<Deps, 'database' | 'secrets'>,
  opts: { chain?: string; checkpoint?: string },
  out: (line: string) => void = console.log,
): Promise<number> {
  const db = deps.database.db;
  const reports = opts.chain ? [await verifyChain(db, opts.chain)] : await verifyAll(db);
  let bad = 0;
  for (const r of reports) {
    if (r.ok) out(`ok       chain ${r.chain}: ${r.entries} entries, head #${r.headSeq ?? 0}`);
    else {
      bad++;
      out(
        `BROKEN   chain ${r.chain}: ${r.problem!.kind} at #${r.problem!.seq}${r.problem!.entryId ? ` (entry ${r.problem!.entryId})` : ''} — ${r.problem!.message}`,
      );
    }
  }
  if (reports.length === 0) out('no audit entries yet');
  if (opts.checkpoint) {
    const cp = JSON.parse(readFileSync(opts.checkpoint, 'utf8')) as SignedCheckpoint;
    const check = await checkCheckpoint(db, deps.secrets, cp);
    out(
      `checkpoint ${cp.issuedAt}: signature ${check.signatureValid ? 'valid' : 'INVALID'}${check.ourKey ? '' : ' (not this server’s key)'}`,
    );
    for (const c of check.chains)
      out(`${c.ok ? 'ok      ' : 'BROKEN  '} checkpoint chain ${c.chain}#${c.seq}: ${c.message}`);
    if (!check.ok) bad++;
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
