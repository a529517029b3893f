import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from '../../src/db/schema.ts';
import { login, type TestApp } from './harness.ts';
import type { World } from './factories.ts';

/**
 * The jurisdiction matrix: every route × every role of jurisdiction A, against records of A and of
 * a foreign jurisdiction B. A foreign record must answer exactly like a record that does not exist
 * (same status, same body), lists and exports must never contain B's records.
 *
 * Later features add their routes to these tables (in their own test files) and call the same runners.
 */
export type RecordKind = keyof World['ids'];

export interface RecordRoute {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  kind: RecordKind;
  url: (id: string) => string;
  body?: unknown;
  /** Roles that must get a 2xx on a record of their own jurisdiction/enterprise. */
  okFor: Role[];
}

export interface ListRoute {
  name: string;
  url: string;
  /** Roles allowed to call it (others must get 403). */
  okFor: Role[];
  /** How to find record ids in the response (JSON lists) or text to look for (exports). */
  kind: 'json' | 'text';
}

export const ROLES: Role[] = ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'];

async function sessions(t: TestApp, world: World) {
  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) cookies[role] = await login(t.app, world.users[role]);
  return cookies;
}

export async function runRecordMatrix(t: TestApp, a: World, b: World, routes: RecordRoute[]) {
  const cookies = await sessions(t, a);
  let checks = 0;
  for (const route of routes) {
    for (const role of ROLES) {
      const call = (id: string) =>
        t.app.inject({
          method: route.method,
          url: route.url(id),
          headers: { cookie: cookies[role] },
          ...(route.body !== undefined && { payload: route.body as object }),
        });
      const foreign = await call(b.ids[route.kind]);
      const missing = await call(randomUUID());
      const label = `${route.name} as ${role}`;
      expect(foreign.statusCode, `${label}: foreign status`).toBe(missing.statusCode);
      expect(foreign.body, `${label}: foreign body`).toBe(missing.body);
      expect([403, 404], `${label}: foreign must be 403/404, got ${foreign.statusCode}`).toContain(
        foreign.statusCode,
      );
      if (route.okFor.includes(role)) {
        expect(foreign.statusCode, `${label}: allowed role must see 404 for a foreign record`).toBe(404);
        const own = await call(a.ids[route.kind]);
        expect(own.statusCode, `${label}: own record → ${own.body}`).toBeLessThan(300);
      }
      checks++;
    }
  }
  return checks;
}

export async function runListMatrix(t: TestApp, a: World, b: World, routes: ListRoute[]) {
  const cookies = await sessions(t, a);
  const foreignIds = Object.values(b.ids);
  let checks = 0;
  for (const route of routes) {
    for (const role of ROLES) {
      const res = await t.app.inject({ method: 'GET', url: route.url, headers: { cookie: cookies[role] } });
      const label = `${route.name} as ${role}`;
      if (!route.okFor.includes(role)) {
        expect(res.statusCode, `${label}: must be refused`).toBe(403);
        continue;
      }
      expect(res.statusCode, `${label} → ${res.body.slice(0, 200)}`).toBe(200);
      for (const id of foreignIds) expect(res.body.includes(id), `${label} leaks ${id}`).toBe(false);
      expect(res.body.includes(b.names.enterprise), `${label} leaks the foreign enterprise name`).toBe(false);
      checks++;
    }
  }
  return checks;
}
