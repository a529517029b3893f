import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { appendAudit } from '../src/audit/chain.ts';
import { verifyChain } from '../src/audit/verify.ts';
import { checkCheckpoint, type SignedCheckpoint } from '../src/audit/checkpoint.ts';
import { verifyAuditCommand } from '../src/audit/cli.ts';
import { tick } from '../src/jobs/index.ts';

/**
 * Routine checkpoints: the scheduler's job signs the chain heads on an interval and after every N
 * new entries (only when something changed), writes each to a file outside the database and POSTs
 * it to a webhook; `verify-audit` checks the newest one by default, so trimming the newest entries
 * of a chain and moving its head back — which the chain alone cannot reveal — is caught.
 *
 * The clock is the test's (deps.now); the webhook is a local HTTP server.
 */
let t: TestApp;
let a: World;
let server: Server;
let clock = new Date('2026-11-23T08:00:00.000Z');
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

const hook = {
  mode: 'ok' as 'ok' | 'fail' | 'hang',
  hits: 0,
  received: [] as Array<{ body: SignedCheckpoint; contentType: string | undefined }>,
  release: null as null | (() => void),
  arrived: null as null | (() => void),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hook.hits++;
      const accept = () => {
        hook.received.push({
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          contentType: req.headers['content-type'],
        });
        res.writeHead(204).end();
      };
      if (hook.mode === 'fail') res.writeHead(500).end('receiver is down');
      else if (hook.mode === 'hang') {
        hook.release = accept;
        hook.arrived?.();
      } else accept();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  t = await createTestApp({
    env: {
      AUDIT_CHECKPOINT_EVERY: '5',
      AUDIT_CHECKPOINT_MINUTES: '60',
      AUDIT_CHECKPOINT_WEBHOOK_URL: `http://127.0.0.1:${port}/audit-checkpoints`,
    },
  });
  t.deps.now = () => clock;
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
});
afterAll(async () => {
  await t?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const db = () => t.deps.database.db;
const dir = () => path.join(t.deps.config.dataDir, 'audit-checkpoints');
const files = () =>
  existsSync(dir())
    ? readdirSync(dir())
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
const readCp = (file: string) => JSON.parse(readFileSync(path.join(dir(), file), 'utf8')) as SignedCheckpoint;
const newest = () => readCp(files().at(-1)!);
const checkpointTick = () => tick(t.deps, ['audit-checkpoints']);

async function append(regionCode: string, n: number) {
  for (let i = 0; i < n; i++)
    await db()
      .transaction()
      .execute((trx) =>
        appendAudit(trx, {
          actor: { system: 'test' },
          action: 'test.step',
          subjectType: 'thing',
          subjectId: `s-${i}`,
          regionCode,
          details: { i },
        }),
      );
}

const headOf = async (chain: string) =>
  db().selectFrom('audit_chain_heads').selectAll().where('chain', '=', chain).executeTakeFirstOrThrow();
const rowOf = async (issuedAt: string) =>
  db()
    .selectFrom('audit_checkpoints')
    .selectAll()
    .where('issued_at', '=', new Date(issuedAt))
    .executeTakeFirstOrThrow();

describe('routine checkpoints', () => {
  it('signs every chain head on the first run, and writes nothing more while nothing changes', async () => {
    await append('990001001', 3);
    await checkpointTick();
    expect(files()).toHaveLength(1);
    const cp = newest();
    expect(cp.issuedAt).toBe(clock.toISOString());
    expect(cp.chains).toContainEqual({ chain: '990001', seq: 3, hash: (await headOf('990001')).hash });
    expect(await checkCheckpoint(db(), t.deps.secrets, cp)).toMatchObject({
      ok: true,
      signatureValid: true,
      ourKey: true,
    });
    // The pointer names the newest file.
    expect(readFileSync(path.join(dir(), 'latest'), 'utf8').trim()).toBe(files()[0]);

    // Hours later, with no new entry: nothing to sign.
    advance(180);
    await checkpointTick();
    await checkpointTick();
    expect(files()).toHaveLength(1);
  });

  it('writes a new checkpoint once N entries were added, never touching the earlier files', async () => {
    // A change after hours without one: the interval has long passed, so it is signed at once.
    await append('990002001', 1);
    await checkpointTick();
    expect(files()).toHaveLength(2);
    const before = files();
    const firstText = readFileSync(path.join(dir(), before[0]), 'utf8');
    await append('990001001', 4);
    advance(1);
    await checkpointTick();
    expect(files()).toEqual(before); // 4 < AUDIT_CHECKPOINT_EVERY=5 and the interval has not passed
    await append('990001001', 1);
    advance(1);
    await checkpointTick();
    expect(files()).toHaveLength(before.length + 1);
    expect(newest().chains).toEqual(
      expect.arrayContaining([
        { chain: '990001', seq: 8, hash: (await headOf('990001')).hash },
        { chain: '990002', seq: 1, hash: (await headOf('990002')).hash },
      ]),
    );
    expect(readFileSync(path.join(dir(), before[0]), 'utf8')).toBe(firstText);
  });

  it('writes one checkpoint when several instances run the job at once', async () => {
    const before = files().length;
    await append('990001001', 5);
    advance(1);
    await Promise.all([checkpointTick(), checkpointTick(), checkpointTick()]);
    expect(files()).toHaveLength(before + 1);
  });

  it('writes a checkpoint when the interval has passed and something changed', async () => {
    const before = files().length;
    await append('990002001', 1);
    advance(10);
    await checkpointTick();
    expect(files()).toHaveLength(before);
    advance(50); // 60 minutes since the last checkpoint
    await checkpointTick();
    expect(files()).toHaveLength(before + 1);
    expect(newest().chains).toContainEqual({ chain: '990002', seq: 2, hash: (await headOf('990002')).hash });
  });

  it('POSTs every checkpoint, signed, to the webhook and records the delivery', async () => {
    const written = files().map(readCp);
    expect(hook.received.map((r) => r.body)).toEqual(written);
    expect(hook.received[0].contentType).toMatch(/^application\/json/);
    for (const r of hook.received)
      expect((await checkCheckpoint(db(), t.deps.secrets, r.body)).signatureValid).toBe(true);
    const row = await rowOf(written.at(-1)!.issuedAt);
    expect(row).toMatchObject({ webhook_status: 'delivered', webhook_attempts: 1, file: files().at(-1) });
  });

  it('retries a failing webhook with growing delays, without holding back the checkpoint file', async () => {
    hook.mode = 'fail';
    const before = files().length;
    const hits = hook.hits;
    await append('990001001', 5);
    advance(1);
    await checkpointTick();
    expect(files()).toHaveLength(before + 1);
    expect(hook.hits).toBe(hits + 1);
    const issuedAt = newest().issuedAt;
    let row = await rowOf(issuedAt);
    expect(row).toMatchObject({
      webhook_status: 'failing',
      webhook_attempts: 1,
      webhook_last_error: 'HTTP 500',
    });
    expect(new Date(row.webhook_next_at!).getTime()).toBe(clock.getTime() + 60_000);

    await checkpointTick(); // still backing off
    expect(hook.hits).toBe(hits + 1);
    advance(1);
    await checkpointTick();
    expect(hook.hits).toBe(hits + 2);
    row = await rowOf(issuedAt);
    expect(row).toMatchObject({ webhook_status: 'failing', webhook_attempts: 2 });
    expect(new Date(row.webhook_next_at!).getTime()).toBe(clock.getTime() + 2 * 60_000);

    // The failure is visible to the administrator.
    const admin = await login(t.app, a.users.admin);
    const v = await t.app.inject({ url: '/api/audit/verify', headers: { cookie: admin } });
    expect(v.json().routine).toMatchObject({
      webhook: { configured: true, failing: 1, lastError: 'HTTP 500' },
    });

    hook.mode = 'ok';
    advance(2);
    await checkpointTick();
    row = await rowOf(issuedAt);
    expect(row).toMatchObject({ webhook_status: 'delivered', webhook_attempts: 3 });
    expect(hook.received.at(-1)!.body).toEqual(newest());
  });

  it('delivers outside the database transaction: a hanging webhook blocks no audit write', async () => {
    hook.mode = 'hang';
    await append('990001001', 5);
    advance(1);
    const arrived = new Promise<void>((resolve) => (hook.arrived = resolve));
    const running = checkpointTick();
    await arrived; // the webhook holds the request open
    const written = newest();
    const write = append('990002001', 1).then(() => 'written');
    const timeout = new Promise((resolve) => setTimeout(() => resolve('blocked'), 5_000));
    expect(await Promise.race([write, timeout])).toBe('written');
    const admin = await login(t.app, a.users.admin);
    expect((await t.app.inject({ url: '/api/audit/entries', headers: { cookie: admin } })).statusCode).toBe(
      200,
    );
    hook.mode = 'ok';
    hook.release!();
    await running;
    expect(hook.received.at(-1)!.body).toEqual(written);
  });
});

describe('verify-audit against the latest checkpoint', () => {
  it('catches trimmed newest entries with the head moved back, and keeps catching it after later checkpoints', async () => {
    await append('310116501', 6);
    advance(61);
    await checkpointTick();
    const cp = newest();
    const head = await headOf('310116');
    const n = Number(head.seq);
    expect(cp.chains).toContainEqual({ chain: '310116', seq: n, hash: head.hash });

    // Someone with database access removes the two newest entries and moves the head back.
    await sql`DELETE FROM audit_entries WHERE chain = '310116' AND seq > ${n - 2}`.execute(db());
    const kept = await db()
      .selectFrom('audit_entries')
      .select('hash')
      .where('chain', '=', '310116')
      .where('seq', '=', n - 2)
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit_chain_heads SET seq = ${n - 2}, hash = ${kept.hash} WHERE chain = '310116'`.execute(
      db(),
    );
    // The chain alone cannot tell.
    expect((await verifyChain(db(), '310116')).ok).toBe(true);
    let lines: string[] = [];
    expect(
      await verifyAuditCommand(t.deps, { chain: '310116', noCheckpoint: true }, (l) => lines.push(l)),
    ).toBe(0);

    lines = [];
    expect(await verifyAuditCommand(t.deps, {}, (l) => lines.push(l))).toBe(1);
    const text = lines.join('\n');
    expect(text).toContain(
      `chain 310116: checkpoint of ${cp.issuedAt} recorded head #${n} ${head.hash.slice(0, 16)}`,
    );
    expect(text).toContain(`the database's head is #${n - 2} — entries #${n - 1}…#${n} removed`);

    // The admin page's verification says the same.
    const admin = await login(t.app, a.users.admin);
    const v = (await t.app.inject({ url: '/api/audit/verify', headers: { cookie: admin } })).json();
    expect(v.ok).toBe(false);
    expect(v.checkpoint).toMatchObject({ issuedAt: cp.issuedAt, ok: false, signatureValid: true });
    expect(v.checkpoint.chains).toEqual([
      expect.objectContaining({ chain: '310116', seq: n, ok: false, kind: 'truncated' }),
    ]);

    // The next routine checkpoint must not launder the trimmed head: it keeps the signed one.
    await append('990001001', 5);
    advance(61);
    const [run] = await checkpointTick();
    expect(run.message).toContain('310116');
    const later = newest();
    expect(later.issuedAt).not.toBe(cp.issuedAt);
    expect(later.chains).toContainEqual({ chain: '310116', seq: n, hash: head.hash });
    lines = [];
    expect(await verifyAuditCommand(t.deps, {}, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain(`entries #${n - 1}…#${n} removed`);

    // A given file is still checked on request.
    const first = path.join(dir(), files()[0]);
    lines = [];
    expect(
      await verifyAuditCommand(t.deps, { chain: '990001', checkpoint: first }, (l) => lines.push(l)),
    ).toBe(0);
  });
});
