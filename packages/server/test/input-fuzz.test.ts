import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, creditCode, residentId, type World } from './helpers/factories.ts';
import { multipart } from './helpers/client.ts';

/**
 * Generated requests against every registry, auth and user route: malformed JSON, wrong types,
 * huge strings, unknown fields, bad ids, bad encodings. The server must always answer — a 2xx
 * for what happens to be valid, otherwise a 4xx with `{ error: { code, message } }` — never a 5xx.
 * FUZZ_RUNS scales the run (default keeps the file well under 30 s on PGlite).
 */
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));
const TIMEOUT = 60_000 * Math.max(1, SCALE);

let t: TestApp;
let w: World;
let admin: string;
let manager: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116101',
    tag: 'Fuzz',
  });
  admin = await login(t.app, w.users.admin);
  manager = await login(t.app, w.users.enterprise_manager);
});
afterAll(() => t?.close());

const KINDS = ['enterprises', 'projects', 'sites', 'workers', 'certificates', 'equipment'] as const;
type Kind = (typeof KINDS)[number];

/** A valid body per kind, the starting point for mutations. */
function validBody(kind: Kind): Record<string, unknown> {
  switch (kind) {
    case 'enterprises':
      return {
        creditCode: creditCode('310116'),
        name: '金山测试化工有限公司',
        industryCode: 'chemicals',
        scale: 'small',
        regionCode: '310116101',
        address: '朱泾镇1号',
      };
    case 'projects':
      return {
        name: '测试项目',
        type: 'building',
        status: 'approved',
        regionCode: '310116101',
        lat: 30.9,
        lng: 121.2,
        startOn: '2026-01-01',
        plannedCompletionOn: '2027-01-01',
        parties: [{ role: 'owner', name: '业主单位', enterpriseId: w.ids.enterprise }],
      };
    case 'sites':
      return {
        name: '测试场所',
        kind: 'gas_storage',
        keyRiskSource: true,
        enterpriseId: w.ids.enterprise,
        regionCode: '310116101',
      };
    case 'workers':
      return {
        name: '李四',
        idNumber: residentId('310116', '19900101'),
        employerId: w.ids.enterprise,
        trade: 'welder',
        phone: '139',
      };
    case 'certificates':
      return {
        workerId: w.ids.worker,
        categoryCode: 'EM-01',
        number: `F${Math.random().toString(36).slice(2, 10)}`,
        issuedOn: '2024-03-01',
      };
    case 'equipment':
      return {
        categoryCode: '3000',
        registrationCode: `3F${Math.random().toString(36).slice(2, 10)}`,
        userEnterpriseId: w.ids.enterprise,
        lastInspectionOn: '2026-01-05',
        lastInspectionResult: 'pass',
      };
  }
}

const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFFFF',
  '💥'.repeat(50),
  'x'.repeat(100_000),
  '%',
  '%00',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '2024-02-30',
  '0000-00-00',
  '9999-12-31',
  '2024-13-01',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  '1e999',
);
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nasty },
  fc.anything({ maxDepth: 2, maxKeys: 4 }),
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    1.5,
    Number.MAX_SAFE_INTEGER,
    2 ** 63,
    [],
    {},
    [[]],
    { $gt: '' },
  ),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

type Mutation = { op: 'delete' | 'set' | 'add'; key: number | string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), key: fc.nat(), value: fc.constant(null) }),
  fc.record({ op: fc.constant('set' as const), key: fc.nat(), value: weirdValue }),
  fc.record({
    op: fc.constant('add' as const),
    key: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('__proto__', 'constructor', 'id', 'createdAt', 'regionCode '),
    ),
    value: weirdValue,
  }),
);

function mutate(body: Record<string, unknown>, mutations: Mutation[]) {
  const out: Record<string, unknown> = { ...body };
  for (const m of mutations) {
    const keys = Object.keys(out);
    if (m.op === 'add')
      Object.defineProperty(out, String(m.key), {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    else if (keys.length === 0) continue;
    else if (m.op === 'delete') delete out[keys[Number(m.key) % keys.length]];
    else out[keys[Number(m.key) % keys.length]] = m.value;
  }
  return out;
}

/** A payload as sent on the wire: JSON of a (mutated) body, or raw bytes that are not. */
const rawPayload: fc.Arbitrary<{ payload: string | Buffer; contentType?: string }> = fc.oneof(
  fc
    .constantFrom(
      '{',
      '{"name":',
      '[',
      'null',
      '"text"',
      '1e999',
      '{"a":1,}',
      "{'a':1}",
      '{"a":"\\u0000"}',
      '{"__proto__":{"admin":true}}',
      ' ',
    )
    .map((payload) => ({
      payload,
      contentType: 'application/json',
    })),
  fc
    .uint8Array({ maxLength: 200 })
    .map((b) => ({ payload: Buffer.from(b), contentType: 'application/json' })),
  fc.constantFrom(
    { payload: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), contentType: 'application/json' },
    { payload: Buffer.from('{"name":"\xc3\x28"}', 'latin1'), contentType: 'application/json; charset=utf-8' },
    { payload: Buffer.from('{"name":"测试"}', 'utf16le'), contentType: 'application/json; charset=utf-16' },
    { payload: 'name=x&scale=large', contentType: 'application/x-www-form-urlencoded' },
    { payload: 'plain text', contentType: 'text/plain' },
    { payload: '{"name":"x"}', contentType: 'application/xml' },
    { payload: '{"name":"x"}', contentType: undefined },
    { payload: '{"name":"' + 'y'.repeat(1_200_000) + '"}', contentType: 'application/json' },
    { payload: '['.repeat(100_000) + ']'.repeat(100_000), contentType: 'application/json' },
    { payload: '{"name":'.repeat(60_000) + '1' + '}'.repeat(60_000), contentType: 'application/json' },
    {
      payload: '{"parties":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}',
      contentType: 'application/json',
    },
  ),
);

const id: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    'WORLD',
    'not-a-uuid',
    '%',
    '%zz',
    '%00',
    '..%2F..',
    '00000000-0000-0000-0000-000000000000',
    "1'%20OR%20'1'%3D'1",
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '1'.repeat(300),
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);

const QUERY_KEYS = [
  'page',
  'pageSize',
  'q',
  'order',
  'sort',
  'regionCode',
  'industryCode',
  'scale',
  'type',
  'status',
  'enterpriseId',
  'kind',
  'keyRiskSource',
  'projectId',
  'trade',
  'employerId',
  'certificateStatus',
  'track',
  'categoryCode',
  'workerId',
  'userEnterpriseId',
  'format',
  'mode',
  'role',
];
const queryValue = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '2',
    '200',
    '201',
    '1e20',
    '99999999999999999999',
    '1.5',
    'NaN',
    'true',
    'false',
    'asc',
    'desc',
    'name',
    'createdAt',
    'valid',
    'none',
    'csv',
    'xlsx',
    'commit',
    '310116',
    '31',
    '3',
    'x'.repeat(300),
  ),
  nasty,
  fc.uuid(),
  fc.string({ maxLength: 20 }),
);
const query: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), queryValue), {
      maxLength: 5,
    })
    .map((pairs) => {
      const p = new URLSearchParams();
      for (const [k, v] of pairs) p.append(k, String(v));
      const s = p.toString();
      return s ? '?' + s : '';
    }),
  fc.constantFrom(
    '?q=%E0%A4%A',
    '?q=%',
    '?page=%00',
    '?q=%00',
    '?q=%C0%AF',
    '?page=1&page=2',
    '?pageSize[]=1',
    '?q[$ne]=1',
    '?page=1e20',
    '?page=99999999999999999999&pageSize=200',
    '?pageSize=0',
    '?sort=id;drop table users',
    '?order=sideways',
    '?regionCode=31%25',
    '?q=%25',
    '?q=_',
    '?q=%5C',
    '?' + 'a=1&'.repeat(500),
  ),
);

function send(
  method: string,
  url: string,
  auth: string | undefined,
  payload?: { payload: string | Buffer; contentType?: string } | Record<string, unknown>,
) {
  const headers: Record<string, string> = {};
  if (auth) headers.cookie = auth;
  if (
    payload &&
    'payload' in payload &&
    (typeof payload.payload === 'string' || Buffer.isBuffer(payload.payload))
  ) {
    const raw = payload as { payload: string | Buffer; contentType?: string };
    if (raw.contentType) headers['content-type'] = raw.contentType;
    return t.app.inject({ method: method as 'POST', url, headers, payload: raw.payload });
  }
  return t.app.inject({
    method: method as 'POST',
    url,
    headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
}

// Failures are collected (not shrunk) so one run shows every kind of failure at once.
const failures: string[] = [];
const report = () => [...new Set(failures.map((f) => f.slice(0, 400)))].slice(0, 25);
function check(res: LightMyRequestResponse, what: string) {
  const problem = (() => {
    if (res.statusCode >= 500) return `${res.statusCode}: ${res.body.slice(0, 300)}`;
    if (res.statusCode < 200) return `status ${res.statusCode}`;
    if (res.statusCode >= 400) {
      let body: { error?: { code?: unknown; message?: unknown } };
      try {
        body = res.json();
      } catch {
        return `${res.statusCode} without a JSON body: ${res.body.slice(0, 200)}`;
      }
      if (
        typeof body.error?.code !== 'string' ||
        typeof body.error?.message !== 'string' ||
        !body.error.message
      )
        return `${res.statusCode} without {error:{code,message}}: ${res.body.slice(0, 200)}`;
    }
    return null;
  })();
  if (problem) failures.push(`${what} → ${problem}`);
  return problem === null;
}

const resolveId = (s: string, kind: Kind | 'users' | 'tokens') =>
  s === 'WORLD'
    ? kind === 'users' || kind === 'tokens'
      ? w.ids.worker
      : w.ids[kind === 'equipment' ? 'equipment' : (kind.replace(/s$/, '') as keyof World['ids'])]
    : s;

describe('input fuzz', () => {
  it(
    'registry create and edit bodies: mutated, wrong-typed, huge, unknown fields, raw bytes',
    async () => {
      failures.length = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...KINDS),
          fc.boolean(),
          fc.boolean(),
          id,
          fc.oneof(
            {
              weight: 3,
              arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => ({ mutations: m })),
            },
            { weight: 1, arbitrary: rawPayload.map((r) => ({ raw: r })) },
          ),
          async (kind, edit, asManager, rawId, body) => {
            const payload = 'raw' in body ? body.raw : mutate(validBody(kind), body.mutations);
            const url = edit ? `/api/${kind}/${resolveId(rawId, kind)}` : `/api/${kind}`;
            const res = await send(edit ? 'PATCH' : 'POST', url, asManager ? manager : admin, payload);
            check(res, `${edit ? 'PATCH' : 'POST'} ${url} ${JSON.stringify(payload).slice(0, 300)}`);
          },
        ),
        { numRuns: runs(800) },
      );
      expect(report()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'registry lists, details, exports, templates and the id-number route: generated queries and ids',
    async () => {
      failures.length = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...KINDS),
          fc.constantFrom('list', 'detail', 'export', 'template', 'id-number'),
          fc.constantFrom('admin', 'manager', 'none'),
          id,
          query,
          async (kind, route, who, rawId, qs) => {
            const url =
              route === 'list'
                ? `/api/${kind}${qs}`
                : route === 'detail'
                  ? `/api/${kind}/${resolveId(rawId, kind)}${qs}`
                  : route === 'export'
                    ? `/api/${kind}/export${qs}`
                    : route === 'template'
                      ? `/api/${kind}/import-template${qs}`
                      : `/api/workers/${resolveId(rawId, 'workers')}/id-number${qs}`;
            const res = await send(
              'GET',
              url,
              who === 'admin' ? admin : who === 'manager' ? manager : undefined,
            );
            check(res, `GET ${url}`);
          },
        ),
        { numRuns: runs(1000) },
      );
      expect(report()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'imports: random bytes, spoofed names, broken CSV and JSON instead of multipart',
    async () => {
      failures.length = 0;
      const csvCell = fc.oneof(
        fc.string({ maxLength: 12 }),
        nasty.filter((s) => s.length < 1000),
        fc.constantFrom('大型', '在建', '310116', 'EM-01', '4000', '2024-01-01', '"', '""', '\r\n'),
      );
      const csv = fc
        .tuple(
          fc.oneof(
            fc.constantFrom(
              '统一社会信用代码,企业名称,行业,规模,行政区划代码',
              'name,idNumber,employerId,trade',
              '项目名称,工程类型,状态,行政区划代码',
              '',
              'a,b,c',
            ),
            fc.string({ maxLength: 30 }),
          ),
          fc.array(fc.array(csvCell, { maxLength: 6 }), { maxLength: 4 }),
        )
        .map(([h, rows]) =>
          Buffer.from(
            [
              h,
              ...rows.map((r) =>
                r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','),
              ),
            ].join('\r\n'),
          ),
        );
      const file = fc.oneof(
        csv,
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        fc.constantFrom(
          Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]),
          Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1'),
          Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj', 'latin1'),
          Buffer.alloc(0),
          Buffer.from('\uFEFF'),
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...KINDS),
          file,
          fc.constantFrom(
            'data.csv',
            'data.xlsx',
            'data.xls',
            'photo.png',
            'noext',
            '../../evil.csv',
            '数据.csv',
          ),
          fc.constantFrom(
            '',
            '?mode=validate',
            '?mode=commit',
            '?mode=commit_valid',
            '?mode=destroy',
            '?mode=commit&x=1',
          ),
          fc.constantFrom('multipart', 'json', 'none'),
          async (kind, buf, filename, qs, shape) => {
            const url = `/api/${kind}/import${qs}`;
            let res: LightMyRequestResponse;
            if (shape === 'multipart') {
              const { payload, contentType } = multipart(buf, filename, 'text/csv');
              res = await t.app.inject({
                method: 'POST',
                url,
                headers: { cookie: admin, 'content-type': contentType },
                payload,
              });
            } else if (shape === 'json')
              res = await send('POST', url, admin, { file: buf.toString('base64') });
            else res = await send('POST', url, admin);
            check(res, `POST ${url} ${shape} ${filename} ${buf.subarray(0, 60).toString('hex')}`);
          },
        ),
        { numRuns: runs(200) },
      );
      expect(report()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'imports: well-formed sheets whose cells are mutated (dates, codes, enums, huge and odd text)',
    async () => {
      failures.length = 0;
      const { name: enterpriseName } = await t.deps.database.db
        .selectFrom('enterprises')
        .select('name')
        .where('id', '=', w.ids.enterprise)
        .executeTakeFirstOrThrow();
      const { id_number_cipher } = await t.deps.database.db
        .selectFrom('workers')
        .select('id_number_cipher')
        .where('id', '=', w.ids.worker)
        .executeTakeFirstOrThrow();
      const holder = t.deps.secrets.decrypt(id_number_cipher);
      const n = () => Math.random().toString(36).slice(2, 10).toUpperCase();
      const sheets: Record<Kind, { header: string[]; row: () => string[] }> = {
        enterprises: {
          header: ['统一社会信用代码', '企业名称', '行业', '规模', '行政区划代码', '地址'],
          row: () => [creditCode('310116'), '导入企业', '化工', '大型', '310116101', '朱泾'],
        },
        projects: {
          header: [
            '项目名称',
            '工程类型',
            '状态',
            '行政区划代码',
            '纬度',
            '开工日期',
            '计划竣工日期',
            '建设单位',
          ],
          row: () => [
            '导入项目',
            'building',
            '在建',
            '310116',
            '30.7',
            '2024-01-01',
            '2025-06-30',
            enterpriseName,
          ],
        },
        sites: {
          header: ['场所名称', '类别', '重点风险源', '风险等级', '所属企业', '行政区划代码', '经度'],
          row: () => ['导入场所', 'gas_storage', '是', '红', enterpriseName, '310116101', '121.3'],
        },
        workers: {
          header: ['姓名', '身份证号', '性别', '用工单位', '工种', '行政区划代码'],
          row: () => ['王五', residentId('310116', '19920202'), '男', enterpriseName, 'welder', '310116101'],
        },
        certificates: {
          header: ['持证人身份证号', '作业类别', '证书编号', '发证日期', '有效期至', '下次复审日期'],
          row: () => [holder, 'EM-01', 'C' + n(), '2024-01-01', '', ''],
        },
        equipment: {
          header: [
            '设备类别代码',
            '使用登记证编号',
            '使用单位',
            '上次检验日期',
            '检验结论',
            '下次检验日期',
            '纬度',
          ],
          row: () => ['4000', 'R' + n(), enterpriseName, '2026-01-01', '合格', '', ''],
        },
      };
      const cell = fc.oneof(
        nasty.filter((x) => x.length < 5000 && !x.includes('\u0000')),
        fc.string({ maxLength: 10 }),
        fc.constantFrom(
          '9999-12-31',
          '1899-12-31',
          '2024/2/30',
          '2024年2月29日',
          '45000',
          '-1',
          '1e999',
          '不合格',
          '其他',
          '是否',
          '0',
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...KINDS),
          fc.array(fc.array(fc.tuple(fc.nat(), cell), { maxLength: 2 }), { minLength: 1, maxLength: 4 }),
          fc.constantFrom('validate', 'commit', 'commit_valid'),
          async (kind, rowMutations, mode) => {
            const { header, row } = sheets[kind];
            const rows = rowMutations.map((muts) => {
              const r = row();
              for (const [i, v] of muts) r[i % r.length] = v;
              return r;
            });
            const text = [header, ...rows]
              .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
              .join('\r\n');
            const { payload, contentType } = multipart(Buffer.from(text), 'rows.csv', 'text/csv');
            const res = await t.app.inject({
              method: 'POST',
              url: `/api/${kind}/import?mode=${mode}`,
              headers: { cookie: admin, 'content-type': contentType },
              payload,
            });
            check(res, `import ${kind} ${mode} ${JSON.stringify(rows).slice(0, 300)}`);
            if (res.statusCode === 200 && mode !== 'validate') {
              // Whatever was imported must still list and export cleanly.
              check(
                await send('GET', `/api/${kind}?pageSize=200`, admin),
                `list ${kind} after importing ${JSON.stringify(rows).slice(0, 300)}`,
              );
            }
          },
        ),
        { numRuns: runs(100) },
      );
      expect(report()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'auth and user routes: generated bodies and ids',
    async () => {
      failures.length = 0;
      const authBodies: Record<string, Record<string, unknown>> = {
        '/api/auth/login': { username: 'nobody.fuzz', password: 'wrong-password' },
        '/api/auth/password': { currentPassword: 'wrong-password', newPassword: 'another-password-1' },
        '/api/auth/tokens': { name: 'fuzz' },
        '/api/users': {
          username: 'fuzz.user',
          displayName: 'Fuzz',
          password: 'fuzz-password-1',
          role: 'inspector',
          authorityId: w.authorityId,
        },
        '/api/users/:id': { displayName: 'Fuzz', phone: '1' },
      };
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            ...Object.keys(authBodies),
            '/api/auth/tokens/:id',
            '/api/auth/me',
            '/api/auth/logout',
            '/api/users?',
            '/api/reference',
          ),
          fc.oneof(
            {
              weight: 3,
              arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => ({ mutations: m })),
            },
            { weight: 1, arbitrary: rawPayload.map((r) => ({ raw: r })) },
          ),
          id,
          query,
          fc.boolean(),
          async (route, body, rawId, qs, authed) => {
            // Never log the fuzzing admin out or change its password for good: use a throwaway session for those.
            const auth = authed
              ? route === '/api/auth/logout' || route === '/api/auth/password'
                ? await login(t.app, w.users.duty_officer)
                : admin
              : undefined;
            let res: LightMyRequestResponse;
            if (route === '/api/auth/tokens/:id')
              res = await send('DELETE', `/api/auth/tokens/${resolveId(rawId, 'tokens')}`, auth);
            else if (route === '/api/auth/me' || route === '/api/reference')
              res = await send('GET', route + qs, auth);
            else if (route === '/api/users?') res = await send('GET', '/api/users' + qs, auth);
            else {
              const template = authBodies[route];
              const payload = 'raw' in body ? body.raw : mutate(template, body.mutations);
              const url =
                route === '/api/users/:id'
                  ? `/api/users/${resolveId(rawId, 'users')}`
                  : route === '/api/auth/logout'
                    ? route
                    : route;
              res = await send(
                route === '/api/users/:id' ? 'PATCH' : 'POST',
                url,
                auth,
                route === '/api/auth/logout' ? undefined : payload,
              );
            }
            check(res, `${route} ${JSON.stringify(body).slice(0, 300)}`);
          },
        ),
        { numRuns: runs(350) },
      );
      expect(report()).toEqual([]);
    },
    TIMEOUT,
  );

  it('unknown routes and methods answer 404/405-style errors, not 500', async () => {
    for (const [method, url] of [
      ['GET', '/api/nothing'],
      ['DELETE', '/api/enterprises/' + w.ids.enterprise],
      ['PUT', '/api/workers'],
      ['GET', '/api/%'],
      ['GET', '/api/enterprises/%E0%A4%A'],
    ] as const) {
      expect(check(await send(method, url, admin), `${method} ${url}`), failures.join('\n')).toBe(true);
    }
  });
});
