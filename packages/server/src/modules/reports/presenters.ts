import { periodNameOf } from '@redline/domain';
import type { PeriodicReportFigures, PeriodicReportListItem, PeriodicReportView } from '@redline/contracts';
import type { ReportRow } from './repo.ts';

const iso = (t: Date | string) => new Date(t).toISOString();

export function reportListItem(r: ReportRow): PeriodicReportListItem {
  return {
    id: r.id,
    number: r.number,
    regionCode: r.region_code,
    regionName: r.region_name,
    kind: r.kind,
    period: periodNameOf(r.kind, r.period_start),
    periodStart: r.period_start,
    periodEnd: r.period_end,
    generatedAt: iso(r.generated_at),
    generatedBy: r.generated_by ? { id: r.generated_by, name: r.generated_by_name ?? '' } : null,
    generatedBySystem: r.generated_by_system,
    pdfSha256: r.pdf_sha256,
    pdfSize: r.pdf_size,
    xlsxSha256: r.xlsx_sha256,
    xlsxSize: r.xlsx_size,
    pdfUrl: `/api/reports/${r.id}/pdf`,
    xlsxUrl: `/api/reports/${r.id}/xlsx`,
  };
}

export function reportView(r: ReportRow & { figures: unknown }): PeriodicReportView {
  const figures = (
    typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures
  ) as PeriodicReportFigures;
  return { ...reportListItem(r), figures };
}
