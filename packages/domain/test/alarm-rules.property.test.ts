import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALARM_ACTIONS,
  ALARM_STATUSES,
  evaluateRule,
  transitionAlarm,
  type AlarmAction,
  type AlarmRule,
  type AlarmStatus,
  type EngineEvent,
  type RuleState,
} from '../src/index.ts';

const T0 = Date.parse('2026-11-24T10:00:00+08:00');

const detectionRule = (dedupSeconds: number, cooldownSeconds: number): AlarmRule => ({
  code: 'welding',
  version: 1,
  name: { zh: '焊接', en: 'Welding' },
  alarmType: 'uncertified_special_operation',
  severity: 'high',
  deviceKinds: ['ai_camera'],
  trigger: {
    kind: 'repetition',
    match: { event: 'detection', types: ['welding'], minConfidence: 0.6 },
    count: 1,
    withinSeconds: 0,
  },
  dedupSeconds,
  cooldownSeconds,
  enabled: true,
});

const gasRule = (forSeconds: number): AlarmRule => ({
  code: 'gas',
  version: 1,
  name: { zh: '燃气', en: 'Gas' },
  alarmType: 'gas_leak',
  severity: 'critical',
  deviceKinds: ['combustible_gas_sensor'],
  trigger: {
    kind: 'threshold',
    match: { event: 'reading', metric: 'gas_lel', op: '>', value: 25 },
    forSeconds,
    clearAt: 20,
  },
  dedupSeconds: 120,
  cooldownSeconds: 300,
  enabled: true,
});

/** Runs events in order, round-tripping the state through JSON each time as the database does. */
function run(rule: AlarmRule, events: EngineEvent[]) {
  let state: RuleState | null = null;
  const actions: AlarmAction[] = [];
  for (const event of events) {
    const r = evaluateRule(rule, state, { kind: 'event', event });
    state = JSON.parse(JSON.stringify(r.state));
    actions.push(...r.actions);
  }
  return { actions, state };
}

const gaps = fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 80 });

describe('rule engine invariants (property tests)', () => {
  it('detections: a new alarm is raised exactly when the gap since the last hit exceeds dedup + cool-down', () => {
    // Gaps are drawn around the boundaries (dedup, dedup + cool-down, one second either side) as well as at random.
    const scenario = fc
      .tuple(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 1800 }))
      .chain(([dedup, cooldown]) =>
        fc.record({
          dedup: fc.constant(dedup),
          cooldown: fc.constant(cooldown),
          gapList: fc.array(
            fc.oneof(
              fc.integer({ min: 0, max: 4000 }),
              fc.constantFrom(
                dedup,
                dedup + 1,
                dedup + cooldown,
                dedup + cooldown + 1,
                Math.max(0, dedup + cooldown - 1),
              ),
            ),
            { minLength: 1, maxLength: 80 },
          ),
          confidences: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 80, maxLength: 80 }),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ gapList, dedup, cooldown, confidences }) => {
        let t = T0;
        const events: EngineEvent[] = gapList.map((g, i) => {
          t += g * 1000;
          return {
            id: `e${i}`,
            at: t,
            type: 'detection',
            detections: [{ type: 'welding', confidence: confidences[i] }],
          };
        });
        const hits = events.filter((e) => e.detections![0].confidence >= 0.6);
        let expected = hits.length ? 1 : 0;
        for (let i = 1; i < hits.length; i++)
          if (hits[i].at - hits[i - 1].at > (dedup + cooldown) * 1000) expected++;
        const { actions } = run(detectionRule(dedup, cooldown), events);
        expect(actions.filter((a) => a.type === 'raise')).toHaveLength(expected);
        // every hit is accounted for: raised or added to an incident
        const used = actions.flatMap((a) => (a.type === 'clear' ? [] : a.eventIds));
        expect(used).toEqual(hits.map((h) => h.id));
      }),
      { numRuns: 500 },
    );
  });

  it('actions always refer to the current incident, and incident numbers only grow', () => {
    fc.assert(
      fc.property(
        gaps,
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 80, maxLength: 80 }),
        (gapList, levels) => {
          let t = T0;
          const events: EngineEvent[] = gapList.map((g, i) => {
            t += Math.min(g, 200) * 1000;
            return { id: `r${i}`, at: t, type: 'reading', values: { gas_lel: levels[i] } };
          });
          const { actions } = run(gasRule(10), events);
          let seq = 0;
          let open = false;
          for (const a of actions) {
            if (a.type === 'raise') {
              expect(a.seq).toBe(seq + 1);
              expect(open).toBe(false);
              seq = a.seq;
              open = true;
            } else {
              expect(a.seq).toBe(seq);
              if (a.type === 'clear') {
                expect(open).toBe(true);
                open = false;
              } else if (a.reopened) {
                expect(open).toBe(false);
                open = true;
              } else expect(open).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a threshold alarm needs readings above the limit spanning the duration; below the limit it never fires', () => {
    fc.assert(
      fc.property(
        gaps,
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 80, maxLength: 80 }),
        fc.integer({ min: 0, max: 120 }),
        (gapList, levels, forSeconds) => {
          let t = T0;
          const events: EngineEvent[] = gapList.map((g, i) => {
            t += Math.min(g, 60) * 1000;
            return { id: `r${i}`, at: t, type: 'reading', values: { gas_lel: levels[i] } };
          });
          const { actions } = run(gasRule(forSeconds), events);
          const byId = new Map(events.map((e) => [e.id, e]));
          for (const a of actions) {
            if (a.type !== 'raise') continue;
            const evidence = a.eventIds.map((id) => byId.get(id)!);
            expect(evidence.every((e) => (e.values!.gas_lel as number) > 25)).toBe(true);
            expect(evidence[evidence.length - 1].at - evidence[0].at).toBeGreaterThanOrEqual(
              forSeconds * 1000,
            );
          }
          const calm = events.map((e) => ({
            ...e,
            values: { gas_lel: Math.min(25, e.values!.gas_lel as number) },
          }));
          expect(run(gasRule(forSeconds), calm).actions).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same inputs give the same actions', () => {
    fc.assert(
      fc.property(gaps, (gapList) => {
        let t = T0;
        const events: EngineEvent[] = gapList.map((g, i) => {
          t += g * 1000;
          return {
            id: `e${i}`,
            at: t,
            type: 'detection',
            detections: [{ type: 'welding', confidence: 0.9 }],
          };
        });
        expect(run(detectionRule(600, 1800), events)).toEqual(run(detectionRule(600, 1800), events));
      }),
      { numRuns: 100 },
    );
  });
});

describe('alarm lifecycle invariants (property tests)', () => {
  it('any sequence of actions keeps a known status; closed is final; dispatch only after a real verdict', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALARM_ACTIONS), { maxLength: 30 }), (actions) => {
        let status: AlarmStatus = 'new';
        let acknowledgedAt: string | null = null;
        let verdict: 'real' | 'false_positive' | null = null;
        for (const action of actions) {
          const before = status;
          const r = transitionAlarm(
            { status, acknowledgedAt },
            action,
            action === 'escalate' ? { kind: 'system' } : { kind: 'user', role: 'duty_officer' },
          );
          if (!r.ok) {
            expect(['ILLEGAL_TRANSITION']).toContain(r.code);
            continue;
          }
          expect(before).not.toBe('closed');
          status = r.value.to;
          if (r.value.acknowledges) acknowledgedAt = 'now';
          if (r.value.verdict) verdict = r.value.verdict;
          expect(ALARM_STATUSES).toContain(status);
          if (status === 'dispatched') expect(verdict).toBe('real');
          if (['verified', 'false_positive', 'dispatched'].includes(status))
            expect(acknowledgedAt).not.toBeNull();
        }
      }),
      { numRuns: 2000 },
    );
  });
});
