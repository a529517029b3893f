import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floorPercent, hazardFigures, reportHazard, type HazardState } from '@redline/domain';
import type { CampaignView, GroupProblem } from '@redline/contracts';
import { createTestApp, login, TODAY, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { JPEG_24x16 } from './helpers/images.ts';

/**
 * Campaigns with groups, their progress, and accountability actions (issue 14, part 3): every figure
 * is checked against the source rows (hazard states through the domain's hazardFigures), bad input is
 * a 4xx naming the field, and a record of another jurisdiction answers like a missing one.
 */
let t: TestApp;
let a: World;
let b: World;
const cookie: Record<string, string> = {};
const uid: Record<string, string> = {};
let n = 0;

const db = () => t.deps.database.db;
async function call(who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { cookie: cookie[who]! },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

/** An inspection row as the inspections feature leaves it (fixture: team, target, times). */
async function inspection(
  w: World,
  o: { status?: string; by: string[]; startedAt: Date; groupId?: string; target?: 'enterprise' | 'project' },
) {
  const e = await db()
    .selectFrom('enterprises')
    .select(['region_code', 'name'])
    .where('id', '=', w.ids.enterprise)
    .executeTakeFirstOrThrow();
  const project = o.target === 'project';
  const row = await db()
    .insertInto('inspections')
    .values({
      number: `JC-T-${++n}-${randomUUID().slice(0, 6)}`,
      kind: 'routine',
      status: (o.status ?? 'finished') as 'finished',
      region_code: e.region_code,
      home_region_code: e.region_code,
      target_kind: project ? 'project' : 'enterprise',
      // A project inspection carries the project's general contractor (here the world's enterprise).
      enterprise_id: w.ids.enterprise,
      project_id: project ? w.ids.project : null,
      target: JSON.stringify({ name: e.name, address: '', principal: '' }),
      group_id: o.groupId ?? null,
      started_at: o.startedAt,
      created_at: o.startedAt,
      created_by: o.by[0]!,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('inspection_members')
    .values(
      o.by.map((user_id, i) => ({
        inspection_id: row.id,
        user_id,
        role: i === 0 ? ('leader' as const) : ('member' as const),
        display_name: 'x',
        home_region_code: e.region_code,
      })),
    )
    .execute();
  return row.id;
}

/** A hazard of an inspection in a given state; its columns and its domain state agree. */
async function hazard(
  w: World,
  inspectionId: string,
  status: 'reported' | 'rejected' | 'closed' | 'rectification_ordered',
  deadline?: Date,
) {
  const id = await createHazard(db(), w);
  const base = reportHazard(
    { grade: 'general' },
    {
      now: new Date().toISOString(),
      actor: { id: uid.aInspector!, role: 'inspector', authorityId: w.authorityId },
    },
  ).state;
  const state: HazardState = {
    ...base,
    status,
    deadline: deadline ? deadline.toISOString() : null,
    closure:
      status === 'closed' ? { at: new Date().toISOString(), by: uid.aInspector!, via: 'on_spot' } : null,
  } as HazardState;
  await db()
    .updateTable('hazards')
    .set({ inspection_id: inspectionId, status, deadline: deadline ?? null, state: JSON.stringify(state) })
    .where('id', '=', id)
    .execute();
  return { id, state };
}

const day = 86_400_000;
const inPeriod = new Date(`${TODAY}T02:00:00Z`);
const campaignInput = {
  name: '金山区2026年冬季安全生产督导检查',
  kind: 'special',
  startsOn: '2026-11-01',
  endsOn: '2026-12-31',
  description: '聚焦有限空间、动火作业',
};

let campaign: CampaignView;
let supGroupId: string;
let insGroupId: string;
const states: HazardState[] = [];
const groupHazards: string[] = [];
let inCampaign: string[] = [];
let outside: string[] = [];
let foreignHazard: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(db(), t.deps.secrets, { county: '310116', town: '310116501', tag: 'Jinshan' });
  b = await createWorld(db(), t.deps.secrets, { county: '150602', tag: 'Dongsheng' });
  for (const [w, p] of [
    [a, 'a'],
    [b, 'b'],
  ] as const) {
    for (const role of [
      'admin',
      'leader',
      'inspector',
      'duty_officer',
      'enterprise_manager',
      'worker',
    ] as const) {
      const key = `${p}${role[0]!.toUpperCase()}${role.slice(1)}`;
      cookie[key] = await login(t.app, w.users[role]);
      uid[key] = (
        await db()
          .selectFrom('users')
          .select('id')
          .where('username', '=', w.users[role])
          .executeTakeFirstOrThrow()
      ).id;
    }
    uid[`${p}Co`] = (
      await db()
        .selectFrom('users')
        .select('id')
        .where('username', '=', w.coInspector)
        .executeTakeFirstOrThrow()
    ).id;
  }
  // What the inspector did before the groups were set up: two finished inspections in the period
  // (one of the enterprise, one of its project), one in progress, one before the period, and one
  // by someone outside the group.
  inCampaign = [
    await inspection(a, { by: [uid.aInspector!], startedAt: inPeriod }),
    await inspection(a, {
      by: [uid.aInspector!],
      startedAt: new Date(inPeriod.getTime() - 3 * day),
      target: 'project',
    }),
    await inspection(a, { by: [uid.aInspector!], startedAt: inPeriod, status: 'in_progress' }),
  ];
  outside = [
    await inspection(a, { by: [uid.aInspector!], startedAt: new Date('2026-10-15T02:00:00Z') }),
    await inspection(a, { by: [uid.aCo!], startedAt: inPeriod }),
  ];
  const past = new Date(Date.now() - 2 * day);
  const future = new Date(Date.now() + 20 * day);
  for (const [i, status, deadline] of [
    [0, 'reported', undefined],
    [0, 'rejected', undefined],
    [0, 'closed', undefined],
    [1, 'rectification_ordered', past],
    [1, 'rectification_ordered', future],
  ] as const) {
    const h = await hazard(a, inCampaign[i]!, status, deadline);
    states.push(h.state);
    groupHazards.push(h.id);
  }
  // A hazard of an inspection outside the group: counted nowhere.
  await hazard(a, outside[1]!, 'rectification_ordered', past);
  const bIns = await inspection(b, { by: [uid.bInspector!], startedAt: inPeriod });
  foreignHazard = (await hazard(b, bIns, 'reported')).id;
});
afterAll(() => t?.close());

describe('campaigns', () => {
  it('refuses bad campaigns with the field named', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ ...campaignInput, endsOn: '2026-10-01' }, 400, 'endsOn'],
      [{ ...campaignInput, regionCode: '150602' }, 400, 'regionCode'],
      [{ ...campaignInput, regionCode: '310116999' }, 400, 'regionCode'],
      [{ ...campaignInput, kind: 'festival' }, 400, 'kind'],
      [{ ...campaignInput, extra: 1 }, 400, ''],
    ];
    for (const [body, status, field] of cases) {
      const res = await call('aLeader', 'POST', '/api/campaigns', body);
      expect(res.statusCode, res.body).toBe(status);
      if (field) expect(res.json().error.field ?? '', res.body).toContain(field);
      expect(res.json().error.message.length).toBeGreaterThan(5);
    }
    const inspector = await call('aInspector', 'POST', '/api/campaigns', campaignInput);
    expect(inspector.statusCode).toBe(403);
    expect(inspector.json().error.message).toMatch(/may not create campaign/);
  });

  it('sets up a campaign with a supervision group and an inspection group; what their people did counts', async () => {
    const res = await call('aLeader', 'POST', '/api/campaigns', campaignInput);
    expect(res.statusCode, res.body).toBe(201);
    campaign = res.json();
    expect(campaign).toMatchObject({ status: 'open', regionCode: '310116', groups: [], groupCount: 0 });

    const sup = await call('aLeader', 'POST', `/api/campaigns/${campaign.id}/groups`, {
      name: '第一督导组',
      kind: 'supervision',
      leaderId: uid.aLeader,
      memberIds: [uid.aInspector],
      tasks: '督导有限空间作业专项整治',
      targets: [{ kind: 'enterprise', id: a.ids.enterprise }],
    });
    expect(sup.statusCode, sup.body).toBe(201);
    supGroupId = sup.json().id;
    expect(sup.json()).toMatchObject({
      campaignId: campaign.id,
      startsOn: '2026-11-01',
      endsOn: '2026-12-31',
      targets: [{ id: a.ids.enterprise, inspected: true }],
    });
    const linked = await db()
      .selectFrom('inspections')
      .select('id')
      .where('group_id', '=', supGroupId)
      .execute();
    expect(linked.map((r) => r.id).sort()).toEqual([...inCampaign].sort());

    const ins = await call('aLeader', 'POST', `/api/campaigns/${campaign.id}/groups`, {
      name: '第一检查组',
      kind: 'inspection',
      leaderId: uid.aCo,
      memberIds: [],
      assignedRegions: ['310116501'],
      startsOn: '2026-11-15',
    });
    expect(ins.statusCode, ins.body).toBe(201);
    insGroupId = ins.json().id;
    expect(ins.json().assignedRegions).toEqual([{ code: '310116501', name: expect.any(String) }]);
    // The co-inspector's inspection in the period, in the assigned town, is the inspection group's;
    // the one before the period stays in no group.
    const rows = await db()
      .selectFrom('inspections')
      .select(['id', 'group_id'])
      .where('id', 'in', outside)
      .execute();
    expect(rows.find((r) => r.id === outside[1])!.group_id).toBe(insGroupId);
    expect(rows.find((r) => r.id === outside[0])!.group_id).toBeNull();
  });

  it('refuses bad groups with the field named', async () => {
    const base = { name: '第二督导组', kind: 'supervision', leaderId: uid.aLeader, memberIds: [] };
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...base, endsOn: '2027-01-15' }, 'endsOn', /campaign's/],
      [{ ...base, startsOn: '2026-10-01' }, 'startsOn', /campaign's/],
      [{ ...base, assignedRegions: ['150602'] }, 'assignedRegions.0', /outside/],
      [{ ...base, assignedRegions: ['310116998'] }, 'assignedRegions.0', /No division/],
      [{ ...base, leaderId: uid.bLeader }, 'leaderId', /No such active user/],
      [{ ...base, leaderId: randomUUID() }, 'leaderId', /No such active user/],
      [
        { ...base, targets: [{ kind: 'enterprise', id: b.ids.enterprise }] },
        'targets.0.id',
        /No such target/,
      ],
      [{ ...base, regionCode: '150602' }, 'regionCode', /campaign's jurisdiction/],
    ];
    for (const [body, field, message] of cases) {
      const res = await call('aLeader', 'POST', `/api/campaigns/${campaign.id}/groups`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field, res.body).toBe(field);
      expect(res.json().error.message).toMatch(message);
    }
    // A foreign leader answers exactly like a random id (no name, no existence given away).
    const foreign = await call('aLeader', 'POST', `/api/campaigns/${campaign.id}/groups`, {
      ...base,
      leaderId: uid.bLeader,
    });
    const random = await call('aLeader', 'POST', `/api/campaigns/${campaign.id}/groups`, {
      ...base,
      leaderId: randomUUID(),
    });
    expect(foreign.body).toBe(random.body);
  });

  it('progress per group and per campaign equals the counts of the source rows', async () => {
    const res = await call('aInspector', 'GET', `/api/campaigns/${campaign.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const view: CampaignView = res.json();
    const f = hazardFigures(states, new Date().toISOString());
    const sup = view.groups.find((g) => g.id === supGroupId)!;
    expect(sup.progress).toEqual({
      targetsAssigned: 1,
      assignedInspected: 1,
      targetsInspected: 2, // the enterprise and its project, each with a finished inspection
      inspections: 3,
      inspectionsFinished: 2,
      problemsFound: f.found,
      rectified: f.closed,
      overdue: f.overdue,
      coveragePercent: '100.0',
      rectifiedPercent: floorPercent(f.closed, f.found),
    });
    expect([f.found, f.closed, f.overdue]).toEqual([4, 1, 1]);
    expect(sup.progress.rectifiedPercent).toBe('25.0');
    const ins = view.groups.find((g) => g.id === insGroupId)!;
    expect(ins.progress).toMatchObject({
      inspections: 1,
      inspectionsFinished: 1,
      problemsFound: 1,
      overdue: 1,
      rectified: 0,
    });
    expect(ins.progress.rectifiedPercent).toBe('0.0');
    expect(view.progress).toMatchObject({
      targetsAssigned: 1,
      inspections: 4,
      problemsFound: f.found + 1,
      rectified: f.closed,
      overdue: f.overdue + 1,
    });
    // Supervision groups come first.
    expect(view.groups.map((g) => g.kind)).toEqual(['supervision', 'inspection']);
  });

  it("lists a group's problems by key, newest first, every one once", async () => {
    const seen: GroupProblem[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(
        'aInspector',
        'GET',
        `/api/campaign-groups/${supGroupId}/problems?pageSize=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.map((p) => p.id).sort()).toEqual([...groupHazards].sort());
    expect(seen.filter((p) => p.overdue)).toHaveLength(1);
    const overdue = await call(
      'aInspector',
      'GET',
      `/api/campaign-groups/${supGroupId}/problems?overdue=true`,
    );
    expect(overdue.json().total).toBe(1);
    const bad = await call('aInspector', 'GET', `/api/campaign-groups/${supGroupId}/problems?cursor=abc`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
    const inspections = await call('aInspector', 'GET', `/api/campaign-groups/${supGroupId}/inspections`);
    expect(
      inspections
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([...inCampaign].sort());
  });

  it('edits a group through the same checks, and attaches a task book file', async () => {
    const res = await call('aLeader', 'PATCH', `/api/campaign-groups/${supGroupId}`, {
      name: '第一督导组（调整）',
      memberIds: [uid.aInspector, uid.aCo],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe('第一督导组（调整）');
    expect(res.json().members.map((m: { userId: string }) => m.userId)).toEqual([uid.aInspector, uid.aCo]);
    // The targets and figures are kept.
    expect(res.json().progress.problemsFound).toBe(4);
    const bad = await call('aLeader', 'PATCH', `/api/campaign-groups/${supGroupId}`, {
      memberIds: [uid.bInspector],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('memberIds.0');
    const inspector = await call('aInspector', 'PATCH', `/api/campaign-groups/${supGroupId}`, {
      name: '改名',
    });
    expect(inspector.statusCode).toBe(403);

    const boundary = '----tb';
    const upload = await t.app.inject({
      method: 'POST',
      url: `/api/campaign-groups/${supGroupId}/task-book`,
      headers: { cookie: cookie.aLeader!, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="任务书.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        JPEG_24x16,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const fileId = upload.json().id;
    const group = (await call('aInspector', 'GET', `/api/campaign-groups/${supGroupId}`)).json();
    expect(group.taskBookFile).toMatchObject({ id: fileId, name: '任务书.jpg' });
    expect((await call('aInspector', 'GET', `/api/files/${fileId}`)).statusCode).toBe(200);
    expect((await call('bLeader', 'GET', `/api/files/${fileId}`)).statusCode).toBe(404);
  });
});

describe('accountability actions', () => {
  let interviewId: string;
  const interview = () => ({
    kind: 'interview',
    targetKind: 'enterprise',
    enterpriseId: a.ids.enterprise,
    groupId: supGroupId,
    hazardIds: [groupHazards[3]],
    title: '关于限期整改逾期未完成的约谈',
    reason: '督导检查发现的事故隐患逾期未整改',
    heldAt: new Date(Date.now() - 3600_000).toISOString(),
    place: '区应急管理局三楼会议室',
    attendees: [
      { name: '王建国', unit: '企业', role: '主要负责人' },
      { name: '李明', unit: '区应急管理局', role: '约谈人' },
    ],
    minutes: '企业主要负责人承诺十日内完成整改并书面报告。',
    deadline: '2026-12-20',
  });

  it('records an interview linked to a group problem, audited, and lists it on the enterprise', async () => {
    const res = await call('aInspector', 'POST', '/api/accountability-actions', interview());
    expect(res.statusCode, res.body).toBe(201);
    const x = res.json();
    interviewId = x.id;
    expect(x).toMatchObject({
      kind: 'interview',
      status: 'open',
      enterpriseId: a.ids.enterprise,
      groupId: supGroupId,
      campaignId: campaign.id,
      hazards: [{ id: groupHazards[3] }],
      allowedSteps: ['follow_up'],
    });
    expect(x.attendees).toHaveLength(2);
    const audit = await db()
      .selectFrom('audit_entries')
      .select(['action'])
      .where('subject_id', '=', x.id)
      .execute();
    expect(audit.map((r) => r.action)).toEqual(['accountability.created']);
    const list = await call('aLeader', 'GET', `/api/accountability-actions?enterpriseId=${a.ids.enterprise}`);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(x.id);
    const problems = (
      await call('aLeader', 'GET', `/api/campaign-groups/${supGroupId}/problems?overdue=true`)
    ).json();
    expect(problems.items[0].actionCount).toBe(1);
    const view = (await call('aLeader', 'GET', `/api/campaigns/${campaign.id}`)).json();
    expect(view.accountabilityCount).toBe(1);
  });

  it('refuses bad actions with the field named; foreign records answer like missing ones', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ minutes: '' }, 'minutes', /minutes/],
      [{ attendees: [{ name: '王建国', unit: '', role: '' }] }, 'attendees', /attendees/],
      [{ heldAt: undefined }, 'heldAt', /time it was held/],
      [{ heldAt: new Date(Date.now() + 3 * day).toISOString() }, 'heldAt', /future/],
      [{ deadline: '2026-01-01' }, 'deadline', /passed/],
      [{ hazardIds: [foreignHazard] }, 'hazardIds.0', /No such hazard/],
      [{ hazardIds: [randomUUID()] }, 'hazardIds.0', /No such hazard/],
      [{ hazardIds: [groupHazards[1]] }, 'hazardIds.0', /rejected/],
      [{ enterpriseId: b.ids.enterprise }, 'enterpriseId', /No such enterprise/],
      [{ groupId: randomUUID() }, 'groupId', /No such campaign group/],
      [{ targetKind: 'person' }, 'personName', /responsible person/],
      [{ targetKind: 'person', personName: '张三', authorityId: a.authorityId }, 'enterpriseId', /either/],
      [
        { targetKind: 'authority', enterpriseId: undefined, authorityId: b.authorityId },
        'authorityId',
        /No such authority/,
      ],
      [{ hazardIds: [] }, 'hazardIds', /./],
    ];
    for (const [patch, field, message] of cases) {
      const res = await call('aInspector', 'POST', '/api/accountability-actions', {
        ...interview(),
        ...patch,
      });
      expect(res.statusCode, `${JSON.stringify(patch)} → ${res.body}`).toBe(400);
      expect(res.json().error.field ?? '', res.body).toContain(field);
      expect(res.json().error.message).toMatch(message);
    }
    // A hazard of the jurisdiction but not found by the chosen group.
    const other = await call('aInspector', 'POST', '/api/accountability-actions', {
      ...interview(),
      groupId: insGroupId,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.message).toMatch(/not found by an inspection of the chosen group/);
    const foreign = await call('aInspector', 'POST', '/api/accountability-actions', {
      ...interview(),
      hazardIds: [foreignHazard],
    });
    const random = await call('aInspector', 'POST', '/api/accountability-actions', {
      ...interview(),
      hazardIds: [randomUUID()],
    });
    expect(foreign.body).toBe(random.body);
    const manager = await call('aEnterprise_manager', 'POST', '/api/accountability-actions', interview());
    expect(manager.statusCode).toBe(403);
  });

  it('follows up, closes (leaders only), and refuses entries on a closed action', async () => {
    const f = await call('aInspector', 'POST', `/api/accountability-actions/${interviewId}/follow-ups`, {
      note: '已现场复核，企业正在整改',
    });
    expect(f.statusCode, f.body).toBe(201);
    expect(f.json()).toMatchObject({ status: 'followed_up', followUps: [{ statusAfter: 'followed_up' }] });
    const inspectorClose = await call(
      'aInspector',
      'POST',
      `/api/accountability-actions/${interviewId}/follow-ups`,
      {
        note: '整改完成',
        close: true,
      },
    );
    expect(inspectorClose.statusCode).toBe(403);
    const close = await call('aLeader', 'POST', `/api/accountability-actions/${interviewId}/follow-ups`, {
      note: '整改完成，复查合格，办结',
      close: true,
    });
    expect(close.statusCode, close.body).toBe(201);
    expect(close.json()).toMatchObject({ status: 'closed', allowedSteps: [] });
    expect(close.json().followUps).toHaveLength(2);
    const again = await call('aLeader', 'POST', `/api/accountability-actions/${interviewId}/follow-ups`, {
      note: '再次跟进',
    });
    expect(again.statusCode).toBe(409);
    const short = await call('aLeader', 'POST', `/api/accountability-actions/${interviewId}/follow-ups`, {
      note: 'x',
    });
    expect(short.statusCode).toBe(400);
  });

  it('shows the enterprise its interviews but not proposals for accountability', async () => {
    const proposal = await call('aLeader', 'POST', '/api/accountability-actions', {
      ...interview(),
      kind: 'proposal',
      targetKind: 'person',
      personName: '赵六',
      personTitle: '安全管理人员',
      heldAt: undefined,
      attendees: undefined,
      minutes: undefined,
      title: '建议对安全管理人员问责',
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    expect(proposal.json().targetName).toMatch(/^赵六（安全管理人员） · /);
    const own = await call(
      'aEnterprise_manager',
      'GET',
      `/api/accountability-actions?enterpriseId=${a.ids.enterprise}`,
    );
    expect(own.statusCode).toBe(200);
    const ids = own.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(interviewId);
    expect(ids).not.toContain(proposal.json().id);
    expect(
      (await call('aEnterprise_manager', 'GET', `/api/accountability-actions/${proposal.json().id}`))
        .statusCode,
    ).toBe(404);
    // The supervision file (its timeline and PDF) carries them the same way.
    const fileOf = async (who: string) =>
      (await call(who, 'GET', `/api/supervision-file/enterprise/${a.ids.enterprise}`))
        .json()
        .entries.filter((e: { kind: string }) => e.kind === 'accountability')
        .map((e: { subjectId: string; title: string }) => [e.subjectId, e.title]);
    expect(await fileOf('aLeader')).toEqual(
      expect.arrayContaining([
        [interviewId, expect.stringMatching(/^约谈：/)],
        [proposal.json().id, expect.stringMatching(/^问责建议：/)],
      ]),
    );
    expect((await fileOf('aEnterprise_manager')).map((e: string[]) => e[0])).toEqual([interviewId]);
    expect((await call('bLeader', 'GET', `/api/accountability-actions/${interviewId}`)).statusCode).toBe(404);
    expect((await call('bLeader', 'GET', '/api/accountability-actions')).json().items).toHaveLength(0);
  });
});

describe('closing', () => {
  it('closes a group, then the campaign with its other groups; closed ones take no change', async () => {
    const g = await call('aLeader', 'POST', `/api/campaign-groups/${insGroupId}/close`, { note: '任务完成' });
    expect(g.statusCode, g.body).toBe(200);
    expect(g.json().closedAt).not.toBeNull();
    expect(
      (await call('aLeader', 'PATCH', `/api/campaign-groups/${insGroupId}`, { name: '再改' })).statusCode,
    ).toBe(409);
    expect((await call('aLeader', 'POST', `/api/campaign-groups/${insGroupId}/close`, {})).statusCode).toBe(
      409,
    );
    // A closed group takes no new inspection.
    const inspection = await call('aLeader', 'POST', '/api/inspections', {
      kind: 'group',
      groupId: insGroupId,
      targetKind: 'enterprise',
      targetId: a.ids.enterprise,
      itemIds: [randomUUID()],
    });
    expect(inspection.statusCode, inspection.body).toBe(400);
    expect(inspection.json().error).toMatchObject({
      field: 'groupId',
      message: expect.stringMatching(/closed/),
    });
    const c = await call('aLeader', 'POST', `/api/campaigns/${campaign.id}/close`, { note: '活动结束' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'closed', closingNote: '活动结束' });
    expect(c.json().groups.every((x: { closedAt: string | null }) => x.closedAt)).toBe(true);
    const add = await call('aLeader', 'POST', `/api/campaigns/${campaign.id}/groups`, {
      name: '第三组',
      kind: 'inspection',
      leaderId: uid.aLeader,
      memberIds: [],
    });
    expect(add.statusCode).toBe(409);
    // The figures stay readable after closing.
    expect(c.json().progress.problemsFound).toBe(5);
    const list = await call('aLeader', 'GET', '/api/campaigns?status=closed');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(campaign.id);
    expect((await call('aLeader', 'GET', '/api/campaigns?status=open')).json().items).toHaveLength(0);
  });
});
