import { CheckpointCheck, SignedCheckpoint, VerifyAuditQuery, VerifyAuditResult } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { notFound } from '../../../errors.ts';
import { chainVisible } from '../../../audit/verify.ts';
import { checkCheckpoint, createCheckpoint } from '../../../audit/checkpoint.ts';
import { verifyAudit } from '../verify-audit.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

const tags = ['audit'];
const { 409: _conflict, ...errors } = ERROR_RESPONSES; // nothing here conflicts

/**
 * Verifying the audit chains: verification naming the first altered / removed / reordered entry
 * (and, against the newest routine checkpoint, entries trimmed from the end), and signed
 * checkpoints of the chain heads to keep outside the system and check later.
 */
export const auditVerificationRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps.database;

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
      return verifyAudit(deps, actor, req.query.chain);
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
};
