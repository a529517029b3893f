import { Type } from '@sinclair/typebox';
import { AccidentStats, AccidentStatsQuery, AccidentTypeView, YOY_ROUNDING } from '@redline/contracts';
import { actorOf, type RoutePlugin } from '../../../http/context.ts';
import { authorize } from '../../../auth/policy.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';
import { accidentTypes } from '../repo.ts';
import { accidentStats } from '../statistics.ts';
import { accidentStatsWorkbook } from '../export.ts';

const tags = ['accidents'];
const errors = ERROR_RESPONSES;

const GROUP_LABEL: Record<string, string> = {
  region: '区域',
  industry: '行业',
  type: '事故类型',
  grade: '事故等级',
  equipment: '特种设备类别',
  month: '月份',
};

/** Accident figures with year-on-year change, their Excel export, and the GB 6441 types. */
export const accidentStatsRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.database.db;

  app.get(
    '/api/accidents/stats',
    {
      schema: {
        tags,
        summary:
          'Accidents, deaths and serious injuries of a period against the same period last year — total and by region, industry, type, grade, special equipment or month',
        description: `Occurrence dates in the service's time zone, both ends inclusive; last year's period is both ends a year back (a period ending on a month's last day ends on that month's last day). ${YOY_ROUNDING}`,
        querystring: AccidentStatsQuery,
        response: { 200: AccidentStats, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'stats', 'accident');
      return accidentStats(db, actor, req.query);
    },
  );

  app.get(
    '/api/accidents/stats/export',
    {
      schema: {
        tags,
        summary: 'The accident statistics as an Excel workbook (same query as /api/accidents/stats)',
        querystring: AccidentStatsQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'export', 'accident');
      const stats = await accidentStats(db, actor, req.query);
      const body = await accidentStatsWorkbook(stats, GROUP_LABEL[req.query.groupBy ?? ''] ?? '范围');
      const name = `事故统计-${stats.period.from}-${stats.period.to}.xlsx`;
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header(
        'content-disposition',
        `attachment; filename="accident-stats-${stats.period.from}-${stats.period.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      reply.header('cache-control', 'no-store');
      return reply.send(body);
    },
  );

  app.get(
    '/api/accident-types',
    {
      schema: {
        tags,
        summary: 'The 20 accident types of GB 6441-1986 with their codes and Chinese names',
        response: { 200: Type.Array(AccidentTypeView), ...errors },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'read', 'accident');
      return (await accidentTypes(db)).map((t) => ({ code: t.code, name: t.name_zh, source: t.source }));
    },
  );
};
