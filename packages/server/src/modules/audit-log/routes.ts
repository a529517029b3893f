import {
  AuditEntry,
  AuditEntryQuery,
  CheckpointCheck,
  ErrorBody,
  Page,
  SignedCheckpoint,
  VerifyAuditQuery,
  VerifyAuditResult,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { inRegion } from '../../auth/scope.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../db/paging.ts';
import { chainVisible, verifyAll, verifyChain } from '../../audit/verify.ts';
import { checkCheckpoint, createCheckpoint } from '../../audit/checkpoint.ts';
import { latestCheckpoint, routineStatus } from '../../audit/routine.ts';

const tags = ['audit'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * The audit chain for administrators: entries of their jurisdiction, verification naming the first
 * altered / removed / reordered entry (and, against the newest routine checkpoint, entries trimmed
 * from the end), and signed checkpoints of the chain heads.
 */
export async function auditRoutes(app: App, deps: Deps) {
  const { db } = deps.database;

  app.get(
    '/api/audit/entries',
    {
      schema: {
        tags,
        summary: 'Audit entries of your jurisdiction, newest first',
        querystring: AuditEntryQuery,
        response: { 200: Page(AuditEntry), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'read', 'audit');
      const q = req.query;
      let base = db.selectFrom('audit_entries as x').where(inRegion(actor.regionCode, 'x'));
      if (q.chain) base = base.where('x.chain', '=', q.chain);
      if (q.subjectType) base = base.where('x.subject_type', '=', q.subjectType);
      if (q.subjectId) base = base.where('x.subject_id', '=', q.subjectId);
      if (q.action) base = base.where('x.action', '=', q.action);
      const page = await pageOf(base, (qb) => qb.selectAll('x'), {
        ...q,
        sortColumn: 'x.at',
        order: q.order ?? 'desc',
        idColumn: 'x.id',
      });
      return {
        ...page,
        items: page.items.map((r) => ({
          id: r.id,
          chain: r.chain,
          seq: Number(r.seq),
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorRole: r.actor_role,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          regionCode: r.region_code,
          beforeDigest: r.before_digest,
          afterDigest: r.after_digest,
          details: r.details ?? {},
          prevHash: r.prev_hash,
          hash: r.hash,
        })),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags,
        summary:
          'Verify the hash chains of your jurisdiction (or one chain) and name the first altered, removed or reordered entry; check them against the newest routine checkpoint, which reveals entries trimmed from the end',
        querystring: VerifyAuditQuery,
        response: { 200: VerifyAuditResult, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'verify', 'audit');
      const { chain } = req.query;
      if (chain !== undefined && !chainVisible(chain, actor.regionCode)) throw notFound('Chain');
      const chains =
        chain !== undefined ? [await verifyChain(db, chain)] : await verifyAll(db, actor.regionCode);
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
    },
  );

  app.get(
    '/api/audit/checkpoint',
    {
      schema: {
        tags,
        summary:
          'A signed checkpoint (Ed25519) of the chain heads of your jurisdiction, to keep outside the system',
        response: { 200: SignedCheckpoint, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'checkpoint', 'audit');
      const cp = await createCheckpoint(db, deps.secrets, actor.regionCode, deps.now());
      reply.header(
        'content-disposition',
        `attachment; filename="audit-checkpoint-${cp.issuedAt.slice(0, 19).replace(/[:T]/g, '')}.json"`,
      );
      return cp;
    },
  );

  app.post(
    '/api/audit/checkpoint/verify',
    {
      schema: {
        tags,
        summary:
          'Check a checkpoint: its signature, and that every chain still holds the signed entry and verifies up to it',
        body: SignedCheckpoint,
        response: { 200: CheckpointCheck, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'verify', 'audit');
      const foreign = req.body.chains.find((c) => !chainVisible(c.chain, actor.regionCode));
      if (foreign) throw notFound('Chain');
      return checkCheckpoint(db, deps.secrets, req.body);
    },
  );
}
