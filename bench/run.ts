/**
 * `npm run bench -- <name> [options]` runs bench/<name>.ts with the options (e.g.
 * `npm run bench -- scale --hazards 100000 --events 1000000`); without a name, lists them.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('-publisher.ts'))
  .map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [options]  (see bench/README.md)`);
  process.exit(2);
}
// The benchmark reads its options from process.argv as when it is run alone.
process.argv = [process.argv[0], path.join(here, `${name}.ts`), ...rest];
await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
