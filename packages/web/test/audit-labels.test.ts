import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALARM_ACTIONS } from '@redline/domain';
import { translate, type Lang, type MessageKey, type TFunction } from '../src/i18n/index';
import { actionLabel, actorLabel, subjectLabel, subjectTypeLabel } from '../src/features/audit/labels';

const tOf =
  (lang: Lang): TFunction =>
  (key: MessageKey, vars) =>
    translate(lang, key, vars);
const zh = tOf('zh');
const en = tOf('en');

/** Every TypeScript file of the server's source. */
function serverSources(): string[] {
  const root = fileURLToPath(new URL('../../server/src', import.meta.url));
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ts')) out.push(readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  return out;
}

describe('a label for every audit code', () => {
  const sources = serverSources();
  const literal = (re: RegExp) => [...new Set(sources.flatMap((s) => [...s.matchAll(re)].map((m) => m[1])))];
  const actions = literal(/action: '([a-z_]+\.[a-z_.]+)'/g);
  const subjectTypes = literal(/subjectType: '([a-z_]+)'/g);

  it('finds the codes the server writes (the scan itself works)', () => {
    expect(actions).toContain('alarm.raise');
    expect(actions).toContain('device.rotate_token');
    expect(actions.length).toBeGreaterThan(60);
    expect(subjectTypes).toContain('device');
  });

  it('every action code the server writes has its own words in both languages', () => {
    const dynamic = [
      ...ALARM_ACTIONS.map((a) => `alarm.${a}`),
      'alarm.enforce',
      'case.filed',
      'case.decided',
      'attendance.check_in',
      'attendance.check_out',
      'inspection.sign',
      'inspection.signature_refused',
      'accountability.closed',
      'accountability.followed_up',
      ...[
        'report',
        'confirm',
        'reject',
        'rectify_on_spot',
        'order_rectification',
        'submit_plan',
        'list_for_supervision',
        'start_rectification',
        'submit_evidence',
        'review',
        'close_out',
        'request_extension',
        'decide_extension',
      ].map((x) => `hazard.${x}`),
    ];
    const missing = [...actions, ...dynamic].filter(
      (code) => zh(`audit.act.${code}` as MessageKey) === `audit.act.${code}`,
    );
    expect(missing).toEqual([]);
    for (const code of [...actions, ...dynamic]) {
      expect(actionLabel(zh, code), code).not.toContain(code);
      expect(actionLabel(en, code), code).not.toContain(code);
    }
  });

  it('every subject type the server writes, and the registry kinds, have a name', () => {
    for (const type of [...subjectTypes, 'project', 'worker', 'certificate', 'site']) {
      expect(subjectTypeLabel(zh, type), type).not.toBe(type);
      expect(subjectTypeLabel(en, type), type).not.toBe(type);
    }
  });

  it('registry changes read as verb and object', () => {
    expect(actionLabel(zh, 'enterprise.update')).toBe('修改企业');
    expect(actionLabel(en, 'worker.import')).toBe('Worker imported');
    expect(actionLabel(en, 'alarm.raise')).toBe('Alarm raised');
    expect(actionLabel(zh, 'alarm.raise')).toBe('产生告警');
    // an unknown code still names its object, and shows the code rather than nothing
    expect(actionLabel(zh, 'device.teleport')).toBe('物联设备：teleport');
  });

  it('system actors read as the system, people as themselves', () => {
    expect(actorLabel(zh, 'system:device-simulator', 'system')).toBe('系统：设备模拟器');
    expect(actorLabel(en, 'system:device-simulator', 'system')).toBe('System: device simulator');
    expect(actorLabel(en, 'system:ingest', 'system')).toBe('System: device data intake');
    expect(actorLabel(zh, 'system:new-job', 'system')).toBe('系统：new-job');
    expect(actorLabel(zh, '陈志远', 'inspector')).toBe('陈志远');
  });

  it('subjects by name, or type and short id when nameless', () => {
    expect(subjectLabel(zh, 'enterprise', '6e5a5225-0000-4000-8000-000000000000', '金山化工')).toBe(
      '企业 金山化工',
    );
    expect(subjectLabel(en, 'device', '6e5a5225-0000-4000-8000-000000000000', null)).toBe('Device 6e5a5225');
  });
});
