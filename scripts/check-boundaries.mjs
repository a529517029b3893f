// `npm run depcheck`: the package and folder boundaries of .dependency-cruiser.cjs, plus one rule
// dependency-cruiser cannot state — no import cycle between the server's feature modules (a cycle
// through different files of two modules is not a file cycle, but the modules can no longer be
// understood, tested or moved one at a time).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The package's exports map hides its bin; the path is the one npm links as `depcruise`.
const bin = path.resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const args = ['packages', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
let result;
try {
  result = JSON.parse(
    execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }),
  );
} catch (e) {
  // depcruise exits non-zero when a rule is broken; its JSON report is still on stdout.
  if (!e.stdout) throw e;
  result = JSON.parse(e.stdout);
}

const problems = result.summary.violations.map(
  (v) =>
    `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : ''}`,
);

const MODULE = /^packages\/server\/src\/modules\/([^/]+)\//;
const edges = new Map(); // module → Map(module → example "from → to")
for (const m of result.modules) {
  const from = MODULE.exec(m.source)?.[1];
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = MODULE.exec(d.resolved)?.[1];
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} → ${d.resolved}`);
  }
}
for (const cycle of stronglyConnected(edges)) {
  const detail = [];
  for (const a of cycle)
    for (const [b, why] of edges.get(a) ?? []) if (cycle.includes(b)) detail.push(`    ${why}`);
  problems.push(`no-module-cycles: modules ${cycle.join(', ')} import each other:\n${detail.join('\n')}`);
}

if (problems.length) {
  console.error(`${problems.length} boundary violation(s):\n` + problems.map((p) => `  ${p}`).join('\n'));
  process.exit(1);
}
console.log(
  `boundaries: ok (${result.summary.totalCruised} files, ${result.summary.totalDependenciesCruised} imports, ${edges.size} modules with outgoing imports, no module cycles)`,
);

/** Tarjan's strongly connected components with more than one member. */
function stronglyConnected(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
