import { isRegulator, type Role } from '@redline/domain';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import {
  CreateUserBody,
  ErrorBody,
  IdParams,
  Page,
  PageQuery,
  RoleSchema,
  UpdateUserBody,
  UserView,
} from '@redline/contracts';
import { actorOf, type App, type Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { assertNewPassword } from '../../auth/password-policy.ts';
import { AppError, conflict, notFound, validation } from '../../errors.ts';
import { inRegion, regionWithin, escapeLike } from '../../auth/scope.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { appendAudit } from '../../audit/chain.ts';
import { assertOffset } from '../../db/paging.ts';

const tags = ['users'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const UserQuery = Type.Object(
  { ...PageQuery, role: Type.Optional(RoleSchema) },
  { additionalProperties: false },
);

/** Administrators manage the accounts of their jurisdiction. */
export async function userRoutes(app: App, deps: Deps) {
  const { db } = deps.database;

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'List users',
        querystring: UserQuery,
        response: { 200: Page(UserView), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'manage_users', 'user');
      const { page = 1, pageSize = 20, q, role } = req.query;
      assertOffset(page, pageSize);
      let base = db
        .selectFrom('users as u')
        .leftJoin('authorities as a', 'a.id', 'u.authority_id')
        .where(inRegion(actor.regionCode, 'u'));
      if (role) base = base.where('u.role', '=', role);
      if (q)
        base = base.where((eb) =>
          eb.or([
            eb('u.username', 'ilike', `%${escapeLike(q)}%`),
            eb('u.display_name', 'ilike', `%${escapeLike(q)}%`),
          ]),
        );
      const [{ total }] = await base.select(sql<number>`count(*)::int`.as('total')).execute();
      const rows = await base
        .select([
          'u.id',
          'u.username',
          'u.display_name',
          'u.role',
          'u.region_code',
          'u.authority_id',
          'a.name as authority_name',
          'u.enterprise_id',
          'u.worker_id',
          'u.licence_no',
          'u.phone',
          'u.active',
          'u.created_at',
        ])
        .orderBy('u.username')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return { items: rows.map(view), total, page, pageSize };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a user',
        body: CreateUserBody,
        response: { 201: UserView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'manage_users', 'user');
      const b = req.body;
      const regionCode = await resolveRegion(db, actor, b);
      const exists = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', b.username)
        .executeTakeFirst();
      if (exists) throw conflict(`The username ${b.username} is taken`, 'username');
      assertNewPassword(b.password, { username: b.username, displayName: b.displayName }, 'password');
      const passwordHash = await hashPassword(b.password);
      const created = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({
            username: b.username,
            display_name: b.displayName,
            password_hash: passwordHash,
            role: b.role,
            region_code: regionCode,
            authority_id: b.authorityId ?? null,
            enterprise_id: b.enterpriseId ?? null,
            worker_id: b.workerId ?? null,
            licence_no: b.licenceNo ?? null,
            phone: b.phone ?? '',
            must_change_password: true,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          actor,
          action: 'user.create',
          subjectType: 'user',
          subjectId: row.id,
          regionCode,
          after: await getUser(trx, actor, row.id),
          details: { username: b.username, role: b.role },
        });
        return row;
      });
      reply.status(201);
      return getUser(db, actor, created.id);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'manage_users', 'user');
      const before = await getUser(db, actor, req.params.id);
      const b = req.body;
      if (req.params.id === actor.userId && (b.active === false || (b.role && b.role !== 'admin'))) {
        throw new AppError(
          'VALIDATION',
          'You cannot deactivate yourself or drop your own administrator role',
          400,
          b.active === false ? 'active' : 'role',
        );
      }
      if (b.password !== undefined)
        assertNewPassword(
          b.password,
          { username: before.username, displayName: b.displayName ?? before.displayName },
          'password',
        );
      const passwordHash = b.password !== undefined ? await hashPassword(b.password) : undefined;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            ...(b.displayName !== undefined && { display_name: b.displayName }),
            ...(b.role !== undefined && { role: b.role }),
            ...(b.active !== undefined && { active: b.active }),
            ...(b.licenceNo !== undefined && { licence_no: b.licenceNo }),
            ...(b.phone !== undefined && { phone: b.phone }),
            ...(passwordHash !== undefined && { password_hash: passwordHash, must_change_password: true }),
            updated_at: sql`now()`,
          })
          .where('id', '=', req.params.id)
          .execute();
        if (b.active === false || b.password !== undefined)
          await trx.deleteFrom('sessions').where('user_id', '=', req.params.id).execute();
        await appendAudit(trx, {
          actor,
          action: 'user.update',
          subjectType: 'user',
          subjectId: req.params.id,
          regionCode: before.regionCode,
          before,
          after: await getUser(trx, actor, req.params.id),
          details: {
            fields: Object.keys(b).filter((k) => k !== 'password'),
            passwordChanged: b.password !== undefined,
          },
        });
      });
      return getUser(db, actor, req.params.id);
    },
  );
}

/** A new user's jurisdiction: their authority's region, their enterprise's, or the one given — always inside the admin's own. */
async function resolveRegion(
  db: Db,
  actor: Actor,
  b: {
    role: Role;
    regionCode?: string;
    authorityId?: string | null;
    enterpriseId?: string | null;
    workerId?: string | null;
  },
) {
  const regulator = isRegulator(b.role);
  if (regulator && !b.authorityId && b.role !== 'admin')
    throw validation('authorityId', 'A regulator account must belong to an authority');
  if (b.role === 'enterprise_manager' && !b.enterpriseId)
    throw validation('enterpriseId', 'An enterprise safety manager must be linked to an enterprise');
  if (b.role === 'worker' && !b.workerId)
    throw validation('workerId', 'A worker account must be linked to a worker record');
  let region = b.regionCode;
  if (b.authorityId) {
    const a = await db
      .selectFrom('authorities')
      .select('region_code')
      .where('id', '=', b.authorityId)
      .executeTakeFirst();
    if (!a || !regionWithin(actor, a.region_code))
      throw validation('authorityId', 'No such authority in your jurisdiction');
    region = region ?? a.region_code;
    if (!region.startsWith(a.region_code))
      throw validation('regionCode', "The region must lie within the authority's region");
  }
  if (b.enterpriseId) {
    const e = await db
      .selectFrom('enterprises')
      .select('region_code')
      .where('id', '=', b.enterpriseId)
      .executeTakeFirst();
    if (!e || !regionWithin(actor, e.region_code))
      throw validation('enterpriseId', 'No such enterprise in your jurisdiction');
    region = e.region_code;
  }
  if (b.workerId) {
    const w = await db
      .selectFrom('workers')
      .select('region_code')
      .where('id', '=', b.workerId)
      .executeTakeFirst();
    if (!w || !regionWithin(actor, w.region_code))
      throw validation('workerId', 'No such worker in your jurisdiction');
    region = w.region_code;
  }
  region = region ?? actor.regionCode;
  if (!regionWithin(actor, region)) throw validation('regionCode', 'The region is outside your jurisdiction');
  return region;
}

async function getUser(db: Db, actor: Actor, id: string) {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('authorities as a', 'a.id', 'u.authority_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.region_code',
      'u.authority_id',
      'a.name as authority_name',
      'u.enterprise_id',
      'u.worker_id',
      'u.licence_no',
      'u.phone',
      'u.active',
      'u.created_at',
    ])
    .where('u.id', '=', id)
    .where(inRegion(actor.regionCode, 'u'))
    .executeTakeFirst();
  if (!row) throw notFound('User');
  return view(row);
}

function view(r: {
  id: string;
  username: string;
  display_name: string;
  role: Actor['role'];
  region_code: string;
  authority_id: string | null;
  authority_name: string | null;
  enterprise_id: string | null;
  worker_id: string | null;
  licence_no: string | null;
  phone: string;
  active: boolean;
  created_at: Date;
}) {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    regionCode: r.region_code,
    authorityId: r.authority_id,
    authorityName: r.authority_name,
    enterpriseId: r.enterprise_id,
    workerId: r.worker_id,
    licenceNo: r.licence_no,
    phone: r.phone,
    active: r.active,
    createdAt: r.created_at.toISOString(),
  };
}
