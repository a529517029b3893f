import type { Kysely } from 'kysely';
import {
  ACCIDENT_GRADE_LABELS,
  ACCOUNTABILITY_KIND_NAMES,
  ACCOUNTABILITY_STATUS_NAMES,
  ALARM_SEVERITY_NAMES,
  ALARM_STATUS_NAMES,
  ALARM_TYPE_NAMES,
  APPROVAL_KIND_NAMES,
  APPROVAL_STATUS_NAMES,
  AWARD_SCHEME_NAMES,
  CONCLUSION_NAMES,
  DOCUMENT_KIND_NAMES,
  HAZARD_GRADE_NAMES,
  HAZARD_STATUS_NAMES,
  type DocumentKind,
} from '@redline/contracts';
import { APPROVAL_WORKFLOWS, PARTY_NAMES } from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Deps } from '../../http/context.ts';
import { isRegulator } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { renderPdf, type Block } from '../../pdf/render.ts';
import { zhDateTime } from '../hazards/time.ts';
import { xlsxOf } from '../registry/sheets.ts';
import {
  accountabilityOf,
  alarmsOf,
  hazardEventsOf,
  hazardsOf,
  inspectionsOf,
  issuedDocumentsOf,
  regionNames,
} from '../enforcement/repo/supervision-file.ts';
import {
  accidentsOfProject,
  approvalsWithOpinions,
  auditEntriesOf,
  awardsOfProject,
  partiesOf,
  projectHeader,
  type AuditRow,
} from './project-file-repo.ts';
import { projectLifeCycleRecords } from '../projects/file-entries.ts';

/**
 * The project's supervision file (项目监管档案): from approval to completion — approvals with every
 * signed opinion and the materials hash it judged, inspections with their JGJ 59 scores, hazards and
 * each step of their rectification, issued documents, alarms and their handling, accidents,
 * accountability actions on the project's parties, model-project awards — each entry with the audit
 * record it traces to (chain, sequence number, hash: `/api/audit/verify` checks them). Scoped like
 * its parts. Life-cycle stage steps (who, when, materials and their SHA-256) and survey / design
 * requests are read through the projects module's `projectLifeCycleRecords`; each traces to its own
 * audit action (`project.<step>`, `project.request_*`) on the project.
 */
type Db = Kysely<DB>;

export const FILE_SECTIONS = {
  stage: '项目阶段',
  request: '勘察设计函件',
  approval: '审批与意见',
  inspection: '监督检查与评分',
  hazard: '隐患与整改',
  document: '执法文书',
  alarm: '预警与处置',
  accident: '事故',
  accountability: '问责',
  award: '示范工程评选',
} as const;
type Section = keyof typeof FILE_SECTIONS;

export interface FileEntry {
  section: Section;
  at: string;
  title: string;
  detail: string;
  subjectType: string;
  subjectId: string;
  /** Trace only to audit entries of this action (several kinds of entry share the project as subject). */
  auditAction?: string;
  audit: { chain: string; seq: number; hash: string } | null;
}

const PARTY_ZH: Record<string, string> = {
  ...PARTY_NAMES,
  regulator: '监督机构',
  expert: '专家',
};
const STAGE_ZH: Record<string, string> = {
  registered: '已登记',
  supervision_filed: '已办理安全监督手续',
  permitted: '已取得施工许可',
  under_construction: '在建',
  suspended: '停工',
  completion_accepted: '已竣工验收',
  archived: '已归档',
};
const STAGE_STEP_ZH: Record<string, string> = {
  file_supervision: '办理安全监督手续',
  grant_permit: '核发施工许可',
  start_construction: '开工',
  suspend: '停工',
  resume: '复工',
  accept_completion: '竣工验收',
  archive: '归档',
};
const REQUEST_STATUS_ZH: Record<string, string> = { open: '待答复', answered: '已答复', closed: '已关闭' };
const PROJECT_STATUS_ZH: Record<string, string> = {
  approved: '已批准（未开工）',
  under_construction: '在建',
  suspended: '停工',
  completed: '竣工',
};
const INSPECTION_STATUS_ZH: Record<string, string> = {
  draft: '草稿',
  in_progress: '进行中',
  signed: '已签字',
  finished: '已完成',
  cancelled: '已取消',
};
const JGJ59_GRADE_ZH: Record<string, string> = {
  excellent: '优良',
  qualified: '合格',
  unqualified: '不合格',
};
const HAZARD_EVENT_ZH: Record<string, string> = {
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
const AWARD_STATUS_ZH: Record<string, string> = {
  applied: '已申报',
  evaluated: '已评分',
  awarded: '获评',
  declined: '未获评',
};

const isoOf = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The score an inspection froze at finish (JGJ 59 summary total and grade), as text. */
function scoreText(score: unknown): string {
  const list = Array.isArray(score) ? (score as { summary?: { total?: number; grade?: string } }[]) : [];
  const s = list.find((x) => x.summary)?.summary;
  if (!s || typeof s.total !== 'number') return '';
  return `JGJ 59 得分 ${s.total}${s.grade ? `（${JGJ59_GRADE_ZH[s.grade] ?? s.grade}）` : ''}`;
}

export async function projectFile(db: Db, actor: Actor, id: string) {
  const p = await projectHeader(db, actor, id);
  if (!p) throw notFound('Project');
  const regulator = isRegulator(actor);
  const entries: Omit<FileEntry, 'audit'>[] = [];
  const push = (e: Omit<FileEntry, 'audit'>) => entries.push(e);

  const life = await projectLifeCycleRecords(db, id);
  for (const e of life.stageEvents) {
    const mats = (typeof e.materials === 'string' ? JSON.parse(e.materials) : e.materials) as {
      name?: string;
      sha256: string;
    }[];
    push({
      section: 'stage',
      at: isoOf(e.at),
      title: `${STAGE_STEP_ZH[e.type] ?? e.type}：${STAGE_ZH[e.from_stage] ?? e.from_stage} → ${STAGE_ZH[e.to_stage] ?? e.to_stage}`,
      detail: [
        `${e.actor_party ? (PARTY_ZH[e.actor_party] ?? e.actor_party) + ' ' : ''}${e.actor_name}`,
        e.permit_no ? `许可证号 ${e.permit_no}` : '',
        e.reason ? `理由：${e.reason}` : '',
        mats.length
          ? `材料：${mats.map((m) => `${m.name ?? ''}（SHA-256 ${m.sha256.slice(0, 16)}…）`).join('；')}`
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
      subjectType: 'project',
      subjectId: id,
      auditAction: `project.${e.type}`,
    });
  }
  for (const r of life.requests) {
    const to = PARTY_ZH[r.to_party] ?? r.to_party;
    const trail: [string, Date | null, string, string][] = [
      ['request_sent', r.asked_at, `致${to}：${r.subject}`, `${r.asked_by_name}：${r.question}`],
      [
        'request_answered',
        r.answered_at,
        `${to}答复：${r.subject}`,
        `${r.answered_by_name ?? ''}：${r.answer ?? ''}`,
      ],
      ['request_closed', r.closed_at, `关闭：${r.subject}`, REQUEST_STATUS_ZH[r.status] ?? r.status],
    ];
    for (const [action, at, title, detail] of trail)
      if (at)
        push({
          section: 'request',
          at: isoOf(at),
          title,
          detail,
          subjectType: 'project',
          subjectId: id,
          auditAction: `project.${action}`,
        });
  }

  const { approvals, opinions } = await approvalsWithOpinions(db, actor, id);
  for (const a of approvals) {
    push({
      section: 'approval',
      at: isoOf(a.created_at),
      title: `${APPROVAL_KIND_NAMES[a.kind]}：${a.title}${a.beyond_scale ? '（超过一定规模）' : ''}`,
      detail: `发起；当前：${APPROVAL_STATUS_NAMES[a.status]}`,
      subjectType: 'approval',
      subjectId: a.id,
    });
    const steps = APPROVAL_WORKFLOWS[a.kind].steps;
    for (const o of opinions.filter((x) => x.approval_id === a.id)) {
      const step = steps.find((s) => s.code === o.step_code);
      push({
        section: 'approval',
        at: isoOf(o.signed_at),
        title: `${step?.nameZh ?? o.step_code}${o.round ? `（第${o.round + 1}轮）` : ''}：${o.expert_name ? `专家 ${o.expert_name}` : `${PARTY_ZH[o.acting_as] ?? o.acting_as} ${o.actor_name}`}${o.conclusion ? ` · ${CONCLUSION_NAMES[o.conclusion] ?? o.conclusion}` : ''}`,
        detail: `${o.opinion}｜材料哈希 ${o.materials_hash.slice(0, 16)}…`,
        subjectType: 'approval_opinion',
        subjectId: o.id,
      });
    }
  }

  const inspections = await inspectionsOf(db, actor, 'project_id', id, regulator);
  for (const i of inspections)
    push({
      section: 'inspection',
      at: isoOf(i.started_at ?? i.created_at),
      title: `检查 ${i.number}${i.title ? `：${i.title}` : ''}`,
      detail: [INSPECTION_STATUS_ZH[i.status] ?? i.status, scoreText(i.score)].filter(Boolean).join(' · '),
      subjectType: 'inspection',
      subjectId: i.id,
    });

  const hazards = await hazardsOf(db, actor, 'project_id', id);
  const hazardTitle = new Map(hazards.map((h) => [h.id, h.title]));
  for (const h of hazards)
    push({
      section: 'hazard',
      at: isoOf(h.found_at),
      title: `发现${HAZARD_GRADE_NAMES[h.grade] ?? ''}事故隐患：${h.title}`,
      detail: `当前状态：${HAZARD_STATUS_NAMES[h.status] ?? h.status}`,
      subjectType: 'hazard',
      subjectId: h.id,
    });
  if (hazards.length)
    for (const e of await hazardEventsOf(
      db,
      hazards.map((h) => h.id),
    )) {
      if (e.type === 'report') continue; // the finding itself is the entry above
      const pl = (e.payload ?? {}) as Record<string, unknown>;
      push({
        section: 'hazard',
        at: isoOf(e.at),
        title: `${HAZARD_EVENT_ZH[e.type] ?? e.type}：${hazardTitle.get(e.hazard_id) ?? ''}`,
        detail: [e.actor_name, typeof pl.comment === 'string' ? pl.comment : ''].filter(Boolean).join(' · '),
        subjectType: 'hazard',
        subjectId: e.hazard_id,
      });
    }

  for (const d of await issuedDocumentsOf(db, actor, 'project_id', id))
    push({
      section: 'document',
      at: isoOf(d.issued_at ?? d.created_at),
      title: `签发${DOCUMENT_KIND_NAMES[d.kind as DocumentKind] ?? d.kind} ${d.number}`,
      detail: d.issued_by_name ?? '',
      subjectType: 'document',
      subjectId: d.id,
    });

  if (regulator)
    for (const a of await alarmsOf(db, actor, 'project_id', id))
      push({
        section: 'alarm',
        at: isoOf(a.first_event_at),
        title: `预警 ${a.number}：${ALARM_TYPE_NAMES[a.type as keyof typeof ALARM_TYPE_NAMES] ?? a.rule_name ?? '其他预警'}`,
        detail: `${ALARM_SEVERITY_NAMES[a.severity as keyof typeof ALARM_SEVERITY_NAMES] ?? ''} · ${ALARM_STATUS_NAMES[a.status as keyof typeof ALARM_STATUS_NAMES] ?? a.status}`,
        subjectType: 'alarm',
        subjectId: a.id,
      });

  for (const a of await accidentsOfProject(db, actor, id))
    push({
      section: 'accident',
      at: isoOf(a.occurred_at),
      title: `${ACCIDENT_GRADE_LABELS[a.grade]}：${a.address}`,
      detail: `死亡 ${a.deaths} 人，重伤 ${a.serious_injuries} 人`,
      subjectType: 'accident',
      subjectId: a.id,
    });

  const parties = await partiesOf(db, id);
  const enterprises = [...new Set(parties.map((x) => x.enterprise_id).filter((x): x is string => !!x))];
  for (const e of enterprises)
    for (const x of await accountabilityOf(db, actor, e))
      push({
        section: 'accountability',
        at: isoOf(x.held_at ?? x.created_at),
        title: `${ACCOUNTABILITY_KIND_NAMES[x.kind as keyof typeof ACCOUNTABILITY_KIND_NAMES] ?? x.kind}：${x.title}`,
        detail: [
          x.issuer_name,
          ACCOUNTABILITY_STATUS_NAMES[x.status as keyof typeof ACCOUNTABILITY_STATUS_NAMES] ?? x.status,
        ]
          .filter(Boolean)
          .join(' · '),
        subjectType: 'accountability_action',
        subjectId: x.id,
      });

  for (const w of await awardsOfProject(db, id))
    push({
      section: 'award',
      at: isoOf(w.decided_at ?? w.applied_at),
      title: `${AWARD_SCHEME_NAMES[w.scheme]} ${w.year}：${AWARD_STATUS_ZH[w.status] ?? w.status}`,
      detail: [
        w.total_score !== null ? `评分 ${w.total_score}` : '',
        w.status === 'awarded' ? `安全文明施工费上浮 ${Number(w.fee_uplift_percent)}%` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      subjectType: 'model_project_award',
      subjectId: w.id,
    });

  // Each entry → the audit entry of its record nearest in time (written in the same transaction).
  const bySubject = new Map<string, AuditRow[]>();
  const types = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!types.has(e.subjectType)) types.set(e.subjectType, new Set());
    types.get(e.subjectType)!.add(e.subjectId);
  }
  const audit = await auditEntriesOf(
    db,
    [...types].map(([type, ids]) => ({ type, ids: [...ids] })),
  );
  for (const r of audit) {
    const k = `${r.subject_type}:${r.subject_id}`;
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k)!.push(r);
  }
  const withAudit: FileEntry[] = entries.map((e) => {
    const list = (bySubject.get(`${e.subjectType}:${e.subjectId}`) ?? []).filter(
      (r) => !e.auditAction || r.action === e.auditAction,
    );
    const t = Date.parse(e.at);
    let best: AuditRow | null = null;
    for (const r of list)
      if (!best || Math.abs(r.at.getTime() - t) < Math.abs(best.at.getTime() - t)) best = r;
    return { ...e, audit: best ? { chain: best.chain, seq: best.seq, hash: best.hash } : null };
  });
  for (const e of withAudit) delete e.auditAction;
  withAudit.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    project: {
      id: p.id,
      name: p.name,
      regionCode: p.region_code,
      status: p.status,
      stage: p.stage,
      permitNo: p.permit_no,
      address: p.address,
      startOn: p.start_on,
      plannedCompletionOn: p.planned_completion_on,
    },
    parties,
    entries: withAudit,
  };
}

const auditText = (a: FileEntry['audit']) =>
  a ? `${a.chain}#${a.seq} ${a.hash.slice(0, 12)}` : '无审计记录';

/** The project's supervision file as one PDF: a header, then one table per section in time order. */
export async function projectFilePdf(db: Db, deps: Pick<Deps, 'config' | 'now'>, actor: Actor, id: string) {
  const f = await projectFile(db, actor, id);
  const tz = deps.config.TIME_ZONE;
  const now = deps.now();
  const blocks: Block[] = [
    {
      type: 'fields',
      rows: [
        ['项目', f.project.name],
        ['施工许可证号', f.project.permitNo || '—'],
        ['行政区划', (await regionNames(db, f.project.regionCode)).join('') || '—'],
        ['地址', f.project.address || '—'],
        ['项目状态', PROJECT_STATUS_ZH[f.project.status] ?? f.project.status],
        ['项目阶段', STAGE_ZH[f.project.stage] ?? f.project.stage],
        ...f.parties.map((x) => [PARTY_ZH[x.role] ?? x.role, x.name] as [string, string]),
      ],
    },
    {
      type: 'paragraph',
      text: '每条记录后注明其审计记录（链·序号 哈希前12位），可在审计核验中逐条核对。项目阶段列每次阶段变更的办理人、时间与材料（SHA-256）。',
    },
  ];
  for (const [section, title] of Object.entries(FILE_SECTIONS) as [Section, string][]) {
    const rows = f.entries.filter((e) => e.section === section);
    blocks.push({ type: 'heading', text: `${title}（${rows.length}）` });
    if (!rows.length) {
      blocks.push({ type: 'paragraph', text: '无记录。' });
      continue;
    }
    blocks.push({
      type: 'table',
      columns: [
        { title: '时间', width: 2.1 },
        { title: '事项', width: 4.2 },
        { title: '说明', width: 3.4 },
        { title: '审计记录', width: 2.3 },
      ],
      rows: rows.map((e) => [zhDateTime(tz, e.at, true), e.title, e.detail, auditText(e.audit)]),
    });
  }
  const pdf = await renderPdf({
    authorityName: 'Redline 安全生产监管平台',
    title: '项目监管档案',
    number: null,
    report: {
      subtitle: `${f.project.name} · 导出于 ${zhDateTime(tz, now, true)} · 导出人 ${actor.displayName}`,
    },
    blocks,
    verifyUrl: null,
    documentId: f.project.id,
    contentDigest: null,
    createdAt: now,
  });
  return { pdf, filename: `project-file-${f.project.name}.pdf` };
}

/** The same records as one Excel sheet, each row with its audit chain, sequence number and full hash. */
export async function projectFileXlsx(db: Db, deps: Pick<Deps, 'config'>, actor: Actor, id: string) {
  const f = await projectFile(db, actor, id);
  const tz = deps.config.TIME_ZONE;
  type E = FileEntry;
  const col = (key: string, zh: string, en: string, format: (e: E) => string | number) => ({
    key,
    zh,
    en,
    format: (v: unknown) => format(v as E),
  });
  const xlsx = await xlsxOf(
    '项目监管档案',
    [
      col('section', '类别', 'section', (e) => FILE_SECTIONS[e.section]),
      col('at', '时间', 'time', (e) => zhDateTime(tz, e.at, true)),
      col('title', '事项', 'item', (e) => e.title),
      col('detail', '说明', 'detail', (e) => e.detail),
      col('subjectType', '记录类型', 'record type', (e) => e.subjectType),
      col('subjectId', '记录编号', 'record id', (e) => e.subjectId),
      col('chain', '审计链', 'audit chain', (e) => e.audit?.chain ?? ''),
      col('seq', '审计序号', 'audit seq', (e) => e.audit?.seq ?? ''),
      col('hash', '审计哈希', 'audit hash', (e) => e.audit?.hash ?? ''),
    ],
    f.entries,
  );
  return { xlsx, filename: `project-file-${f.project.name}.xlsx` };
}
