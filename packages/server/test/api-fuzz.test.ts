import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestApp, login, TODAY, type TestApp } from './helpers/harness.ts';
import { loadStarterChecklists } from '../src/modules/checklists/load-starter.ts';
import { createWorld, creditCode, residentId, type World } from './helpers/factories.ts';
import { secondOfficerOnDocument, userIdOf } from './helpers/officers.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { registerDevice } from './helpers/devices.ts';
import { multipart } from './helpers/client.ts';
import {
  answerChecker,
  arbitraryOf,
  NASTY,
  ODD_IDS,
  operationsOf,
  type Hints,
  type Operation,
  type Schema,
} from './helpers/openapi-fuzz.ts';

/**
 * The API fuzzer: every operation of the served OpenAPI document, as admin, a regulator (inspector),
 * an enterprise manager, a worker and anonymous, with requests generated from the document's schemas
 * (real ids of a factory world where a path or body names a record) and mutated ones — wrong types,
 * missing and extra fields, huge and empty values, NUL and lone surrogates, odd ids, broken JSON,
 * wrong content types. Every answer must be: not a 5xx; a status the document declares for the
 * operation; in a declared media type and valid against the declared schema. A record of another
 * jurisdiction (in the path, or in the body and query) must answer exactly like a random id.
 *
 * FUZZ_SEED reproduces a run (the seed is printed first); FUZZ_SCALE multiplies the request count.
 * In CI the figures go to test-reports/fuzz-<engine>.json for the summary line.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const MIN_REQUESTS = 10_000;
const ENGINE = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

type Role = 'admin' | 'regulator' | 'manager' | 'worker' | 'anonymous';
const ROLES: Role[] = ['admin', 'regulator', 'manager', 'worker', 'anonymous'];

/**
 * Requests per operation and role: valid and mutated. PDFs are rendered for real (tens of ms each)
 * and exports build whole sheets, so they get fewer; the alarm stream (server-sent events) never
 * ends for an allowed caller, so each of its requests reads the answer's head as a stream and hangs up.
 */
function budget(op: Operation) {
  if (/pdf$/i.test(op.id) || op.id === 'issueDocument' || op.id === 'correctDocument')
    return { valid: 1, mutated: 3 };
  if (/^export|ImportTemplate$/.test(op.id)) return { valid: 2, mutated: 6 };
  return { valid: Math.round(4 * SCALE), mutated: Math.round(10 * SCALE) };
}

let t: TestApp;
let a: World;
let b: World;
let ops: Operation[];
const sessions: Record<Role, string | undefined> = {} as never;
/** Real ids by the collection that holds them ('enterprises', 'checklist-items', …), per world. */
const pools: Record<'a' | 'b', Map<string, Set<string>>> = { a: new Map(), b: new Map() };
/** Users who must keep working (the fuzzer must not deactivate or demote them). */
const protectedIds = new Set<string>();
/** Hazards made by the factory (there is no plain hazard list to harvest them from), by world tag. */
const seededHazards: Array<[string, string[]]> = [];

const stats = {
  requests: 0,
  byStatus: {} as Record<string, number>,
  operations: new Set<string>(),
  /** operations that answered 2xx at least once (the rest were only ever refused) */
  succeeded: new Set<string>(),
  fivexx: 0,
  undeclared: 0,
  schemaViolations: 0,
  foreignPairs: 0,
  foreignMismatches: 0,
};
const failures: string[] = [];
const fail = (what: string) => {
  if (failures.length < 200) failures.push(what);
};

async function seed(w: World, tag: string) {
  const call = async (cookie: string, method: 'POST', url: string, payload: object) => {
    const r = await t.app.inject({ method, url, headers: { cookie }, payload });
    if (r.statusCode >= 300) throw new Error(`${method} ${url} → ${r.statusCode} ${r.body}`);
    return r.json() as { id: string };
  };
  const inspector = await login(t.app, w.users.inspector);
  const hazard = await createHazard(t.deps.database.db, w);
  const other = await createHazard(t.deps.database.db, w);
  seededHazards.push([tag, [hazard, other]]);
  const order = await call(inspector, 'POST', '/api/documents', {
    kind: 'rectification_order',
    hazardIds: [hazard],
  });
  await secondOfficerOnDocument(t.app, w, order.id, w.users.inspector, await userIdOf(t.app, w.coInspector));
  await call(inspector, 'POST', `/api/documents/${order.id}/issue`, {});
  await call(inspector, 'POST', '/api/documents', { kind: 'treatment_decision', hazardIds: [other] });
  await call(inspector, 'POST', '/api/cases', { title: `${tag}案`, source: 'hazard', sourceId: other });
  await registerDevice(t.app, inspector, {
    code: `FZ-CAM-${tag}`,
    name: `${tag}摄像机`,
    kind: 'ai_camera',
    siteId: w.ids.site,
  });
  await call(inspector, 'POST', '/api/auth/tokens', { name: `${tag} token` });
  // An inspection of the project, with the first proposed item of each applicable library.
  const proposal = await t.app.inject({
    url: `/api/inspections/proposal?targetKind=project&targetId=${w.ids.project}`,
    headers: { cookie: inspector },
  });
  const libraries = (
    proposal.json() as {
      libraries: Array<{ applicable: boolean; modules: Array<{ items: Array<{ itemId: string }> }> }>;
    }
  ).libraries;
  const itemIds = libraries.filter((l) => l.applicable).flatMap((l) => l.modules[0]?.items[0]?.itemId ?? []);
  await call(inspector, 'POST', '/api/inspections', {
    kind: 'routine',
    targetKind: 'project',
    targetId: w.ids.project,
    itemIds,
    plannedOn: TODAY,
  });
}

/** Collects ids from every list the admin of a world can read. */
async function harvest(world: 'a' | 'b', w: World) {
  const pool = pools[world];
  const add = (collection: string, id: unknown) => {
    if (typeof id !== 'string') return;
    if (!pool.has(collection)) pool.set(collection, new Set());
    pool.get(collection)!.add(id);
  };
  const kinds: Record<string, string> = {
    enterprise: 'enterprises',
    project: 'projects',
    site: 'sites',
    worker: 'workers',
    certificate: 'certificates',
    equipment: 'equipment',
    accident: 'accidents',
  };
  for (const [k, id] of Object.entries(w.ids)) add(kinds[k] ?? k, id);
  for (const id of seededHazards.find(([tag]) => tag === world.toUpperCase())?.[1] ?? []) add('hazards', id);
  const cookies = [await login(t.app, w.users.admin), await login(t.app, w.users.inspector)];
  for (const cookie of cookies) {
    for (const op of ops) {
      if (
        op.method !== 'GET' ||
        op.params.some((p) => p.in === 'path') ||
        !op.responses['200']?.content['application/json']
      )
        continue;
      const res = await t.app.inject({ method: 'GET', url: op.path, headers: { cookie } });
      if (res.statusCode !== 200) continue;
      const last = op.path.split('/').filter(Boolean).pop()!;
      const collection = last === 'rectification' ? 'hazards' : last;
      const body = res.json() as { items?: Array<Record<string, unknown>> } | Array<Record<string, unknown>>;
      const items = Array.isArray(body) ? body : (body.items ?? []);
      for (const item of items) {
        if (item && typeof item === 'object') {
          add(collection, item.id);
          if (collection === 'alarm-rules') add('alarm-rules', item.code);
        }
      }
    }
  }
  // One and two levels down: details name what lists do not (checklist versions, modules and items,
  // inspection findings and their files).
  for (let round = 0; round < 2; round++) {
    for (const op of ops) {
      const params = op.params.filter((p) => p.in === 'path');
      if (op.method !== 'GET' || params.length !== 1 || params[0].name !== 'id') continue;
      if (!op.responses['200']?.content['application/json']) continue;
      const collection = collectionOf(op, 'id');
      for (const id of [...(pool.get(collection ?? '') ?? [])].slice(0, 3)) {
        const res = await t.app.inject({
          method: 'GET',
          url: op.path.replace('{id}', id),
          headers: { cookie: cookies[0] },
        });
        if (res.statusCode === 200 && /json/.test(String(res.headers['content-type'])))
          walk(res.json(), collection!, add);
      }
    }
  }
  for (const u of pool.get('users') ?? []) protectedIds.add(u);
}

/**
 * A record of world B that world A's administrator can open (a national checklist library, its
 * versions and items) is shared, not foreign: it leaves B's pool.
 */
async function dropShared() {
  const cookie = await login(t.app, a.users.admin);
  for (const op of ops) {
    const params = op.params.filter((p) => p.in === 'path');
    if (op.method !== 'GET' || params.length !== 1 || params[0].name !== 'id') continue;
    const collection = collectionOf(op, 'id');
    const ids = pools.b.get(collection ?? '');
    if (!ids || op.path !== `/api/${collection}/{id}`) continue;
    for (const id of [...ids]) {
      const res = await t.app.inject({
        method: 'GET',
        url: op.path.replace('{id}', id),
        headers: { cookie },
      });
      if (res.statusCode < 300) ids.delete(id);
    }
  }
}

/** Where nested records' ids go, by the key of their array (and the collection they sit in). */
const NESTED: Record<string, string> = {
  versions: 'checklist-versions',
  modules: 'checklist-modules',
  findings: 'findings',
  photos: 'files',
  files: 'files',
  evidence: 'files',
};
function walk(value: unknown, collection: string, add: (c: string, id: unknown) => void, depth = 0) {
  if (depth > 4 || !value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (!Array.isArray(v)) {
      if (v && typeof v === 'object') walk(v, collection, add, depth + 1);
      continue;
    }
    const target =
      key === 'items' && collection.startsWith('checklist') ? 'checklist-items' : (NESTED[key] ?? undefined);
    for (const item of v) {
      if (target && item && typeof item === 'object') add(target, (item as { id?: unknown }).id);
      walk(item, target ?? collection, add, depth + 1);
    }
  }
}

beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '100000' } });
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Afuzz',
  });
  b = await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Bfuzz' });
  await loadStarterChecklists(t.deps.database.db);
  await seed(a, 'A');
  await seed(b, 'B');
  ops = operationsOf((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json());
  await harvest('a', a);
  await harvest('b', b);
  await dropShared();
  await relogin();
}, 120_000);
afterAll(() => t?.close());

async function relogin() {
  sessions.admin = await login(t.app, a.users.admin);
  sessions.regulator = await login(t.app, a.users.inspector);
  sessions.manager = await login(t.app, a.users.enterprise_manager);
  sessions.worker = await login(t.app, a.users.worker);
  sessions.anonymous = undefined;
}

/** The collection a path parameter or body field draws its ids from. */
function collectionOf(op: Operation, name: string): string | undefined {
  const segments = op.path.split('/').filter(Boolean);
  const i = segments.indexOf(`{${name}}`);
  if (i > 0) {
    if (name === 'id' && segments[i - 1] === 'supervision-file') return undefined;
    if (name === 'findingId') return 'findings';
    if (name === 'fileId') return 'files';
    return segments[i - 1];
  }
  const stem = name.replace(/Ids?$/, '');
  if (!stem || stem === name) return undefined;
  const plural =
    stem === 'equipment' ? 'equipment' : stem.endsWith('y') ? stem.slice(0, -1) + 'ies' : stem + 's';
  const known = [
    'enterprises',
    'projects',
    'sites',
    'workers',
    'certificates',
    'equipment',
    'hazards',
    'users',
    'devices',
    'inspections',
    'documents',
    'cases',
    'alarms',
  ];
  const map: Record<string, string> = {
    leader: 'users',
    member: 'users',
    employer: 'enterprises',
    userEnterprise: 'enterprises',
    source: 'hazards',
  };
  return map[stem] ?? (known.includes(plural) ? plural : undefined);
}

function idsFor(world: 'a' | 'b', collection: string | undefined): string[] {
  if (!collection) return [];
  const ids = [...(pools[world].get(collection) ?? [])];
  // World B's records that A can see too (the national checklist libraries) are not foreign to A.
  if (world === 'b') return ids.filter((id) => !pools.a.get(collection)?.has(id));
  // Never let generated requests deactivate, demote or re-key the users the fuzzer logs in as.
  return collection === 'users' && world === 'a' ? ids.filter((id) => !protectedIds.has(id)) : ids;
}

/** Values that pass the domain's checks (check digits, catalogues), so that creates can succeed. */
const STRING_HINTS: Record<string, string[]> = {
  regionCode: ['310116', '310116501'],
  creditCode: [creditCode('310116'), creditCode('310116'), creditCode('310116')],
  idNumber: [residentId('310116'), residentId('310116'), residentId('310116')],
  industryCode: ['machinery', 'chemicals'],
  categoryCode: ['EM-01', 'EM-02', '3000', '4000'],
};

function hintsFor(op: Operation, world: 'a' | 'b'): Hints {
  return {
    uuid: (name) => idsFor(world, collectionOf(op, name)),
    string: (name) => STRING_HINTS[name] ?? (name === 'code' ? idsFor(world, 'alarm-rules') : undefined),
  };
}

interface Spec {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
  /** raw payload and content type, when the body is not JSON of `body` */
  raw?: { payload: string | Buffer; contentType: string };
}

function specArbitrary(op: Operation, world: 'a' | 'b'): fc.Arbitrary<Spec> {
  const hints = hintsFor(op, world);
  const path = Object.fromEntries(
    op.params
      .filter((p) => p.in === 'path')
      .map((p) => [p.name, arbitraryOf(p.schema, hints, p.name).map((v) => encodeURIComponent(String(v)))]),
  );
  const query = Object.fromEntries(
    op.params.filter((p) => p.in === 'query').map((p) => [p.name, arbitraryOf(p.schema, hints, p.name)]),
  );
  const requiredQuery = op.params.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
  const json = op.body?.['application/json'];
  return fc
    .record({
      path: fc.record(path) as fc.Arbitrary<Record<string, string>>,
      query: fc.record(query, { requiredKeys: requiredQuery }) as fc.Arbitrary<Record<string, unknown>>,
      body: json ? arbitraryOf(json, hints) : fc.constant(undefined),
    })
    .map((s) => ({ ...s, body: json ? s.body : undefined }) as Spec);
}

const nasty = fc.constantFrom(...NASTY);
type Mutation = (s: Spec, op: Operation) => Spec;

/** Ways to break a valid request. */
function mutationArbitrary(op: Operation): fc.Arbitrary<Mutation> {
  const pathNames = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = op.params.filter((p) => p.in === 'query').map((p) => p.name);
  const choices: Array<fc.Arbitrary<Mutation>> = [
    // an unknown query parameter, or a known one with a wrong value
    fc
      .tuple(fc.constantFrom('zzz', 'page', 'pageSize', '__proto__', ...queryNames), nasty)
      .map(([k, v]) => (s: Spec) => ({
        ...s,
        query: { ...s.query, [k]: v },
      })),
  ];
  if (pathNames.length)
    choices.push(
      fc.tuple(fc.constantFrom(...pathNames), fc.constantFrom(...ODD_IDS)).map(([k, v]) => (s: Spec) => ({
        ...s,
        path: { ...s.path, [k]: v },
      })),
    );
  if (op.method !== 'GET') {
    choices.push(
      // the body as a whole: wrong JSON types, broken JSON, wrong encodings and content types
      fc
        .constantFrom<Spec['raw']>(
          { payload: '{', contentType: 'application/json' },
          { payload: '[]', contentType: 'application/json' },
          { payload: 'null', contentType: 'application/json' },
          { payload: '"text"', contentType: 'application/json' },
          { payload: '1e999', contentType: 'application/json' },
          { payload: '{"a":1,}', contentType: 'application/json' },
          { payload: '{"__proto__":{"admin":true}}', contentType: 'application/json' },
          { payload: '{"x":"\\u0000"}', contentType: 'application/json' },
          { payload: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), contentType: 'application/json' },
          {
            payload: Buffer.from('{"name":"\xc3\x28"}', 'latin1'),
            contentType: 'application/json; charset=utf-8',
          },
          { payload: '<a/>', contentType: 'application/xml' },
          { payload: 'a=1', contentType: 'application/x-www-form-urlencoded' },
          { payload: 'hello', contentType: 'text/plain' },
          { payload: '--x\r\n\r\n', contentType: 'multipart/form-data; boundary=x' },
          { payload: `{"big":"${'x'.repeat(1_100_000)}"}`, contentType: 'application/json' },
          multipartJunk(),
        )
        .map((raw) => (s: Spec) => ({ ...s, raw })),
    );
    if (op.body?.['application/json'])
      choices.push(
        fc.tuple(fc.nat(), nasty).map(
          ([n, v]) =>
            (s: Spec) =>
              withField(s, n, v, 'set'),
        ),
        fc.nat().map((n) => (s: Spec) => withField(s, n, undefined, 'delete')),
        fc
          .tuple(fc.constantFrom('zzz', 'id', 'createdAt', 'regionCode ', 'constructor'), nasty)
          .map(([k, v]) => (s: Spec) => ({ ...s, body: { ...(isObject(s.body) ? s.body : {}), [k]: v } })),
        nasty.map((v) => (s: Spec) => ({ ...s, body: v })),
      );
  }
  return fc
    .array(fc.oneof(...choices), { minLength: 1, maxLength: 2 })
    .map((ms) => (s: Spec, o: Operation) => ms.reduce((acc, m) => m(acc, o), s));
}

function multipartJunk() {
  const { payload, contentType } = multipart(Buffer.from('not really an image\u0000'), 'x.jpg', 'image/jpeg');
  return { payload, contentType };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function withField(s: Spec, n: number, value: unknown, how: 'set' | 'delete'): Spec {
  if (!isObject(s.body)) return s;
  const keys = Object.keys(s.body);
  if (!keys.length) return s;
  const body = { ...s.body };
  const key = keys[n % keys.length];
  if (how === 'delete') delete body[key];
  else body[key] = value;
  return { ...s, body };
}

function urlOf(op: Operation, s: Spec) {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => s.path[name] ?? randomUUID());
  const qs = Object.entries(s.query)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
    .map(
      ([k, v]) =>
        `${encodeURIComponent(String(k))}=${encodeQuery(typeof v === 'object' ? JSON.stringify(v) : String(v))}`,
    )
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

/** encodeURIComponent refuses lone surrogates; they are sent as their (invalid) UTF-8 bytes. */
function encodeQuery(v: string) {
  return [...v].map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
}

async function send(op: Operation, role: Role, s: Spec): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  const cookie = sessions[role];
  if (cookie) headers.cookie = cookie;
  const opts: InjectOptions = { method: op.method, url: urlOf(op, s), headers };
  if (s.raw) {
    headers['content-type'] = s.raw.contentType;
    opts.payload = s.raw.payload;
  } else if (s.body !== undefined) {
    headers['content-type'] = 'application/json';
    opts.payload = JSON.stringify(s.body) ?? 'null';
  } else if (op.body?.['multipart/form-data']) {
    const m = multipartJunk();
    headers['content-type'] = m.contentType;
    opts.payload = m.payload;
  }
  if (op.id === 'streamAlarms') {
    // Never ends for an allowed caller: read the head, then hang up.
    const res = await t.app.inject({ ...opts, payloadAsStream: true });
    res.stream().destroy();
    return res;
  }
  const res = await t.app.inject(opts);
  if (op.id === 'logout' && cookie) await relogin();
  return res;
}

/** Checks one answer against the document; returns whether it was acceptable. */
function check(
  op: Operation,
  role: Role,
  s: Spec,
  res: LightMyRequestResponse,
  validate: ReturnType<typeof answerChecker>,
) {
  stats.requests++;
  stats.operations.add(op.id);
  stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
  if (res.statusCode < 300) stats.succeeded.add(op.id);
  const where = () =>
    `${op.method} ${urlOf(op, s).slice(0, 160)} as ${role}${s.raw ? ` [${s.raw.contentType}]` : s.body !== undefined ? ` body=${JSON.stringify(s.body)?.slice(0, 160)}` : ''} → ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 500) {
    stats.fivexx++;
    fail(`5xx: ${where()}`);
    return;
  }
  const declared =
    op.responses[String(res.statusCode)] ??
    op.responses[`${String(res.statusCode)[0]}XX`] ??
    op.responses.default;
  if (!declared) {
    stats.undeclared++;
    fail(`undeclared status (${op.id}): ${where()}`);
    return;
  }
  const media = Object.keys(declared.content);
  if (!media.length || res.statusCode === 204) return;
  if (op.id === 'streamAlarms') return;
  const type = String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const match = media.find((m) => m === type || m === '*/*');
  if (!match) {
    stats.schemaViolations++;
    fail(`content type ${type || '(none)'} not declared (${media.join(', ')}) (${op.id}): ${where()}`);
    return;
  }
  const schema = declared.content[match];
  if (match !== 'application/json' || !schema) return;
  let body: unknown;
  try {
    body = res.json();
  } catch {
    stats.schemaViolations++;
    fail(`not JSON (${op.id}): ${where()}`);
    return;
  }
  const problem = validate(schema as Schema, body);
  if (problem) {
    stats.schemaViolations++;
    fail(`schema (${op.id} ${res.statusCode}): ${problem}: ${where()}`);
  }
}

/** A foreign id and a random one must get the same status and body (ids themselves blanked). */
function compareForeign(
  op: Operation,
  role: Role,
  label: string,
  foreign: LightMyRequestResponse,
  missing: LightMyRequestResponse,
  ids: string[],
) {
  stats.foreignPairs++;
  const blank = (body: string) => ids.reduce((acc, id) => acc.split(id).join('<id>'), body);
  // Spreadsheets and PDFs carry their creation time: compare those by status and type only.
  const type = String(foreign.headers['content-type'] ?? '');
  const comparable = /json|text|html|csv/.test(type) || !type;
  const same =
    foreign.statusCode === missing.statusCode &&
    type === String(missing.headers['content-type'] ?? '') &&
    (!comparable || blank(foreign.body) === blank(missing.body));
  if (!same) {
    stats.foreignMismatches++;
    fail(
      `foreign ≠ missing (${op.id} ${label} as ${role}): foreign ${foreign.statusCode} ${foreign.body.slice(0, 160)} | missing ${missing.statusCode} ${missing.body.slice(0, 160)}`,
    );
  }
}

describe('API fuzz (generated from the served OpenAPI document)', () => {
  it(`≥ ${MIN_REQUESTS} generated requests over every operation and five roles: no 5xx, only declared answers, foreign = missing`, async () => {
    console.log(`API fuzz: FUZZ_SEED=${SEED} (${ENGINE})`);
    const started = Date.now();
    const validate = answerChecker();
    // DELETEs last, so the records the other operations use are still there.
    const ordered = [...ops].sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    let n = 0;
    for (const op of ordered) {
      const { valid, mutated } = budget(op);
      const seed = SEED + n++ * 7919;
      const specs = fc.sample(specArbitrary(op, 'a'), { seed, numRuns: valid * ROLES.length });
      const mutations = fc.sample(fc.tuple(specArbitrary(op, 'a'), mutationArbitrary(op)), {
        seed: seed + 1,
        numRuns: mutated * ROLES.length,
      });
      for (const [i, role] of ROLES.entries()) {
        for (const s of specs.slice(i * valid, (i + 1) * valid))
          check(op, role, s, await send(op, role, s), validate);
        for (const [s, m] of mutations.slice(i * mutated, (i + 1) * mutated)) {
          const broken = m(s, op);
          check(op, role, broken, await send(op, role, broken), validate);
        }
        await foreignPairs(op, role, specs[i * valid], validate);
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const summary = {
      engine: ENGINE,
      seed: SEED,
      requests: stats.requests,
      operations: stats.operations.size,
      roles: ROLES.length,
      fivexx: stats.fivexx,
      undeclared: stats.undeclared,
      schemaViolations: stats.schemaViolations,
      foreignPairs: stats.foreignPairs,
      foreignMismatches: stats.foreignMismatches,
      succeeded: stats.succeeded.size,
      neverSucceeded: ops.map((o) => o.id).filter((id) => !stats.succeeded.has(id)),
      byStatus: stats.byStatus,
      seconds,
    };
    console.log(
      `API fuzz: ${stats.requests.toLocaleString('en')} requests over ${stats.operations.size} operations × ${ROLES.length} roles in ${seconds} s; ` +
        `5xx ${stats.fivexx}, undeclared ${stats.undeclared}, schema ${stats.schemaViolations}, foreign≠missing ${stats.foreignMismatches}/${stats.foreignPairs}; ` +
        `2xx reached on ${stats.succeeded.size} operations; statuses ${JSON.stringify(stats.byStatus)}`,
    );
    if (process.env.CI) {
      const dir = new URL('../../../test-reports/', import.meta.url);
      mkdirSync(dir, { recursive: true });
      writeFileSync(new URL(`fuzz-${ENGINE}.json`, dir), JSON.stringify(summary, null, 2));
    }
    expect(failures, `FUZZ_SEED=${SEED}`).toEqual([]);
    expect(stats.operations.size).toBe(ops.length);
    expect(stats.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 900_000);
});

/**
 * The same valid request twice: once naming world B's records (path ids, then body and query ids),
 * once naming random ids. Both must answer alike.
 */
async function foreignPairs(
  op: Operation,
  role: Role,
  s: Spec | undefined,
  validate: ReturnType<typeof answerChecker>,
) {
  if (!s) return;
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const foreignIds = idsFor('b', collectionOf(op, p.name));
    if (!foreignIds.length || p.schema.format !== 'uuid') continue;
    const foreignId = foreignIds[stats.foreignPairs % foreignIds.length];
    const randomId = randomUUID();
    const fs = { ...s, path: { ...s.path, [p.name]: foreignId } };
    const ms = { ...s, path: { ...s.path, [p.name]: randomId } };
    const foreign = await send(op, role, fs);
    check(op, role, fs, foreign, validate);
    const missing = await send(op, role, ms);
    check(op, role, ms, missing, validate);
    compareForeign(op, role, `path {${p.name}}`, foreign, missing, [foreignId, randomId]);
  }
  // Ids in the body or query: every uuid field that names a collection gets a foreign or a random id.
  // Only fields with a foreign id to give are swapped, the same fields in both requests.
  const swaps = (pick: (collection: string) => string) => {
    const used: string[] = [];
    const swap = (v: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(v).map(([k, x]) => {
          const c = collectionOf(op, k);
          if (!c || !idsFor('b', c).length || (typeof x !== 'string' && !Array.isArray(x))) return [k, x];
          const id = pick(c);
          used.push(id);
          return [k, Array.isArray(x) ? (x.length ? [id] : x) : id];
        }),
      );
    return { spec: { ...s, query: swap(s.query), body: isObject(s.body) ? swap(s.body) : s.body }, used };
  };
  const foreignSwap = swaps((c) => idsFor('b', c)[0]);
  if (!foreignSwap.used.length) return;
  const randomSwap = swaps(() => randomUUID());
  const foreign = await send(op, role, foreignSwap.spec);
  check(op, role, foreignSwap.spec, foreign, validate);
  const missing = await send(op, role, randomSwap.spec);
  check(op, role, randomSwap.spec, missing, validate);
  compareForeign(op, role, 'body/query ids', foreign, missing, [...foreignSwap.used, ...randomSwap.used]);
}
