// Tables of outbound webhooks (issue 11). Keep in step with migrations/0207_escalation_webhooks.sql.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface WebhooksTable {
  id: Generated<string>;
  region_code: string;
  name: string;
  url: string;
  format: Generated<'text' | 'markdown'>;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  event: string;
  dedupe_key: string;
  subject_id: string | null;
  payload: Json;
  status: Generated<'pending' | 'failing' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_error: string | null;
  last_status_code: number | null;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  at: Timestamp;
  ok: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface WebhookTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
