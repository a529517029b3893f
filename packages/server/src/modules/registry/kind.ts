import type { Static, TObject } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { PageOf } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';

export type Tx = Kysely<DB>;

/** What a cell reader may use: lookups run in the import's transaction, as the importing actor. */
export interface CellContext {
  deps: Deps;
  tx: Tx;
  actor: Actor;
}

/** One column of the import/export sheet: header names (zh first) and how to read a cell. */
export interface SheetColumn<View = unknown> {
  key: string;
  zh: string;
  en: string;
  required?: boolean;
  /** Written on export, ignored on import. */
  exportOnly?: boolean;
  /** Read on import (and in the template), not written on export — e.g. a personal identifier. */
  importOnly?: boolean;
  /**
   * Turns the cell text into the input value; return undefined for an empty cell. Throw AppError
   * for bad text. The value is `unknown` here: the assembled row is checked against the kind's
   * input schema before it is used.
   */
  parse?: (text: string, ctx: CellContext) => unknown | Promise<unknown>;
  /**
   * The value written on export, from the view. A method, so that one kind's columns can be used
   * where columns of any view are expected (the sheet writers and the hazard export take those).
   */
  format?(view: View): string | number | null;
}

/** The four TypeBox schemas of a kind; its view, input, patch and query types derive from them. */
export interface KindSchemas {
  view: TObject;
  input: TObject;
  patch: TObject;
  query: TObject;
}

export type ViewOf<S extends KindSchemas> = Static<S['view']>;
export type InputOf<S extends KindSchemas> = Static<S['input']>;
export type PatchOf<S extends KindSchemas> = Static<S['patch']>;
export type QueryOf<S extends KindSchemas> = Static<S['query']>;

/** The record kinds (also their policy and scope keys). */
export type RegistryKindName = 'enterprise' | 'project' | 'site' | 'worker' | 'certificate' | 'equipment';

/**
 * A kind of registry record, described once: the routes, the import/export and the tests are
 * generated from this description so every kind behaves the same.
 */
export interface RegistryKind<S extends KindSchemas> {
  kind: RegistryKindName; // policy and scope key, e.g. 'enterprise'
  path: string; // URL segment, e.g. 'enterprises'
  label: { zh: string; en: string };
  schemas: S;
  list(deps: Deps, actor: Actor, query: QueryOf<S>, opts?: { limit?: number }): Promise<PageOf<ViewOf<S>>>;
  /** The record if the actor may see it, else NOT_FOUND. */
  get(deps: Deps, actor: Actor, id: string, tx?: Tx): Promise<ViewOf<S>>;
  create(deps: Deps, actor: Actor, input: InputOf<S>, tx: Tx): Promise<string>;
  update(deps: Deps, actor: Actor, id: string, patch: PatchOf<S>, tx: Tx): Promise<void>;
  columns: SheetColumn<ViewOf<S>>[];
  /** Turns a sheet row (keyed by column key) into an input, when the two differ. */
  fromSheet?: (row: Record<string, unknown>, tx: Tx) => Promise<Record<string, unknown>>;
  /** Natural key of an input row, to catch duplicates inside one import file. */
  naturalKey?: (input: InputOf<S>, deps: Deps) => string;
}
