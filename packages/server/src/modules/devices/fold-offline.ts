import { OPEN_ALARM_STATUSES, type AlarmRule } from '@redline/domain';
import type { Db } from '../../db/database.ts';
import { appendAudit } from '../../audit/chain.ts';
import type { DeviceInfo } from './device-cache.ts';
import { insertAlarmHistory, openSiteAlarmSince, setFoldedDevices } from './alarms-repo.ts';

/**
 * Offline alarms of one site fold on the server (issue 16): a site losing its network takes all its
 * devices offline at once, and one alarm "N devices offline" is what a duty officer has to handle.
 * When a device goes offline and an open alarm of the same offline rule at the same site began
 * within FOLD_WINDOW_MS, the device is attached to that alarm (its folded devices, the fact
 * DEVICES_OFFLINE naming them all, a history line and an audit entry) instead of raising its own.
 * The alarm stays the first device's incident, but its condition does not end when that device
 * returns (the others may still be offline; updateIncidentAlarm): the duty officer closes it.
 */
export const FOLD_WINDOW_MS = 5 * 60_000;

export const DEVICES_OFFLINE_FACT = 'DEVICES_OFFLINE';

interface Fact {
  code: string;
  params: Record<string, string | number>;
}

/** The alarm the device was folded into, or null when it raises its own. */
export async function foldOffline(
  trx: Db,
  p: { device: Pick<DeviceInfo, 'id' | 'code' | 'siteId'>; rule: Pick<AlarmRule, 'code' | 'trigger'> },
  at: Date,
): Promise<string | null> {
  if (p.rule.trigger.kind !== 'offline') return null;
  const open = await openSiteAlarmSince(trx, {
    siteId: p.device.siteId,
    ruleCode: p.rule.code,
    since: new Date(at.getTime() - FOLD_WINDOW_MS),
    statuses: OPEN_ALARM_STATUSES,
  });
  if (!open) return null;
  const folded = (
    typeof open.folded_devices === 'string' ? JSON.parse(open.folded_devices) : open.folded_devices
  ) as Array<{ id: string; code: string }>;
  if (open.device_id === p.device.id || folded.some((d) => d.id === p.device.id)) return open.id;
  const all = [...folded, { id: p.device.id, code: p.device.code }];
  const codes = [open.device_code, ...all.map((d) => d.code)];
  const facts = ((typeof open.facts === 'string' ? JSON.parse(open.facts) : open.facts) as Fact[]).filter(
    (f) => f.code !== DEVICES_OFFLINE_FACT,
  );
  facts.push({ code: DEVICES_OFFLINE_FACT, params: { count: codes.length, codes: codes.join('、') } });
  await setFoldedDevices(trx, open.id, all, facts, at);
  await insertAlarmHistory(trx, {
    alarm_id: open.id,
    action: 'device_folded',
    details: JSON.stringify({ deviceId: p.device.id, code: p.device.code, devices: codes.length }),
  });
  await appendAudit(trx, {
    actor: { system: 'alarm-clock' },
    action: 'alarm.fold',
    subjectType: 'alarm',
    subjectId: open.id,
    regionCode: open.region_code,
    after: { devices: codes },
    details: { number: open.number, device: p.device.code, devices: codes.length },
  });
  return open.id;
}
