import type { Kysely } from 'kysely';
import type { DocumentKind } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { templateProblems, type Template } from './templates.ts';
import { authorityRegion, insertTemplate, lastTemplateVersion } from './repo/templates.ts';

/**
 * Saves a new version of the actor's authority's template for a kind (it then wins over the
 * shipped default for the authority's documents). Versions of authorities count from 1001, apart
 * from the shipped defaults.
 */
export async function saveTemplate(
  db: Kysely<DB>,
  actor: Actor,
  kind: DocumentKind,
  body: Template,
): Promise<{ authorityId: string; version: number }> {
  authorize(actor, 'manage_templates', 'document');
  const authorityId = actor.authorityId;
  if (!authorityId) throw validation('authorityId', 'Your account belongs to no authority');
  if (body.kind !== kind) throw validation('kind', `The template is for ${body.kind}, not ${kind}`);
  const problems = templateProblems(body);
  if (problems.length) throw validation('blocks', problems.join('; '));
  const version = await inTransaction(db, async (trx) => {
    const v = Math.max(await lastTemplateVersion(trx, authorityId, kind), 1000) + 1;
    await insertTemplate(trx, {
      authorityId,
      kind,
      version: v,
      body: { ...body, version: v },
      createdBy: actor.userId,
    });
    await appendAudit(trx, {
      actor,
      action: 'document_template.save',
      subjectType: 'document_template',
      subjectId: `${authorityId}:${kind}`,
      regionCode: await authorityRegion(trx, authorityId),
      after: body,
      details: { kind, version: v },
    });
    return v;
  });
  return { authorityId, version };
}
