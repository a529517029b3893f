import { Value } from '@sinclair/typebox/value';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import jsYaml from 'js-yaml';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { ChecklistLibraryFile } from '@redline/contracts';
import { scoreJgj59Table } from '@redline/domain';

/**
 * Checklist library files (YAML or JSON, schema `ChecklistLibraryFile` in contracts/checklist.ts):
 * parsing with errors that name the place (path and line), and the checks the schema cannot
 * express — unique codes, and for scored libraries tables that add up as JGJ 59 requires.
 */
export type LibraryFile = ChecklistLibraryFile;

export interface LibraryProblem {
  /** Where: e.g. modules[2].items[4].handling.grade */
  path: string;
  /** 1-based line in the source text, when known. */
  line: number | null;
  code: string;
  message: string;
}

export type ParseResult = { ok: true; library: LibraryFile } | { ok: false; problems: LibraryProblem[] };

const MAX_PROBLEMS = 200;
let checker: ReturnType<typeof TypeCompiler.Compile<typeof ChecklistLibraryFile>> | undefined;

/**
 * Parses YAML (JSON is YAML too) and validates it. js-yaml reads the text (fast: a 300 KB library
 * in well under a second on a cold start); only when something is wrong is the text read again
 * with the `yaml` package, whose source map gives each problem its line.
 */
export function parseLibraryText(text: string): ParseResult {
  const source = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = jsYaml.load(source, { json: false });
  } catch (e) {
    const mark = (e as { mark?: { line: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    return {
      ok: false,
      problems: [{ path: '', line: mark ? mark.line + 1 : null, code: 'SYNTAX', message: reason }],
    };
  }
  const result = validateLibrary(data);
  if (result.ok) return result;
  return { ok: false, problems: locate(source, result.problems) };
}

function locate(source: string, problems: LibraryProblem[]): LibraryProblem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const lineOf = (segments: (string | number)[]) => {
    for (let n = segments.length; n >= 0; n--) {
      const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  return problems.map((p) => ({ ...p, line: p.line ?? lineOf(pathSegments(p.path)) }));
}

/** Validates parsed data (from YAML, JSON or a spreadsheet) against the schema and the rules. */
export function validateLibrary(data: unknown): ParseResult {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          line: null,
          code: 'NOT_A_LIBRARY',
          message: 'The file must describe one library: code, name, edition, version, scope, scored, modules',
        },
      ],
    };
  }
  const problems: LibraryProblem[] = [];
  checker ??= TypeCompiler.Compile(ChecklistLibraryFile);
  if (!checker.Check(data))
    for (const e of Value.Errors(ChecklistLibraryFile, data)) {
      problems.push({
        path: pointerToPath(e.path),
        line: null,
        code: 'SCHEMA',
        message: schemaMessage(e as never),
      });
      if (problems.length >= MAX_PROBLEMS) break;
    }
  if (problems.length) return { ok: false, problems: dedupe(problems) };
  const library = data as LibraryFile;
  problems.push(...semanticProblems(library));
  return problems.length ? { ok: false, problems } : { ok: true, library };
}

function semanticProblems(lib: LibraryFile): LibraryProblem[] {
  const out: LibraryProblem[] = [];
  const add = (path: string, code: string, message: string) => out.push({ path, line: null, code, message });
  const modules = new Set<string>();
  const items = new Map<string, string>();
  lib.modules.forEach((m, mi) => {
    const mp = `modules[${mi}]`;
    if (modules.has(m.code)) add(`${mp}.code`, 'DUPLICATE_MODULE', `Module code ${m.code} appears twice`);
    modules.add(m.code);
    m.items.forEach((it, ii) => {
      const ip = `${mp}.items[${ii}]`;
      const first = items.get(it.code);
      if (first)
        add(`${ip}.code`, 'DUPLICATE_ITEM', `Item code ${it.code} appears twice (first at ${first})`);
      else items.set(it.code, ip);
      it.scoring?.deductions.forEach((d, di) => {
        if (d.minPoints !== undefined && d.minPoints > d.points) {
          add(
            `${ip}.scoring.deductions[${di}].minPoints`,
            'DEDUCTION_RANGE',
            `minPoints ${d.minPoints} is more than points ${d.points}`,
          );
        }
      });
      if (lib.scored && !it.scoring)
        add(`${ip}.scoring`, 'SCORING_MISSING', `Item ${it.code} has no scoring, but the library is scored`);
      if (!lib.scored && it.scoring)
        add(
          `${ip}.scoring`,
          'SCORING_UNEXPECTED',
          `Item ${it.code} has scoring, but the library is not scored (set scored: true)`,
        );
    });
    if (lib.scored) {
      if (!m.table)
        add(`${mp}.table`, 'TABLE_MISSING', `Module ${m.code} needs the scoring table it is (e.g. B.1)`);
      else if (m.items.every((i) => i.scoring)) {
        // The table must score as JGJ 59 requires when nothing is deducted: items total 100, split as declared.
        const r = scoreJgj59Table({
          table: m.table,
          hasSplit: m.hasSplit ?? false,
          items: m.items.map((i) => ({
            code: i.code,
            kind: i.scoring!.kind,
            fullScore: i.scoring!.fullScore,
            deducted: 0,
            inspected: true,
          })),
        });
        if (!r.ok) add(`${mp}.items`, r.code, r.message);
      }
    }
  });
  if (lib.scored) {
    if (!lib.summary)
      add(
        'summary',
        'SUMMARY_MISSING',
        'A scored library needs its summary table (summary: key, name, weight, tables)',
      );
    else {
      const total = lib.summary.reduce((n, s) => n + s.weight, 0);
      if (Math.abs(total - 100) > 1e-6)
        add('summary', 'SUMMARY_WEIGHTS', `Summary weights total ${total}; they must total 100`);
      const listed = new Set(lib.summary.flatMap((s) => s.tables));
      lib.modules.forEach((m, mi) => {
        if (m.table && !listed.has(m.table))
          add(
            `modules[${mi}].table`,
            'TABLE_NOT_IN_SUMMARY',
            `Table ${m.table} of module ${m.code} is in no summary line`,
          );
      });
    }
  }
  return out;
}

const pointerToPath = (pointer: string) =>
  pointer
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');

const pathSegments = (path: string): (string | number)[] =>
  path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

function schemaMessage(e: {
  path: string;
  message: string;
  value: unknown;
  schema: { enum?: unknown[]; anyOf?: Array<{ const?: unknown }> };
}) {
  const field = pointerToPath(e.path) || 'the library';
  const allowed = e.schema.anyOf?.map((s) => s.const).filter((v) => v !== undefined);
  if (allowed?.length) return `${field}: ${JSON.stringify(e.value)} is not one of ${allowed.join(', ')}`;
  if (e.value === undefined) return `${field} is required`;
  return `${field}: ${e.message}`;
}

/** TypeBox reports a union failure once per member; keep the first per path. */
function dedupe(problems: LibraryProblem[]) {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}

/** The library as YAML text, in the same shape as the shipped files. */
export function libraryToYaml(lib: LibraryFile, header?: string) {
  const body = stringify(lib, { lineWidth: 0, aliasDuplicateObjects: false });
  return header ? `${header.replace(/^/gm, '# ')}\n${body}` : body;
}
