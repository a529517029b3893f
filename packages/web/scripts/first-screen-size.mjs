// Gzipped JavaScript of the first screen after login: the entry chunk, the overview route and the
// chunks they statically import.
// Usage: node packages/web/scripts/first-screen-size.mjs   (after a build)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));
const LAZY_ON_FIRST_SCREEN = ['src/features/overview/OverviewPage.tsx'];

const files = new Set();
function visit(key) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imp of chunk.imports ?? []) visit(imp);
}
visit('index.html');
for (const key of LAZY_ON_FIRST_SCREEN) if (manifest[key]) visit(key);

let raw = 0;
let gz = 0;
const rows = [];
for (const f of files) {
  const buf = readFileSync(path.join(dist, f));
  const g = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += g;
  rows.push([f, (buf.length / 1024).toFixed(1), (g / 1024).toFixed(1)]);
}
rows.sort((a, b) => Number(b[2]) - Number(a[2]));
for (const [f, r, g] of rows) console.log(`${g.padStart(8)} KB gz  ${r.padStart(8)} KB  ${f}`);
console.log(
  `first screen after login: ${(gz / 1024).toFixed(1)} KB gzipped JS (${(raw / 1024).toFixed(1)} KB raw), ${files.size} files; budget 400 KB`,
);
process.exitCode = gz / 1024 > 400 ? 1 : 0;
