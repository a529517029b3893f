import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installModules } from '../src/app.ts';
import { hasPolicyRule } from '../src/auth/policy.ts';
import { hasScopeRule } from '../src/auth/scope.ts';

/**
 * Access rules are installed from one list (modules/index.ts), not by importing a file for its side
 * effect. This reads every kind and action the server's code asks about — `authorize(…, 'action',
 * 'kind')`, `can(…)`, `inScope(…, 'kind', …)`, and the registry kinds' `kind: '…'` — and checks that
 * the installed rules answer each. A kind nobody installed would deny everyone (policies) or fail
 * at the first enterprise manager's request (scopes): that must fail here, not in production.
 */
const SRC = path.resolve(import.meta.dirname, '../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
const sources = files(SRC).map((f) => ({ f: path.relative(SRC, f), text: readFileSync(f, 'utf8') }));

const asked = { policies: new Set<string>(), scopes: new Set<string>() };
for (const { text } of sources) {
  for (const m of text.matchAll(/\b(?:authorize|can)\([^,()]+(?:\([^()]*\))?, '([a-z_]+)', '([a-z_]+)'\)/g))
    asked.policies.add(`${m[2]}:${m[1]}`);
  for (const m of text.matchAll(/\binScope\([^,()]+, '([a-z_]+)'/g)) asked.scopes.add(m[1]);
}
// The registry's generic routes ask with the kind object's name: read, create, update, import, export.
const registryKinds = new Set<string>();
for (const { f, text } of sources)
  if (f.startsWith('modules/registry/'))
    for (const m of text.matchAll(/^\s+kind: '([a-z_]+)',?$/gm)) registryKinds.add(m[1]);
for (const k of registryKinds) {
  asked.scopes.add(k);
  for (const a of ['read', 'create', 'update', 'import', 'export']) asked.policies.add(`${k}:${a}`);
}

describe('access rules installed from modules/index.ts', () => {
  installModules();

  it('finds what the code asks about (the scan itself works)', () => {
    expect(registryKinds).toEqual(
      new Set(['enterprise', 'project', 'site', 'worker', 'certificate', 'equipment']),
    );
    expect(asked.policies.size).toBeGreaterThan(30);
    expect(asked.scopes.size).toBeGreaterThan(12);
  });

  it('has a policy rule for every action the code authorizes', () => {
    const missing = [...asked.policies].filter((ka) => {
      const [kind, action] = ka.split(':');
      return !hasPolicyRule(kind, action);
    });
    expect(missing).toEqual([]);
  });

  it('has a scope rule for every kind the code scopes', () => {
    expect([...asked.scopes].filter((k) => !hasScopeRule(k))).toEqual([]);
  });
});
