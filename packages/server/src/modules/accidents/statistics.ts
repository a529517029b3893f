import type { Kysely } from 'kysely';
import { samePeriodLastYear, yearOnYear, yearOnYearText, compareDates, isIsoDate } from '@redline/domain';
import { YOY_ROUNDING, type AccidentStats } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { validation } from '../../errors.ts';
import { accidentFigures, type AccidentCounts, type FiguresQuery } from './repo.ts';

/** Dates that match the pattern but name no day (30 February) are a 400, not a database error. */
export function checkDates(q: { from?: string; to?: string }) {
  for (const f of ['from', 'to'] as const) {
    const v = q[f];
    if (v !== undefined && !isIsoDate(v)) throw validation(f, `${f} is not a calendar date (YYYY-MM-DD)`);
  }
}

const ZERO: AccidentCounts = {
  accidents: 0,
  deaths: 0,
  seriousInjuries: 0,
  minorInjuries: 0,
  missing: 0,
  directLossYuan: '0.00',
};

function figureSet(cur: AccidentCounts, prev: AccidentCounts) {
  const yoy = (c: number, p: number, unit: string) => {
    const y = yearOnYear(c, p);
    return { ...y, text: yearOnYearText(y, unit) };
  };
  return {
    accidents: yoy(cur.accidents, prev.accidents, '起'),
    deaths: yoy(cur.deaths, prev.deaths, '人'),
    seriousInjuries: yoy(cur.seriousInjuries, prev.seriousInjuries, '人'),
    minorInjuries: cur.minorInjuries,
    missing: cur.missing,
    directLossYuan: cur.directLossYuan,
    previousDirectLossYuan: prev.directLossYuan,
  };
}

/**
 * Accident figures of a period against the same period last year (the domain's samePeriodLastYear),
 * in total and by group; the change is the domain's yearOnYear (its rounding stated in `rounding`).
 * A group present in only one of the two periods is shown with 0 in the other.
 */
export async function accidentStats(db: Kysely<DB>, actor: Actor, q: FiguresQuery): Promise<AccidentStats> {
  checkDates(q);
  if (compareDates(q.from, q.to) > 0) throw validation('to', 'to must not be before from');
  const prev = samePeriodLastYear(q.from, q.to);
  const [a, b] = await Promise.all([
    accidentFigures(db, actor, q),
    accidentFigures(db, actor, { ...q, ...prev }),
  ]);
  const names = new Map<string, string>();
  for (const g of [...a.groups, ...b.groups]) names.set(g.key, g.name);
  const cur = new Map(a.groups.map((g) => [g.key, g]));
  const old = new Map(b.groups.map((g) => [g.key, g]));
  // For months, last year's "2025-03" is this year's "2026-03": compare month to month.
  const keys = [...names.keys()].sort();
  const groups =
    q.groupBy === 'month'
      ? a.groups.map((g) => {
          const lastYear = `${String(Number(g.key.slice(0, 4)) - 1).padStart(4, '0')}${g.key.slice(4)}`;
          return { key: g.key, name: g.name, ...figureSet(g, old.get(lastYear) ?? ZERO) };
        })
      : keys.map((k) => ({
          key: k,
          name: names.get(k) ?? k,
          ...figureSet(cur.get(k) ?? ZERO, old.get(k) ?? ZERO),
        }));
  return {
    period: { from: q.from, to: q.to },
    previousPeriod: prev,
    rounding: YOY_ROUNDING,
    total: figureSet(a.total, b.total),
    groups,
  };
}
