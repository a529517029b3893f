import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  ROLES,
  certificateStatus,
  equipmentInspectionStatus,
  maskResidentId,
  validateCreditCode,
  validateResidentId,
} from '@redline/domain';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/modules/reference/load.ts';
import { Secrets } from '../src/crypto.ts';
import { verifyPassword } from '../src/auth/passwords.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/demo/seed-demo.ts';

const TODAY = '2026-04-15';
// Generous limits: PGlite start-up is slow on a busy machine; the seeding itself takes well under a second.
const SLOW = 120_000;
const secrets = new Secrets('demo-seed-test-secret-0123456789abcdef');

// Each test gets its own fresh, migrated in-memory database (created in the hook: PGlite takes a
// few seconds to start) and every database opened is closed after the test.
const opened: Database[] = [];
let database: Database;
beforeEach(async () => {
  database = await freshDatabase();
}, SLOW);
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

async function freshDatabase() {
  const db = await openDatabase({ url: 'memory://' });
  opened.push(db);
  await migrate(db);
  await loadReferenceData(db.db);
  return db;
}

async function seed(target: Database, seed = 42) {
  const summary = await seedDemo(target.db, secrets, { seed, today: TODAY, scale: 'small' });
  return { db: target.db, summary };
}

describe('demo data set', () => {
  it(
    'has valid identifiers, every role and every project party',
    async () => {
      const { db, summary } = await seed(database);

      const enterprises = await db
        .selectFrom('enterprises')
        .select(['credit_code', 'industry_code'])
        .execute();
      expect(enterprises.length).toBeGreaterThan(20);
      for (const e of enterprises)
        expect(validateCreditCode(e.credit_code), e.credit_code).toMatchObject({ ok: true });
      const industries = await db
        .selectFrom('ref_items')
        .select('code')
        .where('kind', '=', 'industry')
        .execute();
      expect(new Set(enterprises.map((e) => e.industry_code))).toEqual(
        new Set(industries.map((i) => i.code)),
      );

      const workers = await db
        .selectFrom('workers')
        .select(['id_number_masked', 'id_number_cipher', 'id_number_hash'])
        .execute();
      expect(workers.length).toBeGreaterThan(100);
      for (const w of workers) {
        const idNo = secrets.decrypt(w.id_number_cipher);
        expect(validateResidentId(idNo, { today: TODAY }), idNo).toMatchObject({ ok: true });
        expect(w.id_number_masked).toBe(maskResidentId(idNo));
        expect(w.id_number_hash).toBe(secrets.mac(idNo));
      }

      const users = await db
        .selectFrom('users')
        .select(['username', 'role', 'password_hash', 'must_change_password'])
        .execute();
      expect(new Set(users.map((u) => u.role))).toEqual(new Set(ROLES));
      expect(users.every((u) => !u.must_change_password)).toBe(true);
      expect(await verifyPassword(users[0].password_hash, DEMO_PASSWORD)).toBe(true);
      expect(new Set(summary.users.map((u) => u.role))).toEqual(new Set(ROLES));
      expect(summary.users.map((u) => u.username)).toEqual(
        expect.arrayContaining(['admin', 'jinshan.manager', 'jinshan.worker', 'ordos.inspector']),
      );

      const parties = await db
        .selectFrom('projects as p')
        .leftJoin('project_parties as pp', 'pp.project_id', 'p.id')
        .select(['p.id', sql<string>`string_agg(pp.role, ',' ORDER BY pp.role)`.as('roles')])
        .groupBy('p.id')
        .execute();
      expect(parties.length).toBeGreaterThanOrEqual(10);
      for (const p of parties) expect(p.roles).toBe('design,general_contractor,owner,supervision,survey');
      const statuses = await db.selectFrom('projects').select('status').distinct().execute();
      expect(new Set(statuses.map((s) => s.status))).toEqual(
        new Set(['approved', 'under_construction', 'suspended', 'completed']),
      );
    },
    SLOW,
  );

  it(
    'has certificates in every state on both tracks, an uncertified welder and equipment in every inspection state',
    async () => {
      const { db, summary } = await seed(database);

      const certs = await db
        .selectFrom('certificates as c')
        .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
        .select([
          'cc.track',
          'cc.review_window_days',
          'c.issued_on',
          'c.expires_on',
          'c.next_review_on',
          'c.last_reviewed_on',
        ])
        .execute();
      const seen = new Set<string>();
      for (const c of certs) {
        const { status } = certificateStatus(
          {
            issuedOn: c.issued_on,
            expiresOn: c.expires_on,
            nextReviewOn: c.next_review_on,
            lastReviewedOn: c.last_reviewed_on,
          },
          TODAY,
          { reviewWindowDays: c.review_window_days },
        );
        seen.add(`${c.track}:${status}`);
      }
      for (const track of ['emergency', 'housing']) {
        for (const status of ['valid', 'review_due', 'expired'])
          expect(seen, `${track}:${status}`).toContain(`${track}:${status}`);
      }

      const uncertified = await db
        .selectFrom('workers as w')
        .select(['w.id', 'w.employer_id'])
        .where('w.trade', '=', 'welder')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('certificates as c')
                .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
                .select('c.id')
                .whereRef('c.worker_id', '=', 'w.id')
                .where('cc.is_welding', '=', true),
            ),
          ),
        )
        .execute();
      expect(uncertified.length).toBeGreaterThanOrEqual(1);
      const { scenario } = summary;
      expect(uncertified.map((w) => w.id)).toContain(scenario.uncertifiedWelderId);
      // an external contractor's welder (issue 11): employed elsewhere, working at the anchor's shop
      expect(uncertified.find((w) => w.id === scenario.uncertifiedWelderId)?.employer_id).toBe(
        scenario.uncertifiedWelderEmployerId,
      );
      expect(scenario.uncertifiedWelderEmployerId).not.toBe(scenario.enterpriseId);
      const certified = await db
        .selectFrom('certificates as c')
        .innerJoin('workers as w', 'w.id', 'c.worker_id')
        .innerJoin('certificate_categories as cc', 'cc.code', 'c.category_code')
        .select('w.id')
        .where('w.employer_id', '=', scenario.enterpriseId)
        .where('cc.is_welding', '=', true)
        .execute();
      expect(certified.map((c) => c.id)).toEqual(expect.arrayContaining(scenario.certifiedWelderIds));
      const site = await db
        .selectFrom('sites')
        .selectAll()
        .where('id', '=', scenario.weldingSiteId)
        .executeTakeFirstOrThrow();
      expect(site).toMatchObject({
        kind: 'welding_shop',
        key_risk_source: true,
        enterprise_id: scenario.enterpriseId,
        region_code: '310116501',
      });
      const manager = await db
        .selectFrom('users')
        .select(['enterprise_id', 'role'])
        .where('username', '=', 'jinshan.manager')
        .executeTakeFirstOrThrow();
      expect(manager).toEqual({ enterprise_id: scenario.enterpriseId, role: 'enterprise_manager' });

      const equipment = await db
        .selectFrom('equipment as e')
        .innerJoin('equipment_categories as ec', 'ec.code', 'e.category_code')
        .select(['e.next_inspection_on', 'e.last_inspection_on', 'e.last_inspection_result', 'ec.warn_days'])
        .execute();
      const states = new Set(
        equipment.map(
          (e) =>
            equipmentInspectionStatus(
              {
                nextInspectionOn: e.next_inspection_on,
                lastInspectionOn: e.last_inspection_on,
                lastResult: e.last_inspection_result === 'fail' ? 'fail' : 'pass',
              },
              TODAY,
              { warnDays: e.warn_days },
            ).status,
        ),
      );
      for (const s of ['in_date', 'due_soon', 'overdue', 'failed']) expect(states, s).toContain(s);

      const meta = await db
        .selectFrom('app_meta')
        .select('value')
        .where('key', '=', 'demo')
        .executeTakeFirstOrThrow();
      expect(meta.value).toMatchObject({ seed: 42, today: TODAY, counts: summary.counts });
    },
    SLOW,
  );

  it(
    'is deterministic: the same seed gives the same data, and a second call does not seed again',
    async () => {
      const a = await seed(database, 7);
      const b = await seed(await freshDatabase(), 7);
      const codes = (db: typeof a.db) =>
        db
          .selectFrom('enterprises')
          .select(['credit_code', 'name'])
          .orderBy('credit_code')
          .execute()
          .then((rows) => rows.map((r) => `${r.credit_code} ${r.name}`));
      const certNumbers = (db: typeof a.db) =>
        db
          .selectFrom('certificates')
          .select(['category_code', 'number', 'issued_on'])
          .orderBy('category_code')
          .orderBy('number')
          .execute();
      expect(await codes(a.db)).toEqual(await codes(b.db));
      expect(await certNumbers(a.db)).toEqual(await certNumbers(b.db));
      expect(a.summary).toEqual(b.summary);

      const again = await seedDemo(a.db, secrets, { seed: 7, today: TODAY, scale: 'small' });
      expect(again).toEqual(a.summary);
      const { n } = await a.db
        .selectFrom('enterprises')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n)).toBe(a.summary.counts.enterprises);
    },
    SLOW,
  );
});
