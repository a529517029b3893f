import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { generateCreditCode, generateResidentId, maskResidentId } from '@redline/domain';
import type { Db } from '../../src/db/database.ts';
import type { Secrets } from '../../src/crypto.ts';
import type { Role } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { DEFAULT_PASSWORD } from './harness.ts';

let seq = 0;
const next = () => ++seq;
const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A credit code that is valid and unique within the test run. */
export function creditCode(division = '310116') {
  const n = next();
  let org = '';
  for (let i = 0, v = n * 7919 + 1000003; i < 9; i++, v = Math.floor(v / 31)) org = ORG[v % 31] + org;
  return generateCreditCode(`91${division}${org}`);
}

export function residentId(division = '310116', birth = '19880101') {
  const n = String(next() % 1000).padStart(3, '0');
  return generateResidentId(`${division}${birth}${n}`);
}

let passwordHash: Promise<string> | undefined;

/** One jurisdiction with an authority, a user per role, and one record of every registry kind. */
export async function createWorld(
  db: Db,
  secrets: Secrets,
  region: { county: string; town?: string; tag: string },
) {
  const tag = region.tag;
  const hash = await (passwordHash ??= hashPassword(DEFAULT_PASSWORD));
  const authority = await db
    .insertInto('authorities')
    .values({
      name: `${tag}应急管理局${next()}`,
      short_name: tag.slice(0, 1),
      kind: 'emergency',
      region_code: region.county,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const place = region.town ?? region.county;
  const enterprise = await db
    .insertInto('enterprises')
    .values({
      credit_code: creditCode(region.county),
      name: `${tag}测试机械有限公司${next()}`,
      industry_code: 'machinery',
      scale: 'small',
      region_code: place,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const project = await db
    .insertInto('projects')
    .values({
      name: `${tag}测试花园项目${next()}`,
      type: 'building',
      status: 'under_construction',
      region_code: place,
      regulator_authority_id: authority.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_parties')
    .values({ project_id: project.id, role: 'general_contractor', enterprise_id: enterprise.id, name: 'GC' })
    .execute();
  const site = await db
    .insertInto('sites')
    .values({
      name: `${tag}焊接车间${next()}`,
      kind: 'welding_shop',
      key_risk_source: true,
      enterprise_id: enterprise.id,
      region_code: place,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const idNo = residentId(region.county);
  const worker = await db
    .insertInto('workers')
    .values({
      name: `${tag}张三${next()}`,
      id_number_masked: maskResidentId(idNo),
      id_number_cipher: secrets.encrypt(idNo),
      id_number_hash: secrets.mac(idNo),
      employer_id: enterprise.id,
      project_id: project.id,
      trade: 'welder',
      region_code: place,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const certificate = await db
    .insertInto('certificates')
    .values({
      worker_id: worker.id,
      category_code: 'EM-02',
      number: `T${next()}${idNo.slice(0, 8)}`,
      issued_on: '2024-01-10',
      expires_on: '2030-01-09',
      next_review_on: '2027-01-10',
      region_code: place,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const equipment = await db
    .insertInto('equipment')
    .values({
      category_code: '4000',
      registration_code: `4${region.county}${next()}`,
      user_enterprise_id: enterprise.id,
      region_code: place,
      next_inspection_on: '2027-03-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An accident (issue 15), when the schema has the table (the migrations test builds a world on an
  // older schema first); otherwise an id no record has.
  const hasAccidents = (
    await sql<{ t: string | null }>`SELECT to_regclass('accidents')::text AS t`.execute(db)
  ).rows[0]?.t;
  const accident = !hasAccidents
    ? { id: randomUUID() }
    : await db
        .insertInto('accidents')
        .values({
          region_code: place,
          enterprise_id: enterprise.id,
          occurred_at: '2026-11-20T02:00:00Z',
          occurred_on: '2026-11-20',
          type_code: '03',
          course: `${tag}机械伤害测试事故`,
          deaths: 0,
          serious_injuries: 1,
          direct_loss_yuan: 10_000,
          grade: 'general',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
  const users: Record<Role, string> = {} as never;
  let coInspector = '';
  const roles: Role[] = ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'];
  // Law-enforcement officers carry a certificate number (执法证号); the inspector has a certified
  // colleague (coInspector): enforcement takes two (Administrative Penalty Law 2021 art. 42).
  const licence = () => `${region.county}${String(next()).padStart(6, '0')}`;
  for (const role of [...roles, 'coInspector' as const]) {
    const r: Role = role === 'coInspector' ? 'inspector' : role;
    const username = `${tag.toLowerCase()}.${role.toLowerCase()}.${next()}`;
    await db
      .insertInto('users')
      .values({
        username,
        display_name: role === 'coInspector' ? `${tag} inspector 2` : `${tag} ${role}`,
        password_hash: hash,
        role: r,
        region_code: r === 'enterprise_manager' || r === 'worker' ? place : region.county,
        authority_id: ['leader', 'inspector', 'duty_officer', 'admin'].includes(r) ? authority.id : null,
        enterprise_id: r === 'enterprise_manager' ? enterprise.id : null,
        worker_id: r === 'worker' ? worker.id : null,
        licence_no: r === 'leader' || r === 'inspector' ? licence() : null,
      })
      .execute();
    if (role === 'coInspector') coInspector = username;
    else users[role] = username;
  }
  return {
    authorityId: authority.id,
    users,
    /** A second certified inspector of the same authority (the two-officer rule). */
    coInspector,
    ids: {
      enterprise: enterprise.id,
      project: project.id,
      site: site.id,
      worker: worker.id,
      certificate: certificate.id,
      equipment: equipment.id,
      accident: accident.id,
    },
    names: { enterprise: `${tag}测试机械有限公司` },
  };
}
export type World = Awaited<ReturnType<typeof createWorld>>;
