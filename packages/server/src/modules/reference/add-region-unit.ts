import { validateUnitBelowCounty } from '@redline/domain';
import type { CreateRegionUnitBody } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import { regionWithin } from '../../auth/scope.ts';
import { appendAudit } from '../../audit/chain.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Db } from '../../db/database.ts';
import { conflict, validation } from '../../errors.ts';
import { findRegion, insertRegionUnit } from './repo.ts';

/**
 * An administrator adds a unit below a county (an industrial park, a new street): the code is the county's
 * followed by 3 digits, not taken; the county exists and lies in the administrator's jurisdiction.
 * One transaction with its audit entry (on the county's chain).
 */
export async function addRegionUnit(db: Db, actor: Actor, body: CreateRegionUnitBody, now: Date) {
  const zh = body.zh.trim();
  if (zh === '') throw validation('zh', '名称不能为空 / the name must not be blank');
  const checked = validateUnitBelowCounty(body.code, body.parentCode);
  if (!checked.ok)
    throw validation(checked.code === 'DIVISION_PARENT_LEVEL' ? 'parentCode' : 'code', checked.message);
  const code = checked.value;
  const parentCode = body.parentCode.trim();
  return inTransaction(db, async (trx) => {
    const parent = await findRegion(trx, parentCode);
    if (!parent || !regionWithin(actor, parentCode))
      throw validation(
        'parentCode',
        `No county ${parentCode} in your jurisdiction (${actor.regionCode || 'all'})`,
      );
    if (parent.level !== 'county')
      throw validation('parentCode', `${parentCode} ${parent.name_zh} is a ${parent.level}, not a county`);
    const taken = await findRegion(trx, code);
    if (taken)
      throw conflict(
        `代码 ${code} 已被 ${taken.name_zh} 使用 / code ${code} is already ${taken.name_zh}`,
        'code',
      );
    const row = {
      code,
      zh,
      en: body.en?.trim() ?? '',
      parent: parentCode,
      note: body.note?.trim() || null,
      addedBy: actor.userId,
      at: now,
    };
    await insertRegionUnit(trx, row);
    await appendAudit(trx, {
      actor,
      action: 'region.create',
      subjectType: 'region',
      subjectId: code,
      regionCode: code,
      after: { code, zh: row.zh, en: row.en, parentCode, note: row.note },
      at: now,
    });
    return code;
  });
}
