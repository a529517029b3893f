import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { translate, type Lang, type MessageKey, type TFunction } from '../src/i18n/index';
import { notificationKindLabel } from '../src/features/notifications/labels';

const tOf =
  (lang: Lang): TFunction =>
  (key: MessageKey, vars) =>
    translate(lang, key, vars);
const zh = tOf('zh');
const en = tOf('en');
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The server's source files that send notices (they import notifyUsers). */
function noticeSenders(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ts')) {
        const text = readFileSync(file, 'utf8');
        if (/\bnotifyUsers\(/.test(text) && !file.includes(`notifications${path.sep}`))
          out.push({ file, text });
      }
    }
  };
  walk(path.join(root, 'packages/server/src'));
  return out;
}

/** The escalation stages shipped as reference data: hazard.overdue.<stage>. */
const stages = (
  JSON.parse(readFileSync(path.join(root, 'data/hazards/escalation.json'), 'utf8')) as {
    steps: { stage: number }[];
  }
).steps.map((s) => s.stage);

/** Kinds built from a template in the server, by the template's fixed start. */
const EXPANSIONS: Record<string, string[]> = {
  'hazard.overdue.': stages.map(String),
  'equipment.': ['due_soon', 'overdue'],
};

describe('a label for every notification kind', () => {
  const senders = noticeSenders();
  // the kind each notifyUsers(…) call gives: the first `kind:` after the call (its notice argument)
  const calls = senders.flatMap((s) =>
    [...s.text.matchAll(/\bnotifyUsers\(/g)].map((m) => {
      const arg = s.text.slice(m.index, m.index + 700);
      const k = /\bkind: (?:'([a-z_]+(?:\.[a-z_]+)*)'|`([a-z_.]*)\$\{)/.exec(arg);
      return { file: path.relative(root, s.file), literal: k?.[1], template: k?.[2] };
    }),
  );
  const literals = [...new Set(calls.flatMap((c) => (c.literal ? [c.literal] : [])))];
  const templates = [...new Set(calls.flatMap((c) => (c.template !== undefined ? [c.template] : [])))];

  it('sees the kind of every notice the server sends', () => {
    expect(calls.filter((c) => !c.literal && c.template === undefined)).toEqual([]);
  });

  it('finds the kinds the server emits (the scan itself works)', () => {
    expect(senders.length).toBeGreaterThanOrEqual(5);
    expect(literals).toContain('hazard.ordered');
    expect(literals).toContain('alarm_escalated');
    expect(literals).toContain('public_report.overdue');
    expect(templates).toContain('hazard.overdue.');
    expect(stages.length).toBeGreaterThan(0);
  });

  it('every template kind the server builds is known here, so its expansions get checked', () => {
    expect(templates.filter((p) => !EXPANSIONS[p])).toEqual([]);
  });

  const kinds = () => [...literals, ...templates.flatMap((p) => (EXPANSIONS[p] ?? []).map((x) => p + x))];

  it('every kind has its own words in Chinese and in English', () => {
    for (const lang of ['zh', 'en'] as const) {
      const missing = kinds().filter(
        (k) => translate(lang, `notif.kind.${k}` as MessageKey) === `notif.kind.${k}`,
      );
      expect(missing, lang).toEqual([]);
    }
  });

  it('reads as words, never as the code or the generic notice', () => {
    for (const k of kinds())
      for (const t of [zh, en]) {
        const s = notificationKindLabel(t, k);
        expect(s, k).not.toContain(k);
        expect(s, k).not.toBe(t('notif.kind.other'));
        expect(s, k).not.toMatch(/[a-z]+[._][a-z]+/);
      }
    // the English differs from the Chinese (not copied over)
    for (const k of kinds()) expect(notificationKindLabel(en, k), k).not.toBe(notificationKindLabel(zh, k));
  });

  it('falls back to the parent kind, then to a generic notice', () => {
    expect(notificationKindLabel(zh, 'hazard.ordered')).toBe('责令整改');
    expect(notificationKindLabel(en, 'hazard.overdue.9')).toBe('Hazard overdue');
    expect(notificationKindLabel(en, 'equipment.due_soon')).toBe('Equipment inspection due soon');
    expect(notificationKindLabel(zh, 'something_new')).toBe('通知');
    expect(notificationKindLabel(en, 'something_new')).toBe('Notice');
  });
});
