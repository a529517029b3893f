import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_TYPE_NAMES } from '@redline/contracts';
import { ATTENDANCE_TOLERANCE_SECONDS } from '@redline/domain';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import {
  addSite,
  addWorker,
  at8,
  recentWorkingHour,
  registerDevice,
  sendEvents,
  weldingEvent,
} from './helpers/devices.ts';

/**
 * Issue 11, cross-checks that cannot be fooled by a colleague: a special operation seen by a camera
 * is checked person by person against attendance and certificates, through the real ingest (HTTP),
 * and the drafted documents name an external worker's employer.
 */
let t: TestApp;
let a: World;
let contractor: World;
let contractorName: string;
let ownName: string;
let inspector: string;
let duty: string;
let seq = 0;
const when = recentWorkingHour(10);
const VALID = {
  category: 'EM-02',
  issuedOn: '2024-01-10',
  expiresOn: '2030-01-09',
  nextReviewOn: '2027-01-10',
};

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  // Another enterprise in the same town: the employer of the external welders.
  contractor = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Waibao',
  });
  const nameOf = async (id: string) =>
    (
      await t.deps.database.db
        .selectFrom('enterprises')
        .select('name')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).name;
  contractorName = await nameOf(contractor.ids.enterprise);
  ownName = await nameOf(a.ids.enterprise);
  inspector = await login(t.app, a.users.inspector);
  duty = await login(t.app, a.users.duty_officer);
}, 120_000);
afterAll(() => t?.close());

/** A new site with a camera, so every case has its own incident. */
async function place(name: string, kind = 'welding_shop') {
  const n = ++seq;
  const site = await addSite(t.deps.database.db, {
    enterpriseId: a.ids.enterprise,
    regionCode: '310116501',
    name,
    kind,
  });
  const cam = await registerDevice(t.app, inspector, {
    code: `JS-CAM-SO${n}`,
    name: `${name}摄像机`,
    kind: 'ai_camera',
    siteId: site,
  });
  return { site, cam };
}

async function worker(
  name: string,
  opts: {
    trade?: string;
    employer?: 'own' | 'contractor';
    certificate?: { category: string; issuedOn: string; expiresOn: string; nextReviewOn?: string | null };
  } = {},
) {
  return addWorker(t.deps.database.db, t.deps.secrets, {
    enterpriseId: opts.employer === 'contractor' ? contractor.ids.enterprise : a.ids.enterprise,
    regionCode: '310116501',
    name,
    trade: opts.trade ?? 'welder',
    certificate: opts.certificate,
  });
}

async function checkIn(site: string, workerId: string, at: Date) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/sites/${site}/attendance`,
    headers: { cookie: inspector },
    payload: { workerId, direction: 'in', at: at.toISOString() },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const detection = (deviceCode: string, eventId: string, time: Date, type: string) => ({
  schema: 'redline.event/1',
  eventId,
  deviceId: deviceCode,
  time: at8(time),
  type: 'detection',
  detections: [{ type, confidence: 0.9 }],
});

async function alarmsOf(deviceId: string) {
  const res = await t.app.inject({
    url: `/api/alarms?pageSize=50&deviceId=${deviceId}`,
    headers: { cookie: duty },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<any>;
}

const namedIn = (alarm: any) =>
  alarm.crossCheck.facts
    .filter((f: any) => f.code === 'UNCERTIFIED_ON_DUTY')
    .map((f: any) => f.params.worker);

const hourBefore = new Date(when.getTime() - 3_600_000);

describe('welding seen: each person on duty for it must hold a certificate', () => {
  it('a certified welder and an uncertified contractor on duty together → one alarm naming the contractor and his employer', async () => {
    const { site, cam } = await place('一号焊接车间');
    const certified = await worker('张持证', { certificate: VALID });
    const uncertified = await worker('李外包', { employer: 'contractor' });
    await checkIn(site, certified, hourBefore);
    await checkIn(site, uncertified, hourBefore);
    const res = await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'so-1', when)]);
    expect(res.json(), res.body).toMatchObject({ accepted: 1 });

    const alarms = await alarmsOf(cam.id);
    expect(alarms).toHaveLength(1);
    const [alarm] = alarms;
    expect(alarm).toMatchObject({ type: 'uncertified_special_operation', severity: 'high' });
    expect(alarm.crossCheck.verdict).toBe('violation');
    expect(namedIn(alarm)).toEqual(['李外包']);
    expect(alarm.crossCheck.facts).toContainEqual({
      code: 'UNCERTIFIED_ON_DUTY',
      params: expect.objectContaining({
        worker: '李外包',
        workerId: uncertified,
        employer: contractorName,
        employerId: contractor.ids.enterprise,
        externalEmployer: 1,
      }),
    });

    // The documents drafted from it name him and his employer (not the enterprise supervised).
    const preview = await t.app.inject({
      url: `/api/alarms/${alarm.id}/enforcement`,
      headers: { cookie: inspector },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const drafts = preview.json().drafts as Array<any>;
    const decision = drafts.find((d) => d.kind === 'treatment_decision');
    const order = drafts.find((d) => d.kind === 'rectification_order');
    const employerLine = `李外包（焊工，用人单位：${contractorName}，非被检查单位人员）`;
    expect(decision.fields.findingsText).toContain(employerLine);
    expect(decision.fields.findingsText).toContain('在岗从事焊接作业，未持有效的焊接与热切割作业操作证');
    expect(order.fields.hazards[0].descriptionSuffix).toContain(employerLine);
    expect(order.fields.subjectName).toBe(ownName);
    // the certified colleague is not accused
    expect(decision.fields.findingsText).not.toMatch(/张持证[^；]*未持/);
  });

  it('several uncertified on duty → all named in one alarm', async () => {
    const { site, cam } = await place('二号焊接车间');
    for (const [name, opts] of [
      ['王一', {}],
      ['王二', { certificate: VALID }],
      ['王三', { employer: 'contractor' as const }],
      [
        '王四',
        {
          certificate: {
            category: 'EM-02',
            issuedOn: '2018-01-10',
            expiresOn: '2024-01-09',
            nextReviewOn: null,
          },
        },
      ],
    ] as const)
      await checkIn(site, await worker(name, opts as never), hourBefore);
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'so-2', when)]);
    const alarms = await alarmsOf(cam.id);
    expect(alarms).toHaveLength(1);
    expect(namedIn(alarms[0]).sort()).toEqual(['王一', '王三', '王四'].sort());
  });

  it('everyone on duty for welding certified, a labourer beside them → no alarm', async () => {
    const { site, cam } = await place('三号焊接车间');
    await checkIn(site, await worker('赵持证', { certificate: VALID }), hourBefore);
    await checkIn(site, await worker('赵普工', { trade: 'labourer' }), hourBefore);
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'so-3', when)]);
    expect(await alarmsOf(cam.id)).toHaveLength(0);
  });
});

describe('who cannot be named: its own, lower-severity finding', () => {
  it('nobody on duty → an "unattributed special operation" alarm, medium, verdict unknown', async () => {
    const { cam } = await place('四号焊接车间');
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'so-4', when)]);
    const alarms = await alarmsOf(cam.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ type: 'unattributed_special_operation', severity: 'medium' });
    expect(alarms[0].crossCheck.verdict).toBe('unknown');
    expect(alarms[0].crossCheck.facts.map((f: any) => f.code)).toEqual([
      'SPECIAL_OPERATION',
      'NOBODY_ON_DUTY',
      'CANNOT_ATTRIBUTE',
    ]);
    expect(ALARM_TYPE_NAMES.unattributed_special_operation).toBe('特种作业人员待核实');
    const preview = await t.app.inject({
      url: `/api/alarms/${alarms[0].id}/enforcement`,
      headers: { cookie: inspector },
    });
    const order = (preview.json().drafts as Array<any>).find((d) => d.kind === 'rectification_order');
    expect(order.fields.hazards[0]).toMatchObject({
      title: '监测到焊接作业，无法确认作业人员及其持证情况',
      gradeText: '一般',
    });
  });

  it('two labourers on duty, nobody for welding → several candidates, not named', async () => {
    const { site, cam } = await place('五号焊接车间');
    await checkIn(site, await worker('钱普工', { trade: 'labourer' }), hourBefore);
    await checkIn(site, await worker('孙操作', { trade: 'operator' }), hourBefore);
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'so-5', when)]);
    const [alarm] = await alarmsOf(cam.id);
    expect(alarm.type).toBe('unattributed_special_operation');
    expect(namedIn(alarm)).toEqual([]);
    expect(alarm.crossCheck.facts.at(-1)).toEqual({
      code: 'CANNOT_ATTRIBUTE',
      params: { reason: 'several_candidates', operationName: '焊接作业', candidates: 2 },
    });
  });
});

describe('attendance against event time, with the stated tolerance', () => {
  it('a check-in in the same second as the event (milliseconds later) counts', async () => {
    const { site, cam } = await place('六号焊接车间');
    const welder = await worker('周同秒');
    // The camera says 10:00:00; the check-in was recorded at 10:00:00.400.
    await checkIn(site, welder, new Date(when.getTime() + 400));
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'so-6', when)]);
    const [alarm] = await alarmsOf(cam.id);
    expect(alarm.type).toBe('uncertified_special_operation');
    expect(namedIn(alarm)).toEqual(['周同秒']);
    expect(alarm.crossCheck.facts[0].params.toleranceSeconds).toBe(ATTENDANCE_TOLERANCE_SECONDS);
  });

  it('a check-in beyond the tolerance after the event does not count', async () => {
    const { site, cam } = await place('七号焊接车间');
    const welder = await worker('吴迟到');
    await checkIn(site, welder, new Date(when.getTime() + (ATTENDANCE_TOLERANCE_SECONDS + 5) * 1000));
    await sendEvents(t.app, cam.token, [weldingEvent(cam.code, 'so-7', when)]);
    const [alarm] = await alarmsOf(cam.id);
    expect(alarm.type).toBe('unattributed_special_operation');
  });
});

describe('the other special operations', () => {
  it('hot cutting: a certified and an uncertified cutter together → the uncertified one named', async () => {
    const { site, cam } = await place('切割区');
    await checkIn(site, await worker('郑持证', { certificate: VALID }), hourBefore);
    await checkIn(site, await worker('冯无证', { employer: 'contractor' }), hourBefore);
    await sendEvents(t.app, cam.token, [detection(cam.code, 'so-8', when, 'hot_cutting')]);
    const alarms = await alarmsOf(cam.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      type: 'uncertified_special_operation',
      rule: { code: 'hot-cutting-uncertified' },
    });
    expect(namedIn(alarms[0])).toEqual(['冯无证']);
    expect(alarms[0].crossCheck.facts[0].params).toMatchObject({ operation: 'hot_cutting' });
  });

  it('work at height: a scaffolder with HS-02 and one without → the one without named; a welder there is not', async () => {
    const { site, cam } = await place('外架区', 'scaffold');
    await checkIn(
      site,
      await worker('陈架子', {
        trade: 'scaffolder',
        certificate: {
          category: 'HS-02',
          issuedOn: '2025-06-01',
          expiresOn: '2027-05-31',
          nextReviewOn: null,
        },
      }),
      hourBefore,
    );
    await checkIn(site, await worker('褚架子', { trade: 'scaffolder' }), hourBefore);
    await checkIn(site, await worker('卫焊工', { certificate: VALID }), hourBefore);
    await sendEvents(t.app, cam.token, [detection(cam.code, 'so-9', when, 'work_at_height')]);
    const alarms = await alarmsOf(cam.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0].rule.code).toBe('height-uncertified');
    expect(namedIn(alarms[0])).toEqual(['褚架子']);
    const preview = await t.app.inject({
      url: `/api/alarms/${alarms[0].id}/enforcement`,
      headers: { cookie: inspector },
    });
    const order = (preview.json().drafts as Array<any>).find((d) => d.kind === 'rectification_order');
    expect(order.fields.hazards[0].title).toBe('特种作业人员未取得相应资格从事高处作业');
  });
});
