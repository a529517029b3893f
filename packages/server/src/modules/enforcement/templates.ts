import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Value } from '@sinclair/typebox/value';
import { DocumentTemplate, DOCUMENT_KINDS, type DocumentKind } from '@redline/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { latestAuthorityTemplate } from './repo/templates.ts';
import { DATA_DIR } from '../reference/load.ts';
import type { Block } from '../../pdf/render.ts';

/**
 * Document templates are data: the defaults ship in data/documents/<kind>.yaml; an authority may
 * save its own version (document_templates), which then wins for its documents. A template names
 * the title, the number abbreviation, who may issue, which facts are required and editable, and
 * the body as blocks with {{placeholders}} filled from the document's facts.
 */
export type Template = typeof DocumentTemplate.static;

export interface Numbering {
  format: string;
  prefixes: Record<string, string>;
  caseAbbreviation: string;
}

const DOCS_DIR = path.join(DATA_DIR, 'documents');
let defaults: Map<DocumentKind, Template> | null = null;
let numbering: Numbering | null = null;

/** Problems of a template body, as "path: message" lines; [] when valid. */
export function templateProblems(body: unknown): string[] {
  const errors = [...Value.Errors(DocumentTemplate, body)].slice(0, 5);
  const out = errors.map((e) => `${e.path || '/'}: ${e.message}`);
  if (out.length === 0) {
    const t = body as Template;
    for (const k of t.requires)
      if (!/^[A-Za-z][\w.]*$/.test(k)) out.push(`/requires: "${k}" is not a fact name`);
  }
  return out;
}

export function defaultTemplates(): Map<DocumentKind, Template> {
  if (defaults) return defaults;
  const map = new Map<DocumentKind, Template>();
  for (const file of readdirSync(DOCS_DIR).filter((f) => f.endsWith('.yaml') && f !== 'numbering.yaml')) {
    const body = parseYaml(readFileSync(path.join(DOCS_DIR, file), 'utf8'));
    const problems = templateProblems(body);
    if (problems.length)
      throw new Error(`data/documents/${file} is not a valid document template: ${problems.join('; ')}`);
    map.set(body.kind, body as Template);
  }
  for (const kind of DOCUMENT_KINDS)
    if (!map.has(kind)) throw new Error(`data/documents has no template for ${kind}`);
  defaults = map;
  return map;
}

export function numberingRules(): Numbering {
  numbering ??= parseYaml(readFileSync(path.join(DOCS_DIR, 'numbering.yaml'), 'utf8')) as Numbering;
  return numbering;
}

export async function effectiveTemplate(db: Kysely<DB>, authorityId: string, kind: DocumentKind) {
  const own = await latestAuthorityTemplate(db, authorityId, kind);
  if (own)
    return {
      kind,
      source: 'authority' as const,
      authorityId,
      version: own.version,
      template: own.body as unknown as Template,
    };
  const t = defaultTemplates().get(kind)!;
  return { kind, source: 'default' as const, authorityId: null, version: t.version, template: t };
}

/** `（金）应急责改〔2026〕12号` */
export function formatNumber(n: {
  short: string;
  authorityKind: string;
  abbreviation: string;
  year: number;
  serial: number;
}): string {
  const rules = numberingRules();
  return rules.format
    .replace('{short}', n.short)
    .replace('{prefix}', rules.prefixes[n.authorityKind] ?? '')
    .replace('{abbreviation}', n.abbreviation)
    .replace('{year}', String(n.year))
    .replace('{serial}', String(n.serial));
}

// ---- filling a template

export type Facts = Record<string, unknown>;

export function lookup(ctx: Facts, pathName: string): unknown {
  let v: unknown = ctx;
  for (const part of pathName.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join('、');
  if (typeof v === 'object')
    return (v as { text?: string; name?: string }).text ?? (v as { name?: string }).name ?? '';
  return String(v);
};

export const fill = (template: string, ctx: Facts) =>
  template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, p: string) => text(lookup(ctx, p)));

const present = (v: unknown) =>
  !(v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0));

/** Required facts still empty. */
export function missingFacts(t: Template, facts: Facts): string[] {
  return t.requires.filter((k) => !present(lookup(facts, k)));
}

/** The template's blocks with the facts filled in, ready for the PDF renderer. */
export function resolveBlocks(t: Template, ctx: Facts): Block[] {
  const out: Block[] = [];
  const rowsOf = (p: string) => {
    const v = lookup(ctx, p);
    return Array.isArray(v)
      ? v.map((item, i) => ({
          ...ctx,
          no: i + 1,
          ...(typeof item === 'object' && item ? item : { text: String(item) }),
        }))
      : [];
  };
  for (const b of t.blocks) {
    if ('when' in b && b.when && !present(lookup(ctx, b.when))) continue;
    if ('heading' in b) out.push({ type: 'heading', text: fill(b.heading, ctx) });
    else if ('paragraph' in b) {
      const value = fill(b.paragraph, ctx);
      if (value.trim())
        out.push({ type: 'paragraph', text: value, indent: b.indent, bold: b.bold, align: b.align });
    } else if ('list' in b)
      for (const r of rowsOf(b.list))
        out.push({ type: 'paragraph', text: fill(b.item, r), indent: b.indent });
    else if ('fields' in b)
      out.push({
        type: 'fields',
        rows: b.fields.map((f) => [f.label, fill(f.value, ctx)] as [string, string]),
      });
    else if ('table' in b)
      out.push({
        type: 'table',
        columns: b.table.columns.map((c) => ({ title: c.title, width: c.width })),
        rows: rowsOf(b.table.rows).map((r) => b.table.columns.map((c) => fill(c.value, r))),
      });
    else if ('signatures' in b)
      out.push({
        type: 'signatures',
        items: b.signatures.map((s) => ({ label: s.label, value: fill(s.value, ctx) })),
      });
    else if ('seal' in b) out.push({ type: 'seal', lines: b.seal.map((l) => fill(l, ctx)) });
    else if ('spacer' in b) out.push({ type: 'spacer', height: b.spacer });
  }
  return out;
}
