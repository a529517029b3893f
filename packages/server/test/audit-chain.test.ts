import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { appendAudit, chainOf, contentOfRow, entryHash } from '../src/audit/chain.ts';
import { verifyChain } from '../src/audit/verify.ts';
import { checkCheckpoint, createCheckpoint } from '../src/audit/checkpoint.ts';
import { verifyAuditCommand } from '../src/audit/cli.ts';

/**
 * The audit chain: entries are written in the transaction of the change, hash-linked per county,
 * and verification names the first entry that was altered, removed or reordered — tested by
 * tampering with the table directly, as someone with database access would.
 */
let t: TestApp;
let a: World;
const SYSTEM = { system: 'test' } as const;
let chainNo = 0;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  await createWorld(t.deps.database.db, t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
});
afterAll(() => t?.close());

/** A fresh chain of n entries (a county code of its own, so tests don't share chains). */
async function freshChain(n: number): Promise<string> {
  const region = `99${String(++chainNo).padStart(4, '0')}`;
  for (let i = 1; i <= n; i++) {
    await t.deps.database.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actor: SYSTEM,
        action: `test.step${i}`,
        subjectType: 'thing',
        subjectId: `t-${i}`,
        regionCode: `${region}001`,
        before: { i: i - 1 },
        after: { i },
        details: { i },
      }),
    );
  }
  return region;
}
const db = () => t.deps.database.db;

describe('audit chain', () => {
  it('keys a chain by the county code', () => {
    expect(chainOf('310116501')).toBe('310116');
    expect(chainOf('3101')).toBe('3101');
    expect(chainOf('')).toBe('root');
  });

  it('links each entry to the previous one and verifies clean', async () => {
    const chain = await freshChain(5);
    const rows = await db()
      .selectFrom('audit_entries')
      .selectAll()
      .where('chain', '=', chain)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    for (const r of rows) expect(entryHash(contentOfRow(r))).toBe(r.hash);
    const report = await verifyChain(db(), chain);
    expect(report).toMatchObject({ ok: true, entries: 5, headSeq: 5, problem: null });
  });

  it('names an altered entry', async () => {
    const chain = await freshChain(5);
    await sql`UPDATE audit_entries SET action = 'test.innocent' WHERE chain = ${chain} AND seq = 3`.execute(
      db(),
    );
    const r = await verifyChain(db(), chain);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ kind: 'altered', seq: 3 });
  });

  it('names an entry whose content and hash were both rewritten (its successor still links to the original)', async () => {
    const chain = await freshChain(5);
    const row = await db()
      .selectFrom('audit_entries')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const forged = { ...contentOfRow(row), details: { i: 99 } };
    await sql`UPDATE audit_entries SET details = ${JSON.stringify({ i: 99 })}::jsonb, hash = ${entryHash(forged)} WHERE id = ${row.id}`.execute(
      db(),
    );
    const r = await verifyChain(db(), chain);
    expect(r.problem).toMatchObject({ kind: 'altered', seq: 2, entryId: row.id });
  });

  it('names a removed entry by its position and says what was expected there', async () => {
    const chain = await freshChain(5);
    const hashOf = async (seq: number) =>
      (
        await db()
          .selectFrom('audit_entries')
          .select('hash')
          .where('chain', '=', chain)
          .where('seq', '=', seq)
          .executeTakeFirstOrThrow()
      ).hash;
    const [h2, h3] = [await hashOf(2), await hashOf(3)];
    await sql`DELETE FROM audit_entries WHERE chain = ${chain} AND seq = 3`.execute(db());
    const r = await verifyChain(db(), chain);
    expect(r.problem).toMatchObject({ kind: 'removed', seq: 3 });
    const m = r.problem!.message;
    expect(m).toContain(`entry ${chain}#3 is missing: #2 is followed by #4`);
    // What belonged at #3: the hash #4 links to, itself linking to #2's hash.
    expect(m).toContain(h3.slice(0, 16));
    expect(m).toContain(h2.slice(0, 16));
    const lines: string[] = [];
    await verifyAuditCommand(t.deps, { chain, noCheckpoint: true }, (l) => lines.push(l));
    expect(lines[0]).toMatch(
      new RegExp(`BROKEN\\s+chain ${chain}: removed at #3 — entry ${chain}#3 is missing`),
    );
  });

  it('names a run of removed entries', async () => {
    const chain = await freshChain(6);
    await sql`DELETE FROM audit_entries WHERE chain = ${chain} AND seq IN (2, 3, 4)`.execute(db());
    const r = await verifyChain(db(), chain);
    expect(r.problem).toMatchObject({ kind: 'removed', seq: 2 });
    expect(r.problem!.message).toContain(`entries ${chain}#2–#4 are missing: #1 is followed by #5`);
  });

  it('names a removed entry even when the later ones were renumbered to hide the gap', async () => {
    const chain = await freshChain(5);
    await sql`DELETE FROM audit_entries WHERE chain = ${chain} AND seq = 2`.execute(db());
    await sql`UPDATE audit_entries SET seq = seq - 1 WHERE chain = ${chain} AND seq > 2`.execute(db());
    await sql`UPDATE audit_chain_heads SET seq = 4 WHERE chain = ${chain}`.execute(db());
    const r = await verifyChain(db(), chain);
    expect(r.problem).toMatchObject({ kind: 'removed', seq: 2 });
  });

  it('names reordered entries', async () => {
    const chain = await freshChain(5);
    // Swap entries 3 and 4 (through a free number: (chain, seq) is unique).
    await sql`UPDATE audit_entries SET seq = 1000 WHERE chain = ${chain} AND seq = 3`.execute(db());
    await sql`UPDATE audit_entries SET seq = 3 WHERE chain = ${chain} AND seq = 4`.execute(db());
    await sql`UPDATE audit_entries SET seq = 4 WHERE chain = ${chain} AND seq = 1000`.execute(db());
    const r = await verifyChain(db(), chain);
    expect(r.problem).toMatchObject({ kind: 'reordered', seq: 3 });
  });

  it('names entries removed from the end', async () => {
    const chain = await freshChain(5);
    await sql`DELETE FROM audit_entries WHERE chain = ${chain} AND seq = 5`.execute(db());
    const r = await verifyChain(db(), chain);
    expect(r.problem).toMatchObject({ kind: 'truncated', seq: 5 });
  });

  it('gives consecutive sequence numbers to concurrent writers of one chain', async () => {
    const region = `99${String(++chainNo).padStart(4, '0')}`;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db()
          .transaction()
          .execute((trx) =>
            appendAudit(trx, {
              actor: SYSTEM,
              action: 'test.concurrent',
              subjectType: 'thing',
              subjectId: `c-${i}`,
              regionCode: region,
            }),
          ),
      ),
    );
    const seqs = (
      await db()
        .selectFrom('audit_entries')
        .select('seq')
        .where('chain', '=', region)
        .orderBy('seq')
        .execute()
    ).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await verifyChain(db(), region)).ok).toBe(true);
  });

  it('rolls the entry back with the change', async () => {
    const region = `99${String(++chainNo).padStart(4, '0')}`;
    await db()
      .transaction()
      .execute(async (trx) => {
        await appendAudit(trx, {
          actor: SYSTEM,
          action: 'test.rolled-back',
          subjectType: 'thing',
          subjectId: 'x',
          regionCode: region,
        });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    const n = await db()
      .selectFrom('audit_entries')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('chain', '=', region)
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(0);
    const head = await db()
      .selectFrom('audit_chain_heads')
      .selectAll()
      .where('chain', '=', region)
      .executeTakeFirst();
    expect(head).toBeUndefined();
  });
});

describe('signed checkpoints', () => {
  it('signs the heads and later proves a rewritten chain', async () => {
    const chain = await freshChain(4);
    const cp = await createCheckpoint(db(), t.deps.secrets, chain);
    expect(cp.chains).toEqual([{ chain, seq: 4, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect((await checkCheckpoint(db(), t.deps.secrets, cp)).ok).toBe(true);

    const forgedSig = { ...cp, chains: [{ ...cp.chains[0], seq: 3 }] };
    expect((await checkCheckpoint(db(), t.deps.secrets, forgedSig)).signatureValid).toBe(false);

    // Someone with database access rewrites entry 2 and recomputes every later hash and the head:
    // the chain verifies on its own, but no longer matches the signed checkpoint.
    const rows = await db()
      .selectFrom('audit_entries')
      .selectAll()
      .where('chain', '=', chain)
      .orderBy('seq')
      .execute();
    let prev = rows[0].hash;
    for (const r of rows.slice(1)) {
      const content = {
        ...contentOfRow(r),
        prevHash: prev,
        ...(Number(r.seq) === 2 ? { details: { i: 42 } } : {}),
      };
      const hash = entryHash(content);
      await sql`UPDATE audit_entries SET details = ${JSON.stringify(content.details)}::jsonb, prev_hash = ${prev}, hash = ${hash} WHERE id = ${r.id}`.execute(
        db(),
      );
      prev = hash;
    }
    await sql`UPDATE audit_chain_heads SET hash = ${prev} WHERE chain = ${chain}`.execute(db());
    expect((await verifyChain(db(), chain)).ok).toBe(true);
    const check = await checkCheckpoint(db(), t.deps.secrets, cp);
    expect(check.ok).toBe(false);
    expect(check.chains[0].message).toContain('rewritten');
  });
});

describe('verify-audit command and admin API', () => {
  it('names the first bad entry and exits 1', async () => {
    const chain = await freshChain(3);
    await sql`UPDATE audit_entries SET subject_id = 'someone-else' WHERE chain = ${chain} AND seq = 2`.execute(
      db(),
    );
    const lines: string[] = [];
    const code = await verifyAuditCommand(t.deps, { chain }, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(new RegExp(`BROKEN\\s+chain ${chain}: altered at #2`));
  });

  it('writes an entry for a registry change and verifies through the API', async () => {
    const admin = await login(t.app, a.users.admin);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/enterprises/${a.ids.enterprise}`,
      headers: { cookie: admin },
      payload: { contactPhone: '021-5700 1234' },
    });
    expect(res.statusCode).toBe(200);
    const entries = await t.app.inject({
      url: `/api/audit/entries?subjectType=enterprise&subjectId=${a.ids.enterprise}`,
      headers: { cookie: admin },
    });
    expect(entries.statusCode).toBe(200);
    const list = entries.json().items;
    expect(list[0]).toMatchObject({
      action: 'enterprise.update',
      chain: '310116',
      subjectId: a.ids.enterprise,
    });
    expect(list[0].beforeDigest).not.toBe(list[0].afterDigest);

    const v = await t.app.inject({ url: '/api/audit/verify?chain=310116', headers: { cookie: admin } });
    expect(v.json()).toMatchObject({ ok: true, chains: [{ chain: '310116', ok: true }] });
    // Another county's chain answers like a missing one.
    const foreign = await t.app.inject({ url: '/api/audit/verify?chain=150602', headers: { cookie: admin } });
    expect(foreign.statusCode).toBe(404);
    // Inspectors may not verify; enterprise managers neither.
    const insp = await login(t.app, a.users.inspector);
    expect((await t.app.inject({ url: '/api/audit/verify', headers: { cookie: insp } })).statusCode).toBe(
      403,
    );

    const cp = await t.app.inject({ url: '/api/audit/checkpoint', headers: { cookie: admin } });
    expect(cp.statusCode).toBe(200);
    expect(cp.json().chains.every((c: { chain: string }) => c.chain.startsWith('310116'))).toBe(true);
    const check = await t.app.inject({
      method: 'POST',
      url: '/api/audit/checkpoint/verify',
      headers: { cookie: admin },
      payload: cp.json(),
    });
    expect(check.json()).toMatchObject({ ok: true, signatureValid: true, ourKey: true });
  });
});
