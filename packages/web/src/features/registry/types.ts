import type { ReactNode } from 'react';
import type { Breakpoint } from 'antd';
import type { Me } from '@redline/contracts';
import type { Labels, Option } from '../../api/reference';
import type { Lang, TFunction } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { RegistryKind } from '../../lib/roles';

/** What every renderer gets: translations, reference names, the user. */
export interface Ctx {
  t: TFunction;
  labels: Labels;
  lang: Lang;
  me: Me;
}

export interface ColumnDef<T> {
  key: string;
  titleKey: MessageKey;
  /** The server's `sort` value when this column is sortable. */
  sortKey?: string;
  render: (row: T, ctx: Ctx) => ReactNode;
  /** Renders the value as a link to the record's detail page. */
  link?: boolean;
  responsive?: Breakpoint[];
  width?: number;
}

export interface FilterDef {
  /** Query parameter, as in the kind's *Query schema. */
  param: string;
  labelKey: MessageKey;
  options: (ctx: Ctx, current: URLSearchParams) => Option[];
  width?: number;
  /** Other parameters to clear when this one changes (e.g. category depends on track). */
  clears?: string[];
}

/** A parameter that limits the list to one parent record (set by links from detail pages). */
export interface ContextParam {
  param: string;
  labelKey: MessageKey;
  ref: RegistryKind;
}

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'switch'
  | 'select'
  | 'region'
  | 'ref'
  | 'creditCode'
  | 'idNumber'
  | 'parties';

export interface FieldDef {
  name: string;
  labelKey: MessageKey;
  type: FieldType;
  required?: boolean;
  /** String length limits (as in the *Input schema). */
  min?: number;
  max?: number;
  /** Number limits. */
  numMin?: number;
  numMax?: number;
  options?: (ctx: Ctx, values: Record<string, any>) => Option[];
  ref?: RegistryKind;
  /** How an empty value is sent: null (nullable fields), omitted, or '' (plain optional text; the default for text). */
  empty?: 'null' | 'omit' | 'string';
  /** Only on create (e.g. it cannot be read back). */
  createOnly?: boolean;
  /** Required on create only. */
  requiredOnCreate?: boolean;
  extraKey?: MessageKey;
  /** Takes the full row width. */
  wide?: boolean;
  /** Value for a new record. */
  initial?: (ctx: Ctx) => unknown;
  /** Fields whose value this one depends on (re-render when they change). */
  dependsOn?: string[];
}

export interface ListItemView {
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
}

export interface RelatedDef {
  titleKey: MessageKey;
  kind: RegistryKind;
  param: string;
}

export interface KindConfig<T extends { id: string } = any> {
  kind: RegistryKind;
  /** Menu / page title (plural). */
  titleKey: MessageKey;
  /** One record, for "New …" / "Edit …". */
  nounKey: MessageKey;
  /** Noun used inside sentences ("No {kind} yet"). */
  sentenceKey: MessageKey;
  searchKey: MessageKey;
  columns: ColumnDef<T>[];
  filters: FilterDef[];
  contextParams: ContextParam[];
  title: (row: T, ctx: Ctx) => string;
  /** Tags next to the title on the detail page. */
  tags?: (row: T, ctx: Ctx) => ReactNode;
  details: (row: T, ctx: Ctx) => { key: string; labelKey: MessageKey; value: ReactNode; wide?: boolean }[];
  /** Extra sections on the detail page (rendered as components, hooks allowed inside). */
  sections?: (row: T, ctx: Ctx) => ReactNode;
  /** Sections above the details (a computed status) or below (related parts). */
  sectionsPlacement?: 'top' | 'bottom';
  related?: RelatedDef[];
  /** How one record looks in a related list on another record's page. */
  listItem: (row: T, ctx: Ctx) => ListItemView;
  fields: FieldDef[];
  /** Record → form values beyond the plain field copy. */
  toForm?: (row: T) => Record<string, unknown>;
}
