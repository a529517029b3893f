import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/harness.ts';
import { operationIdOf } from '../src/http/openapi.ts';

/** The served OpenAPI document is one integrators can generate clients from. */
let t: TestApp;
let doc: {
  openapi: string;
  servers?: unknown[];
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
};

beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
});
afterAll(() => t?.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ label: `${method.toUpperCase()} ${path}`, op })),
  );

describe('OpenAPI document', () => {
  it('declares OpenAPI 3.1 (JSON Schema 2020-12, the dialect of the contracts) and a server', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('gives every operation a unique operationId', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(150);
    const missing = ops.filter((o) => !o.op.operationId).map((o) => o.label);
    expect(missing).toEqual([]);
    const seen = new Map<string, string>();
    const dups: string[] = [];
    for (const { label, op } of ops) {
      if (seen.has(op.operationId!))
        dups.push(`${op.operationId}: ${seen.get(op.operationId!)} and ${label}`);
      seen.set(op.operationId!, label);
    }
    expect(dups).toEqual([]);
    for (const { op } of ops) expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it('declares a 4xx answer for every operation', () => {
    const without = operations()
      .filter((o) => !Object.keys(o.op.responses).some((s) => s.startsWith('4')))
      .map((o) => o.label);
    expect(without).toEqual([]);
  });

  it('derives operationIds from method and path, stable across runs', () => {
    expect(operationIdOf('GET', '/api/enterprises')).toBe('listEnterprises');
    expect(operationIdOf('POST', '/api/enterprises')).toBe('createEnterprise');
    expect(operationIdOf('GET', '/api/enterprises/:id')).toBe('getEnterprise');
    expect(operationIdOf('PATCH', '/api/checklist-versions/:id')).toBe('updateChecklistVersion');
    expect(operationIdOf('POST', '/api/documents/:id/issue')).toBe('issueDocument');
    expect(operationIdOf('GET', '/api/equipment')).toBe('listEquipment');
    expect(operationIdOf('GET', '/api/inspections/:id/hazards')).toBe('listInspectionHazards');
  });

  it('marks the public operations as needing no credentials', () => {
    expect(doc.paths['/api/auth/login'].post).toMatchObject({ security: [] });
    expect(doc.paths['/api/public/verify/{key}'].get).toMatchObject({ security: [] });
    expect(doc.paths['/api/ingest/events'].post).toMatchObject({ security: [{ device: [] }] });
  });
});
