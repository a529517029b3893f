import { dateInZone, reportPeriod, type ReportPeriodKind } from '@redline/domain';
import { PERIODIC_REPORT_KIND_NAMES, type PeriodicReportFigures } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { authorize } from '../../auth/policy.ts';
import { regionWithin } from '../../auth/scope.ts';
import { notFound, validation } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { storeGenerated } from '../../storage/files.ts';
import { reportFigures } from './figures.ts';
import { reportPdf } from './pdf.ts';
import { reportWorkbook } from './workbook.ts';
import { insertReport, nextReportSerial, regionName } from './repo.ts';

/** Who generates: a leader or administrator, or the scheduled job (attributed as the system). */
export type Generator = { actor: Actor } | { system: 'periodic-reports' };

export interface GenerateInput {
  regionCode: string;
  kind: ReportPeriodKind;
  period: string;
}

export interface Generated {
  id: string;
  number: string;
}

/** The figures are read as an administrator of exactly the report's region: its whole subtree. */
const SYSTEM_NAME = '系统（定时生成）';
function systemActor(regionCode: string): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: SYSTEM_NAME,
    role: 'admin',
    regionCode,
    authorityId: null,
    enterpriseId: null,
    workerId: null,
    via: 'session',
  };
}

/** "2026-12-07 14:03（Asia/Shanghai）": the instant in the jurisdiction's zone. */
export function inZoneText(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${dateInZone(zone, at)} ${parts}（${zone}）`;
}

/**
 * Generates a report of a region for a month, quarter or year: checks the period (it must have
 * begun; a period still running is reported up to today) and that the region lies inside the
 * caller's jurisdiction (else 404, like a missing one); reads the figures (figures.ts: the
 * dashboard's rollups); then in one transaction takes the next number of the jurisdiction and year
 * (the counter row's lock holds until commit), renders the PDF and the workbook, stores both
 * content-addressed, keeps the row with the figures and the files' SHA-256, and audits it.
 */
export async function generateReport(deps: Deps, by: Generator, input: GenerateInput): Promise<Generated> {
  const { db } = deps.database;
  const zone = deps.config.TIME_ZONE;
  if ('actor' in by) {
    authorize(by.actor, 'create', 'report');
    if (!regionWithin(by.actor, input.regionCode)) throw notFound('Region');
  }
  const parsed = reportPeriod(input.kind, input.period);
  if (!parsed.ok) throw validation('period', parsed.message);
  const span = parsed.span;
  const today = deps.today();
  if (span.start > today)
    throw validation(
      'period',
      `${span.label} has not begun (today is ${today}); a report covers days that have passed`,
    );
  const name = await regionName(db, input.regionCode);
  if (name === undefined) throw notFound('Region');
  const to = span.end < today ? span.end : today;
  const reader = 'actor' in by ? by.actor : systemActor(input.regionCode);
  const figures: PeriodicReportFigures = await reportFigures(deps, reader, input.regionCode, span.start, to);

  const generatedAt = deps.now();
  const year = Number(dateInZone(zone, generatedAt).slice(0, 4));
  const generatedBy = 'actor' in by ? by.actor.displayName : SYSTEM_NAME;
  const title = `${name}安全生产监管${PERIODIC_REPORT_KIND_NAMES[input.kind]}`;
  return inTransaction(db, async (trx) => {
    const serial = await nextReportSerial(trx, input.regionCode, year);
    const number = `RPT-${input.regionCode}-${year}-${String(serial).padStart(4, '0')}`;
    const doc = {
      number,
      title,
      regionName: name,
      regionCode: input.regionCode,
      periodLabel: span.label,
      from: span.start,
      to,
      generatedAtText: inZoneText(generatedAt, zone),
      generatedBy,
      figures,
      createdAt: generatedAt,
    };
    const [pdf, xlsx] = await Promise.all([reportPdf(doc), reportWorkbook(doc)]);
    const pdfSha256 = storeGenerated(deps, pdf);
    const xlsxSha256 = storeGenerated(deps, xlsx);
    const id = await insertReport(trx, {
      number,
      region_code: input.regionCode,
      region_name: name,
      kind: input.kind,
      period_start: span.start,
      period_end: to,
      year,
      serial,
      figures: JSON.stringify(figures),
      pdf_sha256: pdfSha256,
      pdf_size: pdf.length,
      xlsx_sha256: xlsxSha256,
      xlsx_size: xlsx.length,
      generated_by: 'actor' in by ? by.actor.userId : null,
      generated_by_system: !('actor' in by),
      generated_at: generatedAt,
    });
    await appendAudit(trx, {
      actor: 'actor' in by ? by.actor : by,
      action: 'report.generate',
      subjectType: 'periodic_report',
      subjectId: id,
      regionCode: input.regionCode,
      after: { number, figures },
      details: { number, kind: input.kind, period: input.period, pdfSha256, xlsxSha256 },
      at: generatedAt,
    });
    return { id, number };
  });
}
