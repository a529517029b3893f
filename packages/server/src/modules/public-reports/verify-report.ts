import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { ReportVerifyBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { conflict, forbidden, notFound, validation } from '../../errors.ts';
import { appendAudit } from '../../audit/chain.ts';
import { createHazard } from '../hazards/create-hazard.ts';
import { hazardVisible } from '../hazards/repo.ts';
import { awardPoints } from '../points/award.ts';
import { lockReport, reportVisible, updateReport, type ReportRow } from './repo.ts';

type Body = Static<typeof ReportVerifyBody>;

const OUTCOMES: Record<ReportRow['kind'], readonly Body['outcome'][]> = {
  hazard: ['hazard', 'duplicate', 'not_hazard'],
  suggestion: ['adopted', 'not_adopted'],
};

/**
 * The handler's answer. A hazard report is verified by the authority of the place (a regulator of its
 * region): a real hazard becomes a hazard through create-hazard (source 'report', the report's photos as
 * evidence); a duplicate is linked to the report or hazard it repeats (no new hazard, no points); not a
 * hazard is closed with a reason the reporter reads. A worker's suggestion is answered by the
 * enterprise or a regulator. A worker whose report is verified, or whose suggestion is adopted, earns
 * points by the site's rules. Everything in one transaction with its audit entry.
 */
export async function verifyReport(trx: Kysely<DB>, actor: Actor, id: string, body: Body, now: Date) {
  const r = await lockReport(trx, actor, id);
  if (r.kind === 'hazard' && actor.role === 'enterprise_manager')
    throw forbidden('A hazard report is verified by the authority of the place, not by the enterprise');
  if (r.status !== 'received') throw conflict('This report has already been answered');
  if (!OUTCOMES[r.kind].includes(body.outcome))
    throw validation('outcome', `A ${r.kind} report is answered with one of: ${OUTCOMES[r.kind].join(', ')}`);
  const reason = body.reason?.trim() || null;
  let hazardId: string | null = null;
  let dupReport: string | null = null;
  let dupHazard: string | null = null;
  let points = 0;

  switch (body.outcome) {
    case 'hazard': {
      if (!body.grade) throw validation('grade', 'Say whether it is a general or a major hazard');
      if (!body.title?.trim()) throw validation('title', 'Give the hazard a title');
      hazardId = await createHazard(
        trx,
        actor,
        {
          regionCode: r.region_code,
          enterpriseId: r.enterprise_id,
          projectId: r.project_id,
          siteId: r.site_id,
          equipmentId: null,
          source: 'report',
          title: body.title.trim(),
          description: [r.description, r.address && `地点：${r.address}`, reason].filter(Boolean).join('\n'),
          grade: body.grade,
          foundAt: r.created_at,
          foundBy: actor.userId,
          reportedAt: now,
          evidenceFileIds: r.photo_file_ids,
          legalBasis: [],
          // the report, never the reporter
          auditDetails: { publicReportId: r.id, trackingCode: r.tracking_code },
        },
        now,
      );
      break;
    }
    case 'duplicate': {
      if (!!body.duplicateOfReportId === !!body.duplicateOfHazardId)
        throw validation(
          'duplicateOfReportId',
          'Name the earlier report or the hazard this one repeats (one of them)',
        );
      if (body.duplicateOfReportId) {
        if (body.duplicateOfReportId === r.id)
          throw validation('duplicateOfReportId', 'A report does not repeat itself');
        if (!(await reportVisible(trx, actor, body.duplicateOfReportId))) throw notFound('Report');
        const target = await lockReport(trx, actor, body.duplicateOfReportId);
        dupReport = target.duplicate_of_report_id ?? target.id;
        if (dupReport === r.id)
          throw validation('duplicateOfReportId', 'That report is itself merged into this one');
        dupHazard = target.duplicate_of_hazard_id;
      } else {
        if (!(await hazardVisible(trx, actor, body.duplicateOfHazardId!))) throw notFound('Hazard');
        dupHazard = body.duplicateOfHazardId!;
      }
      break;
    }
    case 'not_hazard':
    case 'not_adopted':
      if (!reason || reason.length < 4)
        throw validation('reason', 'Give the reason the reporter will read (at least 4 characters)');
      break;
    case 'adopted':
      break;
  }

  await updateReport(trx, r.id, {
    status: body.outcome,
    hazard_id: hazardId,
    duplicate_of_report_id: dupReport,
    duplicate_of_hazard_id: dupHazard,
    grade: body.outcome === 'hazard' ? body.grade! : null,
    outcome_reason:
      body.outcome === 'duplicate'
        ? (reason ?? '与已受理的举报或已登记的隐患为同一情况，已并入一并处理。')
        : reason,
    handled_by: actor.userId,
    handled_at: now,
  });

  if (r.reporter_worker_id && (body.outcome === 'hazard' || body.outcome === 'adopted') && r.site_id) {
    points = await awardPoints(
      trx,
      actor,
      {
        workerId: r.reporter_worker_id,
        event:
          body.outcome === 'adopted'
            ? 'suggestion_adopted'
            : body.grade === 'major'
              ? 'report_verified_major'
              : 'report_verified',
        site: {
          id: r.site_id,
          region_code: r.region_code,
          enterprise_id: r.enterprise_id,
          project_id: r.project_id,
        },
        source: { kind: 'public_report', id: r.id },
        reason: r.tracking_code,
      },
      now,
    );
  }

  await appendAudit(trx, {
    actor,
    action: 'public_report.verify',
    subjectType: 'public_report',
    subjectId: r.id,
    regionCode: r.region_code,
    before: { status: r.status },
    after: { status: body.outcome, hazardId, duplicateOfReportId: dupReport, duplicateOfHazardId: dupHazard },
    details: { reason, points },
    at: now,
  });
  return { hazardId, points };
}
