import type { Static } from '@sinclair/typebox';
import type { WebhookBody, WebhookPatch } from '@redline/contracts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { isHttpUrl } from './deliver.ts';
import { deleteWebhook, insertWebhook, lockWebhook, updateWebhook } from './repo.ts';

const checkUrl = (url: string | undefined) => {
  if (url !== undefined && !isHttpUrl(url))
    throw new AppError('VALIDATION', 'A webhook address must be an http:// or https:// URL', 'url');
};

/** The audit shows where a webhook points without its secret (scheme and host only). */
export const urlOrigin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};

/** A webhook for the actor's own jurisdiction (an administrator or leader), audited. */
export async function createWebhook(db: Db, actor: Actor, body: Static<typeof WebhookBody>): Promise<string> {
  checkUrl(body.url);
  return inTransaction(db, async (trx) => {
    const id = await insertWebhook(trx, {
      region_code: actor.regionCode,
      name: body.name,
      url: body.url,
      format: body.format ?? 'text',
      enabled: body.enabled ?? true,
      created_by: actor.userId,
    });
    await appendAudit(trx, {
      actor,
      action: 'webhook.create',
      subjectType: 'webhook',
      subjectId: id,
      regionCode: actor.regionCode,
      after: {
        name: body.name,
        origin: urlOrigin(body.url),
        format: body.format ?? 'text',
        enabled: body.enabled ?? true,
      },
    });
    return id;
  });
}

/** Changes a webhook of the actor's jurisdiction; a foreign one answers like a missing one. */
export async function changeWebhook(db: Db, actor: Actor, id: string, patch: Static<typeof WebhookPatch>) {
  checkUrl(patch.url);
  await inTransaction(db, async (trx) => {
    const before = await lockWebhook(trx, actor, id);
    if (!before) throw notFound('Webhook');
    await updateWebhook(trx, id, patch);
    await appendAudit(trx, {
      actor,
      action: 'webhook.update',
      subjectType: 'webhook',
      subjectId: id,
      regionCode: before.region_code,
      before: {
        name: before.name,
        origin: urlOrigin(before.url),
        format: before.format,
        enabled: before.enabled,
      },
      after: {
        name: patch.name ?? before.name,
        origin: urlOrigin(patch.url ?? before.url),
        format: patch.format ?? before.format,
        enabled: patch.enabled ?? before.enabled,
        ...(patch.url !== undefined && { urlChanged: true }),
      },
    });
  });
}

/** Removes a webhook (its deliveries and attempts go with it), audited. */
export async function removeWebhook(db: Db, actor: Actor, id: string) {
  await inTransaction(db, async (trx) => {
    const before = await lockWebhook(trx, actor, id);
    if (!before) throw notFound('Webhook');
    await deleteWebhook(trx, id);
    await appendAudit(trx, {
      actor,
      action: 'webhook.delete',
      subjectType: 'webhook',
      subjectId: id,
      regionCode: before.region_code,
      before: {
        name: before.name,
        origin: urlOrigin(before.url),
        format: before.format,
        enabled: before.enabled,
      },
    });
  });
}
