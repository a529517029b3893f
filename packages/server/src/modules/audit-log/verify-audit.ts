import type { VerifyAuditResult } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { notFound } from '../../errors.ts';
import { chainVisible, verifyAll, verifyChain } from '../../audit/verify.ts';
import { checkCheckpoint } from '../../audit/checkpoint.ts';
import { latestCheckpoint, routineStatus } from '../../audit/routine.ts';

/**
 * Verifies the chains of the actor's jurisdiction (or one of them), naming the first altered,
 * removed or reordered entry, and checks them against the newest routine checkpoint, which
 * reveals entries trimmed from the end. A checkpoint that cannot be read is reported, not thrown.
 */
export async function verifyAudit(
  deps: Deps,
  actor: Actor,
  chain: string | undefined,
): Promise<VerifyAuditResult> {
  const { db } = deps.database;
  if (chain !== undefined && !chainVisible(chain, actor.regionCode)) throw notFound('Chain');
  const chains = chain !== undefined ? [await verifyChain(db, chain)] : await verifyAll(db, actor.regionCode);
  let checkpoint = null;
  let checkpointError: string | null = null;
  try {
    const latest = await latestCheckpoint(db, deps.config);
    if (latest) {
      // The signature covers every chain; the caller sees the result for the chains of their jurisdiction.
      const check = await checkCheckpoint(db, deps.secrets, latest.cp, {
        only: (c) => chainVisible(c, actor.regionCode) && (chain === undefined || c === chain),
        reports: new Map(chains.map((c) => [c.chain, c])),
      });
      checkpoint = { ...check, source: latest.source, file: latest.file };
    }
  } catch (e) {
    checkpointError = (e as Error).message;
  }
  return {
    ok: chains.every((c) => c.ok) && (checkpoint?.ok ?? true) && checkpointError === null,
    checkedAt: deps.now().toISOString(),
    chains,
    checkpoint,
    checkpointError,
    routine: await routineStatus(db, deps.config),
  };
}
