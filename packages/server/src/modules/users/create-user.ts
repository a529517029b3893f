import { isRegulator } from '@redline/domain';
import type { Kysely } from 'kysely';
import type { CreateUserBody, UserView } from '@redline/contracts';
import type { Static } from '@sinclair/typebox';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { assertNewPassword } from '../../auth/password-policy.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import { conflict, validation } from '../../errors.ts';
import {
  authorityRegion,
  enterpriseRegion,
  insertUser,
  loadUser,
  usernameTaken,
  workerRegion,
} from './repo.ts';
import { userView } from './presenters.ts';
import { checkedLicence } from './licence.ts';

type NewUser = Static<typeof CreateUserBody>;

/**
 * An administrator creates an account in their jurisdiction: the links its role needs, a free user
 * name, a password the policy accepts (to be changed at first login), and the audit entry.
 */
export async function createUser(db: Kysely<DB>, actor: Actor, b: NewUser): Promise<UserView> {
  const regionCode = await resolveRegion(db, actor, b);
  if (await usernameTaken(db, b.username)) throw conflict(`The username ${b.username} is taken`, 'username');
  await assertNewPassword(b.password, { username: b.username, displayName: b.displayName }, 'password');
  const licenceNo = await checkedLicence(db, b.licenceNo, b.role);
  const passwordHash = await hashPassword(b.password);
  const id = await inTransaction(db, async (trx) => {
    const created = await insertUser(trx, {
      username: b.username,
      display_name: b.displayName,
      password_hash: passwordHash,
      role: b.role,
      region_code: regionCode,
      authority_id: b.authorityId ?? null,
      enterprise_id: b.enterpriseId ?? null,
      worker_id: b.workerId ?? null,
      licence_no: licenceNo ?? null,
      phone: b.phone ?? '',
      project_scoped: b.projectScoped ?? false,
      must_change_password: true,
    });
    await appendAudit(trx, {
      actor,
      action: 'user.create',
      subjectType: 'user',
      subjectId: created,
      regionCode,
      after: userView(await loadUser(trx, actor, created)),
      details: { username: b.username, role: b.role, ...(b.projectScoped && { projectScoped: true }) },
    });
    return created;
  });
  return userView(await loadUser(db, actor, id));
}

/** A new user's jurisdiction: their authority's region, their enterprise's, or the one given — always inside the admin's own. */
async function resolveRegion(db: Kysely<DB>, actor: Actor, b: NewUser): Promise<string> {
  const regulator = isRegulator(b.role);
  if (regulator && !b.authorityId && b.role !== 'admin')
    throw validation('authorityId', 'A regulator account must belong to an authority');
  if (b.role === 'enterprise_manager' && !b.enterpriseId)
    throw validation('enterpriseId', 'An enterprise safety manager must be linked to an enterprise');
  if (b.projectScoped && b.role !== 'enterprise_manager')
    throw validation('projectScoped', "Only an enterprise's account can be a project account");
  if (b.role === 'worker' && !b.workerId)
    throw validation('workerId', 'A worker account must be linked to a worker record');
  let region = b.regionCode;
  if (b.authorityId) {
    const a = await authorityRegion(db, b.authorityId);
    if (a === undefined || !regionWithin(actor, a))
      throw validation('authorityId', 'No such authority in your jurisdiction');
    region = region ?? a;
    if (!region.startsWith(a))
      throw validation('regionCode', "The region must lie within the authority's region");
  }
  if (b.enterpriseId) {
    const e = await enterpriseRegion(db, b.enterpriseId);
    if (e === undefined || !regionWithin(actor, e))
      throw validation('enterpriseId', 'No such enterprise in your jurisdiction');
    region = e;
  }
  if (b.workerId) {
    const w = await workerRegion(db, b.workerId);
    if (w === undefined || !regionWithin(actor, w))
      throw validation('workerId', 'No such worker in your jurisdiction');
    region = w;
  }
  region = region ?? actor.regionCode;
  if (!regionWithin(actor, region)) throw validation('regionCode', 'The region is outside your jurisdiction');
  return region;
}
