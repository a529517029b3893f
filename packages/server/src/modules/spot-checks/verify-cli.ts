import { readFile } from 'node:fs/promises';
import { verifyPublishedDraw, type PublishedDraw } from '@redline/domain';

export const DRAW_VERIFY_USAGE = `  draw-verify <file or URL>                 recompute a published double-random draw (redline.draw/1, e.g.
                                            /api/public/spot-checks/plans/<id>/draw): checks the revealed seed
                                            against the commitment, prints the assignment and "verified" or
                                            "MISMATCH"; exit 0 verified, 1 mismatch, 2 not yet revealed or unreadable`;

/**
 * `redline draw-verify <published file or URL>`: needs no database and no account — only the
 * published file, which it reads from disk or fetches, then recomputes with the domain's draw.
 */
export async function drawVerifyCommand(
  source: string | undefined,
  out: (line: string) => void = (l) => console.log(l),
  fetchFn: typeof fetch = fetch,
): Promise<number> {
  if (!source) {
    out(`usage: redline draw-verify <file or URL>\n${DRAW_VERIFY_USAGE}`);
    return 2;
  }
  let file: PublishedDraw;
  try {
    const text = /^https?:\/\//i.test(source)
      ? await (async () => {
          const res = await fetchFn(source, { headers: { accept: 'application/json' } });
          if (!res.ok) throw new Error(`${source} answered ${res.status}`);
          return res.text();
        })()
      : await readFile(source, 'utf8');
    file = JSON.parse(text) as PublishedDraw;
  } catch (e) {
    out(`cannot read ${source}: ${(e as Error).message}`);
    return 2;
  }
  const v = verifyPublishedDraw(file);
  out(
    `plan: ${file.plan?.title ?? '?'} (${file.plan?.authority ?? '?'}, ${file.plan?.periodStart} – ${file.plan?.periodEnd}, ${file.rules?.kind})`,
  );
  out(`commitment: ${file.commitment}`);
  if (v.status === 'commitment_mismatch') {
    out(`MISMATCH: SHA-256 of the revealed seed is ${v.actual}, the commitment is ${v.expected}`);
    return 1;
  }
  if (!('outcome' in v)) {
    out(`${v.status.replace('_', ' ')}: ${v.message}`);
    return v.status === 'invalid' ? 1 : 2;
  }
  const names = new Map<string, string>((file.pool?.inspectors ?? []).map((i) => [i.id, i.name]));
  out(`digest: ${v.outcome.digest}`);
  out(`pool: ${file.pool.targets.length} targets, ${file.pool.inspectors.length} inspectors`);
  for (const t of v.outcome.tasks)
    out(
      `  ${t.targetName}  [${t.basis === 'full_coverage' ? `full coverage: ${t.reasons.join(', ')}` : `random, grade ${t.grade ?? 'ungraded (B)'}`}]  → ${t.inspectorIds.map((id) => names.get(id) ?? id).join('、')}`,
    );
  for (const u of v.outcome.unstaffed)
    out(`  ${u.targetName}  [unstaffed: ${u.eligible} eligible inspectors]`);
  if (v.status === 'mismatch') {
    out('MISMATCH: the published result is not what the published pool, rules and seed give:');
    for (const d of v.differences) out(`  - ${d}`);
    return 1;
  }
  out(`verified: ${v.outcome.tasks.length} tasks recomputed from the published pool, rules and seed`);
  return 0;
}
