import type { TObject } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { PageOf } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';

export type Tx = Kysely<DB>;

/** One column of the import/export sheet: header names (zh first) and how to read a cell. */
export interface SheetColumn {
  key: string;
  zh: string;
  en: string;
  required?: boolean;
  /** Written on export, ignored on import. */
  exportOnly?: boolean;
  /** Read on import (and in the template), not written on export — e.g. a personal identifier. */
  importOnly?: boolean;
  /** Turns the cell text into the input value; return undefined for an empty cell. Throw AppError for bad text. */
  parse?: (text: string, ctx: { deps: Deps; tx: Tx; actor: Actor }) => unknown | Promise<unknown>;
  /** The value written on export, from the view. */
  format?: (view: any) => string | number | null;
}

/**
 * A kind of registry record, described once: the routes, the import/export and the tests are
 * generated from this description so every kind behaves the same.
 */
export interface RegistryKind<View = any, Input = any, Query = any> {
  kind: string; // policy and scope key, e.g. 'enterprise'
  path: string; // URL segment, e.g. 'enterprises'
  label: { zh: string; en: string };
  schemas: { view: TObject; input: TObject; patch: TObject; query: TObject };
  list(deps: Deps, actor: Actor, query: Query, opts?: { limit?: number }): Promise<PageOf<View>>;
  /** The record if the actor may see it, else NOT_FOUND. */
  get(deps: Deps, actor: Actor, id: string, tx?: Tx): Promise<View>;
  create(deps: Deps, actor: Actor, input: Input, tx: Tx): Promise<string>;
  update(deps: Deps, actor: Actor, id: string, patch: Partial<Input>, tx: Tx): Promise<void>;
  columns: SheetColumn[];
  /** Turns a sheet row (keyed by column key) into an input, when the two differ. */
  fromSheet?: (row: Record<string, unknown>, tx: Tx) => Promise<Record<string, unknown>>;
  /** Natural key of an input row, to catch duplicates inside one import file. */
  naturalKey?: (input: Input, deps: Deps) => string;
}
