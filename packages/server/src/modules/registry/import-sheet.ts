import { Value } from '@sinclair/typebox/value';
import type { ImportReport } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { AppError, fromDatabaseError } from '../../errors.ts';
import type { KindSchemas, RegistryKind, Tx } from './kind.ts';
import { matchHeaders, type Sheet } from './sheets.ts';
import { auditRegistryWrite } from './audit.ts';
import { inputProblem } from '../../http/input-check.ts';
import { inTransaction } from '../../db/transaction.ts';
import { releaseSavepoint, rollbackToSavepoint, savepoint } from './repo/savepoints.ts';

type Mode = 'validate' | 'commit' | 'commit_valid';
type RowError = ImportReport['errors'][number];

/** Rolls a transaction back after a dry run without treating it as a failure. */
class DryRun extends Error {}

/**
 * Imports a sheet row by row through the kind's own create(), inside one transaction:
 * - validate: every row is tried and the transaction rolled back — the report is exact, nothing changes;
 * - commit: any error rolls everything back (nothing half-imported);
 * - commit_valid: the valid rows are kept, each row in its own savepoint.
 */
export async function importSheet<S extends KindSchemas>(
  deps: Deps,
  actor: Actor,
  kind: RegistryKind<S>,
  sheet: Sheet,
  mode: Mode,
): Promise<ImportReport> {
  const { mapped, unknown, missing } = matchHeaders(sheet.headers, kind.columns);
  const headerErrors: RowError[] = [
    ...unknown.map((h) => ({
      row: 1,
      column: h,
      code: 'UNKNOWN_COLUMN',
      message: `Unknown column "${h}"; expected: ${kind.columns.map((c) => c.zh).join('、')}`,
    })),
    ...missing.map((c) => ({
      row: 1,
      column: c.zh,
      code: 'MISSING_COLUMN',
      message: `Required column "${c.zh}" (${c.en}) is missing`,
    })),
  ];
  const report: ImportReport = {
    mode,
    totalRows: sheet.rows.length,
    validRows: 0,
    imported: 0,
    errors: headerErrors,
    columns: sheet.headers,
  };
  if (headerErrors.length) return report;

  const seen = new Map<string, number>();
  const run = async (tx: Tx) => {
    for (const [i, cells] of sheet.rows.entries()) {
      const rowNo = i + 2;
      const errors = await tryRow(deps, actor, kind, tx, mapped, cells, rowNo, seen);
      if (errors.length) report.errors.push(...errors);
      else report.validRows++;
    }
    if (mode === 'validate' || (mode === 'commit' && report.errors.length)) throw new DryRun();
    report.imported = report.validRows;
  };
  try {
    await inTransaction(deps.database.db, run);
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return report;
}

async function tryRow<S extends KindSchemas>(
  deps: Deps,
  actor: Actor,
  kind: RegistryKind<S>,
  tx: Tx,
  mapped: ReturnType<typeof matchHeaders>['mapped'],
  cells: string[],
  rowNo: number,
  seen: Map<string, number>,
): Promise<RowError[]> {
  let input: Record<string, unknown> = {};
  const errors: RowError[] = [];
  for (const [c, column] of mapped.entries()) {
    if (!column || column.exportOnly) continue;
    const text = (cells[c] ?? '').trim();
    if (!text) {
      if (column.required)
        errors.push({ row: rowNo, column: column.zh, code: 'REQUIRED', message: `${column.zh} is required` });
      continue;
    }
    try {
      input[column.key] = column.parse ? await column.parse(text, { deps, tx, actor }) : text;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push({ row: rowNo, column: column.zh, code: e.code, message: e.message });
    }
  }
  if (errors.length) return errors;
  if (kind.fromSheet) input = await kind.fromSheet(input, tx);
  if (!Value.Check(kind.schemas.input, input)) {
    // The first problem, as before; Check narrows the row to the kind's input type below.
    const schemaError = Value.Errors(kind.schemas.input, input).First();
    const key = (schemaError?.path ?? '').replace(/^\//, '').split('/')[0];
    const column = kind.columns.find((c) => c.key === key);
    return [
      {
        row: rowNo,
        column: column?.zh ?? key,
        code: 'VALIDATION',
        message: `${column?.zh ?? key}: ${schemaError?.message ?? 'does not match the expected form'}`,
      },
    ];
  }
  const inputError = inputProblem(kind.schemas.input, input);
  if (inputError) {
    const key = inputError[0].split('.')[0];
    const column = kind.columns.find((c) => c.key === key);
    return [
      {
        row: rowNo,
        column: column?.zh ?? key,
        code: 'VALIDATION',
        message: `${column?.zh ?? key}: ${inputError[1]}`,
      },
    ];
  }
  const natural = kind.naturalKey?.(input, deps);
  if (natural) {
    const first = seen.get(natural);
    if (first)
      return [
        { row: rowNo, column: null, code: 'DUPLICATE_IN_FILE', message: `Same record as row ${first}` },
      ];
    seen.set(natural, rowNo);
  }
  // Each row in a savepoint: a failed row is undone alone and the transaction stays usable.
  const sp = `row_${rowNo}`;
  await savepoint(tx, sp);
  try {
    const id = await kind.create(deps, actor, input, tx);
    await auditRegistryWrite(tx, deps, actor, kind, id, 'import');
    await releaseSavepoint(tx, sp);
    return [];
  } catch (e) {
    await rollbackToSavepoint(tx, sp);
    const known = e instanceof AppError ? e : fromDatabaseError(e);
    if (!known) throw e;
    const column = kind.columns.find((c) => c.key === known.field);
    return [
      { row: rowNo, column: column?.zh ?? known.field ?? null, code: known.code, message: known.message },
    ];
  }
}
