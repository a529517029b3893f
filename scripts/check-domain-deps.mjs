// The domain package must stay pure: no imports beyond itself (no server, db, web, node I/O).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = 'packages/domain/src';
const allowed = /^(\.{1,2}\/)/;
const bad = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) {
      for (const m of readFileSync(p, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        if (!allowed.test(m[1])) bad.push(`${p}: imports ${m[1]}`);
      }
    }
  }
}
walk(root);
if (bad.length) {
  console.error('packages/domain must not import outside itself:\n' + bad.join('\n'));
  process.exit(1);
}
console.log('domain dependency rule: ok');
