import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PROJECT_STAGE_ACTIONS,
  PROJECT_STAGE_RULES,
  allowedStageActions,
  initialProjectStage,
  legacyProjectStatus,
  memberCertificateCheck,
  moveProject,
  replayStages,
  ruleAppliesInStage,
  type ProjectStage,
  type ProjectStageAction,
  type ProjectStageActionType,
  type ProjectStageEvent,
  type ProjectStageState,
  type StageActor,
  type StageMaterial,
} from '../src/index.ts';

const T0 = '2026-03-01T09:00:00+08:00';
const SHA = 'a'.repeat(64);
const inspector: StageActor = { id: 'u-insp', role: 'inspector' };
const leader: StageActor = { id: 'u-lead', role: 'leader' };
const duty: StageActor = { id: 'u-duty', role: 'duty_officer' };
const owner: StageActor = { id: 'u-owner', role: 'enterprise_manager', party: 'owner' };
const constructor_: StageActor = { id: 'u-gc', role: 'enterprise_manager', party: 'general_contractor' };
const supervisor: StageActor = { id: 'u-sup', role: 'enterprise_manager', party: 'supervision' };
const stranger: StageActor = { id: 'u-x', role: 'enterprise_manager', party: null };
const worker: StageActor = { id: 'u-w', role: 'worker' };
const ACTORS = [inspector, leader, duty, owner, constructor_, supervisor, stranger, worker];
const ctx = (actor: StageActor, now = T0) => ({ now, actor });

function run(steps: Array<[ProjectStageAction, StageActor]>): ProjectStageState {
  let s = initialProjectStage();
  for (const [a, actor] of steps) {
    const r = moveProject(s, a, ctx(actor));
    if (!r.ok) throw new Error(`${a.type}: ${r.code} ${r.message}`);
    s = r.value.state;
  }
  return s;
}
const mat = [{ fileId: 'f-1', sha256: SHA }];

describe('project stages, by example', () => {
  it('runs the whole life cycle with a suspension and records each step', () => {
    const s = run([
      [{ type: 'file_supervision', materials: mat }, inspector],
      [{ type: 'grant_permit', materials: mat, permitNo: '150602202603010101' }, leader],
      [{ type: 'start_construction' }, owner],
      [{ type: 'suspend', reason: '深基坑支护变形超限' }, inspector],
      [{ type: 'resume', reason: '支护加固完成', materials: mat }, inspector],
      [{ type: 'accept_completion', materials: mat }, owner],
      [{ type: 'archive' }, leader],
    ]);
    expect(s).toEqual({ stage: 'archived', permitNo: '150602202603010101', suspensions: 1 });
    expect(legacyProjectStatus('permitted')).toBe('approved');
    expect(legacyProjectStatus('archived')).toBe('completed');
  });

  it('refuses what the rules refuse, with a code and the field', () => {
    const s0 = initialProjectStage();
    const no = (a: ProjectStageAction, actor: StageActor, s = s0) => {
      const r = moveProject(s, a, ctx(actor));
      return r.ok ? 'ok' : `${r.code}${r.field ? ':' + r.field : ''}`;
    };
    expect(no({ type: 'file_supervision' }, inspector)).toBe('MATERIALS_REQUIRED:materials');
    expect(no({ type: 'file_supervision', materials: [{ fileId: 'f', sha256: 'xyz' }] }, inspector)).toBe(
      'MATERIAL_INVALID:materials.0.sha256',
    );
    expect(no({ type: 'file_supervision', materials: [...mat, ...mat] }, inspector)).toBe(
      'MATERIAL_INVALID:materials',
    );
    expect(no({ type: 'file_supervision', materials: mat }, owner)).toBe('ROLE_NOT_ALLOWED');
    expect(no({ type: 'file_supervision', materials: mat }, duty)).toBe('ROLE_NOT_ALLOWED');
    expect(no({ type: 'grant_permit', materials: mat, permitNo: 'x' }, inspector)).toBe('ILLEGAL_TRANSITION');
    const filed = run([[{ type: 'file_supervision', materials: mat }, inspector]]);
    expect(no({ type: 'grant_permit', materials: mat, permitNo: '许可' }, inspector, filed)).toBe(
      'PERMIT_NO_INVALID:permitNo',
    );
    const building = run([
      [{ type: 'file_supervision', materials: mat }, inspector],
      [{ type: 'grant_permit', materials: mat, permitNo: 'ABC-123456' }, inspector],
      [{ type: 'start_construction' }, inspector],
    ]);
    expect(no({ type: 'suspend', reason: '  ' }, inspector, building)).toBe('REASON_REQUIRED:reason');
    expect(no({ type: 'suspend', reason: '停工' }, owner, building)).toBe('ROLE_NOT_ALLOWED');
    expect(no({ type: 'accept_completion', materials: mat }, constructor_, building)).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(no({ type: 'accept_completion', materials: mat }, owner, building)).toBe('ok');
    expect(no({ type: 'suspend', reason: '停工', permitNo: 'X-123456' }, inspector, building)).toBe(
      'FIELD_NOT_ALLOWED:permitNo',
    );
  });

  it('checks key personnel certificates as the registry answers', () => {
    expect(memberCertificateCheck('technical_lead', null)).toBe('not_required');
    expect(memberCertificateCheck('safety_officer', null)).toBe('not_found');
    expect(memberCertificateCheck('project_manager', { status: 'valid', holderMatches: false })).toBe(
      'wrong_holder',
    );
    expect(
      memberCertificateCheck('chief_supervising_engineer', { status: 'expired', holderMatches: true }),
    ).toBe('expired');
  });
});

const bag = fc.record({
  materials: fc.oneof(
    { arbitrary: fc.constant<StageMaterial[]>(mat), weight: 4 },
    { arbitrary: fc.constant<StageMaterial[]>([]), weight: 1 },
    { arbitrary: fc.constant<StageMaterial[]>([{ fileId: '', sha256: SHA }]), weight: 1 },
  ),
  reason: fc.constantFrom('塔吊基础沉降', '', ' ', undefined),
  permitNo: fc.constantFrom('150602202603010101', 'bad', undefined),
});

const steps = fc.array(
  fc.record({
    actor: fc.constantFrom(...ACTORS),
    offered: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    pick: fc.nat(),
    minutes: fc.integer({ min: 0, max: 5000 }),
    bag,
  }),
  { minLength: 5, maxLength: 40 },
);

describe('project stage machine invariants', () => {
  it('random sequences only walk the table, refusals change nothing, and the history replays', () => {
    const seen = new Set<ProjectStage>();
    fc.assert(
      fc.property(steps, (sequence) => {
        let s = initialProjectStage();
        let ms = Date.parse(T0);
        const history: ProjectStageEvent[] = [];
        for (const { actor: rnd, offered, pick, minutes, bag: b } of sequence) {
          ms += minutes * 60_000;
          const able = ACTORS.filter((a) => allowedStageActions(s, a).length > 0);
          const actor = offered && able.length ? able[pick % able.length] : rnd;
          const allowed = allowedStageActions(s, actor);
          const choices: readonly ProjectStageActionType[] =
            offered && allowed.length ? allowed : PROJECT_STAGE_ACTIONS;
          const type = choices[Math.floor(pick / 11) % choices.length];
          const before = JSON.stringify(s);
          const r = moveProject(s, { type, ...b }, ctx(actor, new Date(ms).toISOString()));
          expect(JSON.stringify(s)).toBe(before);
          if (!r.ok) {
            expect(r.code).toMatch(/^[A-Z_]+$/);
            continue;
          }
          const rule = PROJECT_STAGE_RULES[type];
          // Only offered steps succeed; only the table's edges are walked; only the allowed move it.
          expect(allowed).toContain(type);
          expect(r.value.event.from).toBe(s.stage);
          expect(r.value.state.stage).toBe(rule.to);
          expect(actor.role === 'worker' || actor.role === 'duty_officer').toBe(false);
          if (actor.role === 'enterprise_manager') expect(rule.parties).toContain(actor.party);
          if (rule.needsMaterials) expect(r.value.event.materials.length).toBeGreaterThan(0);
          if (rule.needsReason) expect(r.value.event.reason).toBeTruthy();
          // Archived only after completion acceptance; nothing leaves archived.
          if (r.value.state.stage === 'archived') expect(s.stage).toBe('completion_accepted');
          if (r.value.state.stage === 'under_construction') expect(s.permitNo).not.toBe('');
          history.push(r.value.event);
          s = r.value.state;
          seen.add(s.stage);
        }
        const replay = replayStages(history);
        expect(replay.ok && replay.value).toEqual(s);
        expect(history.filter((e) => e.type === 'suspend').length).toBe(s.suspensions);
        if (s.stage === 'archived') for (const a of ACTORS) expect(allowedStageActions(s, a)).toEqual([]);
      }),
      { numRuns: 500 },
    );
    for (const st of [
      'supervision_filed',
      'permitted',
      'under_construction',
      'suspended',
      'completion_accepted',
      'archived',
    ] as const)
      expect(seen).toContain(st);
  });

  it('a stage-bound alarm rule judges devices only in its stages', () => {
    expect(ruleAppliesInStage(null, 'suspended')).toBe(true);
    expect(ruleAppliesInStage([], 'suspended')).toBe(true);
    expect(ruleAppliesInStage(['under_construction'], 'under_construction')).toBe(true);
    expect(ruleAppliesInStage(['under_construction'], 'suspended')).toBe(false);
    expect(ruleAppliesInStage(['under_construction'], 'archived')).toBe(false);
    expect(ruleAppliesInStage(['under_construction'], null)).toBe(true);
  });

  it('a replay refuses a history with a gap', () => {
    const r = replayStages([{ type: 'grant_permit', from: 'registered', to: 'permitted', permitNo: 'X' }]);
    expect(r.ok).toBe(false);
  });
});
