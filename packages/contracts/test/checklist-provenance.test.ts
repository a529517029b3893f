// Every shipped checklist item carries its provenance (edition, clause, how far it was confirmed against a
// published text), and the JGJ 59 library follows the confirmed facts of
// shared/reference/jgj59-2011-facts-partial.json where it contradicted them (issue 11).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { ChecklistItem, ChecklistLibraryFile } from '../src/checklist.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.join(repoRoot, 'data/checklists');
const factsPath = path.resolve(repoRoot, '../shared/reference/jgj59-2011-facts-partial.json');
const libs = fs
  .readdirSync(dataDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => YAML.parse(fs.readFileSync(path.join(dataDir, f), 'utf8')) as ChecklistLibraryFile);
const all = libs.flatMap((l) =>
  l.modules.flatMap((m) => m.items.map((i) => ({ lib: l, module: m, item: i }))),
);
const jgj = libs.find((l) => l.code === 'jgj59-2011')!;
const jgjItem = (table: string, zh: string): ChecklistItem => {
  const m = jgj.modules.find((x) => x.table === table)!;
  const i = m.items.find((x) => x.title.zh === zh);
  if (!i) throw new Error(`${table} ${zh} not found`);
  return i;
};
const rule = (item: ChecklistItem, zh: string) => {
  const d = item.scoring!.deductions.find((x) => x.zh === zh);
  if (!d) throw new Error(`${item.code}: rule ${zh} not found`);
  return d;
};

describe('provenance of every shipped item', () => {
  it('is present on all 463 items, with edition, clause and status', () => {
    expect(all).toHaveLength(463);
    for (const { item } of all) {
      expect(item.provenance, item.code).toBeDefined();
      const p = item.provenance!;
      expect(p.edition.length, item.code).toBeGreaterThan(0);
      expect(p.clause.length, item.code).toBeGreaterThan(0);
      expect(['confirmed', 'partial', 'unverified'], item.code).toContain(p.status);
    }
  });

  it('names the published text wherever something is confirmed, and what was confirmed', () => {
    for (const { item } of all) {
      const p = item.provenance!;
      if (p.status === 'unverified') {
        expect(p.confirmed ?? [], item.code).toEqual([]);
        continue;
      }
      expect(p.source, item.code).toBeTruthy();
      if (p.status === 'confirmed' && item.scoring)
        expect(p.confirmed, item.code).toEqual(['title', 'points', 'deductions']);
    }
  });

  it('is honest per library: the major-hazard titles are official; nothing else outside JGJ 59 is confirmed', () => {
    const by = (code: string) => all.filter((x) => x.lib.code === code).map((x) => x.item.provenance!);
    expect(
      by('major-hazards-housing-2024').every(
        (p) => p.status === 'confirmed' && p.edition === '建质规〔2024〕5号',
      ),
    ).toBe(true);
    for (const code of ['special-equipment', 'industry-general'])
      expect(
        by(code).every((p) => p.status === 'unverified'),
        code,
      ).toBe(true);
    const statuses = by('jgj59-2011').map((p) => p.status);
    // most of the JGJ 59 library is still unverified; the edition and table clause are on every item
    expect(statuses.filter((s) => s === 'unverified').length).toBeGreaterThan(100);
    expect(
      by('jgj59-2011').every((p) => p.edition === 'JGJ 59-2011' && /^表B\.\d+ 第\d+项$/.test(p.clause)),
    ).toBe(true);
  });

  it('marks an item confirmed only where the facts file confirms its points', () => {
    if (!fs.existsSync(factsPath)) return;
    const facts = JSON.parse(fs.readFileSync(factsPath, 'utf8')) as {
      tables: Array<{ code: string; guarantee?: F[]; general?: F[]; items?: F[] }>;
    };
    type F = { name: string; points: number | null; confirmed: boolean };
    for (const m of jgj.modules) {
      const t = facts.tables.find((x) => x.code === m.table)!;
      const rows = [...(t.guarantee ?? []), ...(t.general ?? []), ...(t.items ?? [])];
      for (const i of m.items) {
        const f = rows.find((r) => r.name === i.title.zh);
        const p = i.provenance!;
        if (p.confirmed?.includes('points')) {
          expect(f?.confirmed, i.code).toBe(true);
          expect(f?.points, i.code).toBe(i.scoring!.fullScore);
        }
        // a confirmed points fact is never contradicted by the shipped full score
        if (f?.confirmed && f.points !== null) expect(i.scoring!.fullScore, i.code).toBe(f.points);
      }
    }
  });
});

describe('JGJ 59-2011 corrections from confirmed facts', () => {
  it('B.19 平刨 is worth 10 points (12 was shipped)', () => {
    expect(jgjItem('B.19', '平刨').scoring!.fullScore).toBe(10);
  });
  it('B.15 防护设施: missing guard rails and toe boards at landing platforms deduct 5 per place (not 2)', () => {
    expect(rule(jgjItem('B.15', '防护设施'), '停层平台两侧未设置防护栏杆、挡脚板')).toMatchObject({
      points: 5,
      per: 'each',
    });
  });
  it('B.1 安全生产责任制: 8 when the contract lacks safety targets; a flat 10 for missing procedures and for no full-time safety officer', () => {
    const i = jgjItem('B.1', '安全生产责任制');
    expect(rule(i, '工程项目部承包合同中未明确安全生产考核指标').points).toBe(8);
    const procedures = rule(i, '未制定各工种安全技术操作规程');
    expect(procedures.points).toBe(10);
    expect(procedures.minPoints).toBeUndefined();
    const officer = rule(i, '未按规定配备专职安全员');
    expect(officer.points).toBe(10);
    expect(officer.minPoints).toBeUndefined();
  });
  it('B.1 危大工程未编制专项方案 is a range from 3 (the copy cuts the upper bound off)', () => {
    expect(
      rule(jgjItem('B.1', '施工组织设计及专项施工方案'), '危险性较大的分部分项工程未编制安全专项施工方案'),
    ).toMatchObject({
      minPoints: 3,
    });
  });
  it('B.3 构配件材质: badly bent, deformed or corroded tubes deduct 10 (capped by the item full score 5 when scored)', () => {
    const i = jgjItem('B.3', '构配件材质');
    expect(i.scoring!.fullScore).toBe(5);
    expect(rule(i, '钢管弯曲、变形、锈蚀严重').points).toBe(10);
  });
  it('B.19 钢筋机械: an unguarded drive deducts 5 per place', () => {
    expect(rule(jgjItem('B.19', '钢筋机械'), '传动部位未设置防护罩')).toMatchObject({
      points: 5,
      per: 'each',
    });
  });
});
