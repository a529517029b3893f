// Prints one "N passed, N failed" line over the Vitest JSON reports and the Playwright list output,
// then the API fuzz figures of each engine (test-reports/fuzz-<engine>.json, written by api-fuzz.test.ts).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
const e2e = existsSync('test-reports/e2e.log') ? readFileSync('test-reports/e2e.log', 'utf8') : '';
const m = /(\d+) passed/.exec(e2e);
if (m) passed += Number(m[1]);
const f = /(\d+) failed/.exec(e2e);
if (f) failed += Number(f[1]);
const fuzz = ['pglite', 'postgres']
  .map((engine) => `test-reports/fuzz-${engine}.json`)
  .filter((file) => existsSync(file))
  .map((file) => {
    const f = JSON.parse(readFileSync(file, 'utf8'));
    const n = (x) => x.toLocaleString('en');
    return `${n(f.requests)} requests over ${f.operations} operations × ${f.roles} roles, ${f.fivexx} 5xx, ${f.schemaViolations + f.undeclared} off-schema, ${f.foreignMismatches}/${n(f.foreignPairs)} foreign≠missing (${f.engine}, ${f.seconds} s, FUZZ_SEED=${f.seed})`;
  });
console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}` +
    (fuzz.length ? `; fuzz: ${fuzz.join('; ')}` : ''),
);
process.exit(failed ? 1 : 0);
