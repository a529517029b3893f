import type { Static } from '@sinclair/typebox';
import type { WebhookDeliveryView, WebhookView } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import { can } from '../../auth/policy.ts';
import { iso } from '../../db/paging.ts';
import type { deliveriesOf, WebhookRow } from './repo.ts';
import { urlOrigin } from './save-webhook.ts';

/** A webhook; its full address (it carries the robot's token) only for administrators. */
export function webhookView(r: WebhookRow, actor: Actor): WebhookView {
  const reveal = can(actor, 'reveal_url', 'webhook');
  return {
    id: r.id,
    regionCode: r.region_code,
    regionName: r.region_name ?? null,
    name: r.name,
    url: reveal ? r.url : `${urlOrigin(r.url)}/…`,
    urlMasked: !reveal,
    format: r.format,
    enabled: r.enabled,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    deliveries: { pending: r.n_pending, failing: r.n_failing, delivered: r.n_delivered, failed: r.n_failed },
  };
}

const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

export function deliveryViews(
  x: Awaited<ReturnType<typeof deliveriesOf>>,
): Array<Static<typeof WebhookDeliveryView>> {
  return x.deliveries.map((d) => ({
    id: d.id,
    event: d.event,
    subjectId: d.subject_id,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: isoOrNull(d.next_attempt_at),
    lastError: d.last_error,
    lastStatusCode: d.last_status_code,
    deliveredAt: isoOrNull(d.delivered_at),
    createdAt: iso(d.created_at),
    history: x.attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({
        attempt: a.attempt,
        at: iso(a.at),
        ok: a.ok,
        statusCode: a.status_code,
        error: a.error,
        durationMs: a.duration_ms,
      })),
  }));
}
