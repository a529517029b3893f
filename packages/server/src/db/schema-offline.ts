import type { ColumnType, Generated } from 'kysely';

/** A write sent with an Idempotency-Key: claimed before it runs, its answer stored after (migration 0900). */
export interface IdempotentRequestsTable {
  user_id: string;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  status: number | null;
  response: string | null;
  content_type: string | null;
  created_at: Generated<Date>;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OfflineTables {
  idempotent_requests: IdempotentRequestsTable;
}
