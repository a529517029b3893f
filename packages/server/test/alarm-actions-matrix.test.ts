import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_STATUSES, CONSOLE_ALARM_ACTIONS, type AlarmStatus, type Role } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { readingEvent, registerDevice, sendEvents } from './helpers/devices.ts';

/**
 * What the console offers is what the server allows (issue 11): for every alarm status × role, each
 * action in the alarm's `allowedActions` succeeds through its endpoint, and every other action is
 * refused — 403 (the role may not) or 409 (not from this status), never a success and never a 5xx.
 * Alarms in each status are copies of one real alarm with the status (and what goes with it) set.
 */
let t: TestApp;
let w: World;
let template: string;
const cookies = new Map<Role, string>();
const ROLES: Role[] = ['admin', 'leader', 'inspector', 'duty_officer', 'enterprise_manager', 'worker'];
let copies = 0;

async function alarmIn(status: AlarmStatus): Promise<string> {
  copies++;
  const acknowledged = status !== 'new' && status !== 'escalated';
  const verdict = ['verified', 'dispatched'].includes(status)
    ? 'real'
    : status === 'false_positive'
      ? 'false_positive'
      : status === 'closed'
        ? 'real'
        : null;
  const { rows } = await sql<{ id: string }>`
    INSERT INTO alarms (number, device_id, rule_code, rule_version, incident_seq, type, severity, status,
      site_id, enterprise_id, project_id, equipment_id, region_code, first_event_at, last_event_at,
      event_count, facts, evidence, verdict, acknowledged_at, verified_at, escalated_at, closed_at)
    SELECT number || '-M' || ${copies}, device_id, rule_code, rule_version, 1000 + ${copies}, type, severity, ${status},
      site_id, enterprise_id, project_id, equipment_id, region_code, first_event_at, last_event_at,
      event_count, facts, evidence, ${verdict},
      CASE WHEN ${acknowledged} THEN now() END,
      CASE WHEN ${verdict}::text IS NOT NULL THEN now() END,
      CASE WHEN ${status} = 'escalated' THEN now() END,
      CASE WHEN ${status} = 'closed' THEN now() END
    FROM alarms WHERE id = ${template}
    RETURNING id`.execute(t.deps.database.db);
  return rows[0].id;
}

function perform(id: string, action: string, cookie: string) {
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/alarms/${id}${url}`, headers: { cookie }, payload });
  switch (action) {
    case 'dispatch':
      return post('/dispatch', { kind: 'hazard' });
    case 'enforce':
      return post('/enforcement', { documents: ['treatment_decision'], measures: ['立即停止作业'] });
    case 'hand_over':
      return post('/hand-over', { note: '请执法人员处理' });
    default:
      return post('/actions', { action });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.deps.database.db, t.deps.secrets, { county: '310116', tag: 'Matrix' });
  for (const role of ROLES) cookies.set(role, await login(t.app, w.users[role]));
  const dev = await registerDevice(t.app, cookies.get('inspector')!, {
    code: 'MX-GAS-1',
    name: '探测器',
    kind: 'combustible_gas_sensor',
    siteId: w.ids.site,
  });
  const base = Date.now() - 120_000;
  await sendEvents(
    t.app,
    dev.token,
    Array.from({ length: 8 }, (_, i) =>
      readingEvent(dev.code, `m-${i}`, new Date(base + i * 2000), { gas_lel: 40 }),
    ),
  );
  const list = await t.app.inject({
    url: `/api/alarms?deviceId=${dev.id}`,
    headers: { cookie: cookies.get('duty_officer')! },
  });
  template = list.json().items[0].id;
  expect(template).toBeTruthy();
});
afterAll(() => t?.close());

describe('offered actions = allowed actions, every status × role', () => {
  for (const status of ALARM_STATUSES)
    for (const role of ROLES)
      it(`${status} × ${role}`, async () => {
        const cookie = cookies.get(role)!;
        const probe = await alarmIn(status);
        const view = await t.app.inject({ url: `/api/alarms/${probe}`, headers: { cookie } });
        const offered: string[] = view.statusCode === 200 ? view.json().allowedActions : [];
        if (role === 'worker') expect([403, 404]).toContain(view.statusCode);
        else expect(view.statusCode, view.body).toBe(200);
        for (const action of CONSOLE_ALARM_ACTIONS) {
          if (offered.includes(action)) {
            const fresh = await alarmIn(status);
            const res = await perform(fresh, action, cookie);
            expect(res.statusCode, `${status} × ${role}: offered ${action} → ${res.body}`).toBe(200);
          } else {
            const res = await perform(probe, action, cookie);
            expect([403, 409], `${status} × ${role}: ${action} not offered → ${res.body}`).toContain(
              res.statusCode,
            );
            expect(['FORBIDDEN', 'ILLEGAL_TRANSITION']).toContain(res.json().error.code);
          }
        }
        // Refusals changed nothing.
        const after = await t.app.inject({
          url: `/api/alarms/${probe}`,
          headers: { cookie: cookies.get('admin')! },
        });
        expect(after.json().status).toBe(status);
      });

  it('the duty officer is offered the hand-over to an officer, not enforcement, and the officers are told', async () => {
    const id = await alarmIn('verified');
    const duty = cookies.get('duty_officer')!;
    const view = await t.app.inject({ url: `/api/alarms/${id}`, headers: { cookie: duty } });
    expect(view.json().allowedActions).toContain('hand_over');
    expect(view.json().allowedActions).not.toContain('enforce');
    const refused = await perform(id, 'enforce', duty);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/hand the alarm over/);
    const handed = await perform(id, 'hand_over', duty);
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().status).toBe('verified');
    const inspector = cookies.get('inspector')!;
    const notices = await t.app.inject({ url: '/api/notifications', headers: { cookie: inspector } });
    expect(
      notices.json().items.filter((n: any) => n.kind === 'alarm_hand_over' && n.link.includes(id)),
    ).toHaveLength(1);
    const history = await t.app.inject({ url: `/api/alarms/${id}/history`, headers: { cookie: duty } });
    expect(history.json().map((h: any) => h.action)).toContain('hand_over');
    // The officer then sees enforcement offered.
    const asOfficer = await t.app.inject({ url: `/api/alarms/${id}`, headers: { cookie: inspector } });
    expect(asOfficer.json().allowedActions).toContain('enforce');
  });

  it('dispatch goes through its own endpoint: /actions refuses it with a 400 naming the field', async () => {
    const id = await alarmIn('verified');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${id}/actions`,
      headers: { cookie: cookies.get('leader')! },
      payload: { action: 'dispatch' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('action');
  });
});
