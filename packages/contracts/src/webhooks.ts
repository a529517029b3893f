import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable, Uuid } from './common.ts';

/**
 * Outbound webhooks of a jurisdiction (issue 11): escalated alarms are posted to workplace group
 * robots in the JSON they accept — DingTalk and WeCom both take {"msgtype":"text","text":{"content":…}}
 * and {"msgtype":"markdown","markdown":{…}}.
 */
export const WEBHOOK_FORMATS = ['text', 'markdown'] as const;
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'failing', 'delivered', 'failed'] as const;

const Url = Type.String({
  minLength: 10,
  maxLength: 1000,
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$',
  description: 'http(s) only; the robot’s full address including its access token',
});

export const WebhookBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    url: Url,
    format: Type.Optional(literals(WEBHOOK_FORMATS)),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const WebhookPatch = Type.Partial(WebhookBody, { additionalProperties: false });

export const WebhookView = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  name: Type.String(),
  url: Type.String({
    description:
      'the full address for administrators; others see only scheme and host (the rest is a secret)',
  }),
  urlMasked: Type.Boolean(),
  format: literals(WEBHOOK_FORMATS),
  enabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  deliveries: Type.Object({
    pending: Type.Integer(),
    failing: Type.Integer(),
    delivered: Type.Integer(),
    failed: Type.Integer(),
  }),
});
export type WebhookView = Static<typeof WebhookView>;

export const WebhookAttemptView = Type.Object({
  attempt: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  ok: Type.Boolean(),
  statusCode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

export const WebhookDeliveryView = Type.Object({
  id: Uuid,
  event: Type.String(),
  subjectId: Nullable(Type.String()),
  status: literals(WEBHOOK_DELIVERY_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time' })),
  lastError: Nullable(Type.String()),
  lastStatusCode: Nullable(Type.Integer()),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  history: Type.Array(WebhookAttemptView),
});
