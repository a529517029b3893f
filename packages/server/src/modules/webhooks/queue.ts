import type { Db } from '../../db/database.ts';
import { queueDeliveries, webhooksCovering } from './repo.ts';

/** Something that happened which a jurisdiction's group robots should hear of. */
export interface WebhookEvent {
  /** e.g. 'alarm.escalated' */
  event: string;
  /** The record's region: webhooks of this region and of the jurisdictions above it receive it. */
  regionCode: string;
  /** One delivery per webhook per key (an escalation is announced once). */
  dedupeKey: string;
  subjectId: string | null;
  title: string;
  /** Label–value lines, in order. */
  lines: Array<[string, string]>;
  /** Absolute link to the record, when the server knows its public address. */
  link: string | null;
}

/**
 * The JSON a DingTalk or WeCom group robot accepts: {"msgtype":"text","text":{"content":…}} or
 * {"msgtype":"markdown","markdown":{"title":…,"text":…}} (DingTalk; WeCom reads `content`, so the
 * markdown carries both).
 */
export function robotMessage(format: 'text' | 'markdown', e: WebhookEvent): object {
  if (format === 'text') {
    const content = [e.title, ...e.lines.map(([k, v]) => `${k}：${v}`), ...(e.link ? [e.link] : [])].join(
      '\n',
    );
    return { msgtype: 'text', text: { content } };
  }
  const md = [
    `### ${e.title}`,
    ...e.lines.map(([k, v]) => `- **${k}**：${v}`),
    ...(e.link ? [`[查看详情](${e.link})`] : []),
  ].join('\n');
  return { msgtype: 'markdown', markdown: { title: e.title, text: md, content: md } };
}

/**
 * Queues the event for every enabled webhook covering its region, in the caller's transaction (an
 * outbox): nothing is sent here, so a slow or failing robot never holds a transaction, and the
 * deliveries exist exactly when the change they announce committed. Returns how many were queued.
 */
export async function queueWebhookEvent(trx: Db, e: WebhookEvent): Promise<number> {
  const hooks = await webhooksCovering(trx, e.regionCode);
  return queueDeliveries(
    trx,
    hooks.map((h) => ({
      webhook_id: h.id,
      event: e.event,
      dedupe_key: e.dedupeKey,
      subject_id: e.subjectId,
      payload: JSON.stringify(robotMessage(h.format, e)),
    })),
  );
}
