import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  ALARM_SEVERITIES,
  ALARM_SEVERITY_NAMES,
  ALARM_STATUSES,
  ALARM_STATUS_NAMES,
  ALARM_TYPE_NAMES,
  HAZARD_GRADES,
  HAZARD_STATUSES,
} from '@redline/contracts';
import { createTestApp, login, type TestApp } from './helpers/harness.ts';
import { createWorld, type World } from './helpers/factories.ts';
import { createHazard } from './helpers/enforcement-factories.ts';
import { recentWorkingHour, registerDevice, sendEvents, weldingEvent } from './helpers/devices.ts';

/**
 * No raw code reaches a PDF: the supervision file of a project with an alarm and a hazard names
 * the alarm's type, severity and status, the hazard's grade and status, and the region, in Chinese.
 */
let t: TestApp;
let a: World;
let cookie: string;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await createWorld(t.deps.database.db, t.deps.secrets, {
    county: '310116',
    town: '310116501',
    tag: 'Jinshan',
  });
  cookie = await login(t.app, a.users.inspector);
  dir = mkdtempSync(path.join(tmpdir(), 'redline-file-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('CI needs pdftotext (poppler-utils) to read the PDFs');
    return false;
  }
})();

describe('names, not codes', () => {
  it('every alarm type of the shipped rules has a Chinese name', () => {
    const file = path.resolve(import.meta.dirname, '../../../data/alarm-rules.yaml');
    const rules = (parse(readFileSync(file, 'utf8')) as { rules: Array<{ alarmType: string }> }).rules;
    for (const r of rules) expect(ALARM_TYPE_NAMES[r.alarmType], r.alarmType).toMatch(/\p{Script=Han}/u);
  });

  it.skipIf(!hasPoppler)('the supervision file PDF of a project shows labels and no code', async () => {
    const db = t.deps.database.db;
    // A site of the project, a camera on it, and a welding detection with nobody on duty.
    const site = await db
      .insertInto('sites')
      .values({
        name: '金山花园项目焊接作业区',
        kind: 'welding_shop',
        key_risk_source: true,
        project_id: a.ids.project,
        region_code: '310116501',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const camera = await registerDevice(t.app, cookie, {
      code: 'JS-CAM-P01',
      name: '项目焊接区摄像机',
      kind: 'ai_camera',
      siteId: site.id,
    });
    const res = await sendEvents(t.app, camera.token, [
      weldingEvent(camera.code, 'file-1', recentWorkingHour(10, 60)),
    ]);
    expect(res.json().accepted, res.body).toBe(1);
    const alarms = await db
      .selectFrom('alarms')
      .select(['type', 'severity', 'status', 'project_id'])
      .execute();
    // nobody on duty: nobody can be named, its own lower-severity finding (issue 11)
    expect(alarms).toEqual([
      {
        type: 'unattributed_special_operation',
        severity: 'medium',
        status: 'new',
        project_id: a.ids.project,
      },
    ]);
    await createHazard(db, a, { project: true, grade: 'major', title: '脚手架连墙件缺失' });

    const pdf = await t.app.inject({
      url: `/api/supervision-file/project/${a.ids.project}/pdf`,
      headers: { cookie },
    });
    expect(pdf.statusCode, pdf.body).toBe(200);
    const file = path.join(dir, 'file.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, '');

    // The label wraps in its narrow cell: the layout text puts the next column between its lines.
    expect(text).toMatch(/特种作业人员.{0,40}待核实/);
    expect(text).toContain('较重·新告警');
    expect(text).toContain('发现重大事故隐患：脚手架连墙件缺失');
    expect(text).toContain('当前状态：已上报');
    const region = await db
      .selectFrom('regions')
      .select('name_zh')
      .where('code', 'in', ['310116', '310116501'])
      .orderBy('code')
      .execute();
    expect(text).toContain(region.map((r) => r.name_zh).join(''));
    // No code of the known lists, and no region code.
    const codes = [
      ...Object.keys(ALARM_TYPE_NAMES),
      ...ALARM_SEVERITIES,
      ...ALARM_STATUSES,
      ...HAZARD_STATUSES,
      ...HAZARD_GRADES,
      '310116',
    ];
    for (const code of codes) expect(text, code).not.toContain(code);
    expect(ALARM_SEVERITY_NAMES.high).toBe('严重');
    expect(ALARM_STATUS_NAMES.new).toBe('新告警');
  });
});
