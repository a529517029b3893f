import type { Kysely } from 'kysely';
import {
  ACCOUNTABILITY_KIND_NAMES,
  ACCOUNTABILITY_STATUS_NAMES,
  ALARM_SEVERITY_NAMES,
  ALARM_STATUS_NAMES,
  ALARM_TYPE_NAMES,
  DOCUMENT_KIND_NAMES,
  HAZARD_GRADE_NAMES,
  HAZARD_STATUS_NAMES,
  type DocumentKind,
  type TimelineEntry,
} from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { isRegulator } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { renderPdf, type Block } from '../../pdf/render.ts';
import { zhDateTime } from '../hazards/time.ts';
import {
  accountabilityOf,
  alarmsOf,
  casesOf,
  hazardEventsOf,
  hazardsOf,
  inspectionsOf,
  issuedDocumentsOf,
  regionNames,
  subjectInScope,
  type Subject,
} from './repo/supervision-file.ts';

/**
 * The supervision file (监管档案) of an enterprise or a project: everything that ever happened to
 * it — inspections, hazards and each step of their rectification, documents, cases, alarms — as
 * one timeline, and as one PDF dossier. Scoped like its parts: an enterprise's manager sees their
 * own file, without drafts or cases.
 */
type Db = Kysely<DB>;

const EVENT_TEXT: Record<string, string> = {
  report: '上报隐患',
  confirm: '确认隐患',
  reject: '不予确认',
  rectify_on_spot: '现场整改完毕',
  order_rectification: '责令限期整改',
  submit_plan: '提交治理方案',
  list_for_supervision: '挂牌督办',
  start_rectification: '开始整改',
  submit_evidence: '提交整改材料',
  review: '整改复查',
  close_out: '销号',
  request_extension: '申请延期',
  decide_extension: '延期审批',
};
const INSPECTION_KIND: Record<string, string> = {
  routine: '日常检查',
  special: '专项检查',
  cross: '交叉检查',
  group: '督导检查',
  self: '企业自查',
  alarm_verification: '预警核查',
};

export async function supervisionFile(db: Db, actor: Actor, subject: Subject, id: string, limit = 1000) {
  const s = await subjectInScope(db, actor, subject, id);
  if (!s) throw notFound(subject === 'enterprise' ? 'Enterprise' : 'Project');
  const col = subject === 'enterprise' ? 'enterprise_id' : 'project_id';
  const entries: TimelineEntry[] = [];
  const regulator = isRegulator(actor);

  const inspections = await inspectionsOf(db, actor, col, id, regulator);
  for (const i of inspections) {
    entries.push({
      at: new Date(i.started_at ?? i.created_at).toISOString(),
      kind: 'inspection',
      title: `${INSPECTION_KIND[i.kind] ?? i.kind} ${i.number}`,
      detail: [i.title, statusZh(i.status)].filter(Boolean).join(' · '),
      subjectId: i.id,
      link: `/inspections/${i.id}`,
    });
  }

  const hazards = await hazardsOf(db, actor, col, id);
  const hazardIds = hazards.map((h) => h.id);
  for (const h of hazards) {
    entries.push({
      at: new Date(h.found_at).toISOString(),
      kind: 'hazard',
      title: `发现${HAZARD_GRADE_NAMES[h.grade] ?? ''}事故隐患：${h.title}`,
      detail: `当前状态：${HAZARD_STATUS_NAMES[h.status] ?? h.status}`,
      subjectId: h.id,
      link: `/hazards/${h.id}`,
    });
  }
  if (hazardIds.length) {
    const events = await hazardEventsOf(db, hazardIds);
    for (const e of events) {
      const h = hazards.find((x) => x.id === e.hazard_id)!;
      const p = (e.payload ?? {}) as Record<string, unknown>;
      const extra =
        e.type === 'review'
          ? p.accepted
            ? '（通过）'
            : '（未通过）'
          : e.type === 'decide_extension'
            ? p.approved
              ? '（批准）'
              : '（不批准）'
            : '';
      entries.push({
        at: new Date(e.at).toISOString(),
        kind: 'hazard',
        title: `${EVENT_TEXT[e.type] ?? e.type}${extra}：${h.title}`,
        detail: `${e.actor_name}${p.comment ? ` · ${p.comment}` : p.reason ? ` · ${p.reason}` : ''}`,
        subjectId: h.id,
        link: `/hazards/${h.id}`,
      });
    }
  }

  const docs = await issuedDocumentsOf(db, actor, col, id);
  for (const d of docs) {
    entries.push({
      at: new Date(d.issued_at ?? d.created_at).toISOString(),
      kind: 'document',
      title: `签发${DOCUMENT_KIND_NAMES[d.kind as DocumentKind] ?? d.kind} ${d.number}`,
      detail: d.issued_by_name ?? '',
      subjectId: d.id,
      link: `/documents/${d.id}`,
    });
  }

  if (regulator) {
    const cases = await casesOf(db, actor, col, id);
    for (const c of cases) {
      entries.push({
        at: new Date(c.opened_at).toISOString(),
        kind: 'case',
        title: `立案 ${c.number}`,
        detail: c.title,
        subjectId: c.id,
        link: `/cases/${c.id}`,
      });
      if (c.closed_at)
        entries.push({
          at: new Date(c.closed_at).toISOString(),
          kind: 'case',
          title: `结案 ${c.number}`,
          detail: c.closing_note ?? '',
          subjectId: c.id,
          link: `/cases/${c.id}`,
        });
    }
    const alarms = await alarmsOf(db, actor, col, id);
    for (const a of alarms)
      entries.push({
        at: new Date(a.first_event_at).toISOString(),
        kind: 'alarm',
        title: `预警 ${a.number}：${ALARM_TYPE_NAMES[a.type] ?? a.rule_name ?? '其他预警'}`,
        detail: `${ALARM_SEVERITY_NAMES[a.severity] ?? ''} · ${ALARM_STATUS_NAMES[a.status] ?? ''}`,
        subjectId: a.id,
        link: `/alarms/${a.id}`,
      });
  }

  if (subject === 'enterprise') {
    for (const x of await accountabilityOf(db, actor, id))
      entries.push({
        at: new Date(x.held_at ?? x.created_at).toISOString(),
        kind: 'accountability',
        title: `${ACCOUNTABILITY_KIND_NAMES[x.kind] ?? x.kind}：${x.title}`,
        detail: [
          x.person_name,
          x.issuer_name,
          `期限 ${x.deadline}`,
          ACCOUNTABILITY_STATUS_NAMES[x.status] ?? x.status,
        ]
          .filter(Boolean)
          .join(' · '),
        subjectId: x.id,
        link: `/accountability/${x.id}`,
      });
  }

  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const counts: Record<string, number> = {
    inspections: inspections.length,
    hazards: hazards.length,
    openHazards: hazards.filter((h) => !['closed', 'rejected'].includes(h.status)).length,
    documents: docs.length,
  };
  return {
    subject: { kind: subject, id: s.id, name: s.name, regionCode: s.region_code },
    counts,
    entries: entries.slice(0, limit),
  };
}

const statusZh = (s: string) =>
  ({ draft: '草稿', in_progress: '进行中', signed: '已签字', finished: '已完成', cancelled: '已取消' })[s] ??
  s;
const KIND_ZH: Record<string, string> = {
  inspection: '检查',
  hazard: '隐患',
  document: '文书',
  case: '案件',
  alarm: '预警',
  accident: '事故',
  accountability: '问责',
};

/** The supervision file as one PDF dossier. */
export async function supervisionFilePdf(
  db: Db,
  deps: Pick<Deps, 'config' | 'now'>,
  actor: Actor,
  subject: Subject,
  id: string,
) {
  const file = await supervisionFile(db, actor, subject, id, 5000);
  const tz = deps.config.TIME_ZONE;
  const now = deps.now();
  const blocks: Block[] = [
    {
      type: 'fields',
      rows: [
        [subject === 'enterprise' ? '企业' : '项目', file.subject.name],
        ['行政区划', (await regionNames(db, file.subject.regionCode)).join('') || '—'],
        ['检查', String(file.counts.inspections)],
        ['隐患（未销案）', `${file.counts.hazards}（${file.counts.openHazards}）`],
        ['已签发文书', String(file.counts.documents)],
      ],
    },
    { type: 'heading', text: '监管记录（按时间倒序）' },
    {
      type: 'table',
      columns: [
        { title: '时间', width: 2.2 },
        { title: '类别', width: 0.9 },
        { title: '事项', width: 5 },
        { title: '说明', width: 3.2 },
      ],
      rows: file.entries.map((e) => [
        zhDateTime(tz, e.at, true),
        KIND_ZH[e.kind] ?? e.kind,
        e.title,
        e.detail,
      ]),
    },
  ];
  const pdf = await renderPdf({
    authorityName: 'Redline 安全生产监管平台',
    title: '监管档案',
    number: null,
    report: {
      subtitle: `${file.subject.name} · 导出于 ${zhDateTime(tz, now, true)} · 导出人 ${actor.displayName}`,
    },
    blocks,
    verifyUrl: null,
    documentId: file.subject.id,
    contentDigest: null,
    createdAt: now,
  });
  return { pdf, filename: `supervision-file-${subject}-${id}.pdf` };
}
