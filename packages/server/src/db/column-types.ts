import type { ColumnType } from 'kysely';

/** Column types shared by every schema-<feature>.ts (a file of their own, so those files need not import schema.ts). */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type DateStr = string; // 'YYYY-MM-DD'
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
