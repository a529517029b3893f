import { Collapse, Flex, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExplanationStep, InspectionTargetKind, InspectionView, ScoreView } from '@redline/contracts';
import { loadInspectionView } from '../offline/client';
import { localName, useLang, useT, type TFunction } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { formatDateTime } from '../../lib/time';

/** Pieces shared by the inspection pages: the view query, tags, the score with its explanation. */
/** The registry API path of each kind of inspection target. */
export const TARGET_PATHS: Record<InspectionTargetKind, string> = {
  enterprise: 'enterprises',
  project: 'projects',
  site: 'sites',
  equipment: 'equipment',
};

export const inspectionKey = (id: string) => ['inspection', id] as const;

export function useInspection(id: string | undefined) {
  return useQuery({
    queryKey: inspectionKey(id ?? ''),
    queryFn: () => loadInspectionView(id!),
    enabled: !!id,
    networkMode: 'always',
    staleTime: 5_000,
  });
}

/** Puts a fresh view (every write answers with one) into the cache. */
export function useSetInspection() {
  const qc = useQueryClient();
  return (v: InspectionView) => {
    qc.setQueryData(inspectionKey(v.id), v);
    void qc.invalidateQueries({ queryKey: ['inspections'] });
  };
}

const KIND_COLOUR: Record<string, string> = {
  routine: 'blue',
  special: 'purple',
  cross: 'magenta',
  group: 'geekblue',
  self: 'cyan',
  alarm_verification: 'orange',
};
const STATUS_COLOUR: Record<string, string> = {
  draft: 'default',
  in_progress: 'processing',
  signed: 'gold',
  finished: 'success',
  cancelled: 'default',
};
const GRADE_COLOUR: Record<string, string> = { excellent: 'green', qualified: 'blue', unqualified: 'red' };

export function KindTag({ kind }: { kind: string }) {
  const t = useT();
  return <Tag color={KIND_COLOUR[kind]}>{t(`in.kind.${kind}` as MessageKey)}</Tag>;
}
export function InspectionStatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOUR[status]} data-testid="inspection-status" data-status={status}>
      {t(`in.status.${status}` as MessageKey)}
    </Tag>
  );
}
export function GradeBadge({
  grade,
  total,
  provisional = false,
}: {
  grade: string | null;
  total: number | null;
  provisional?: boolean;
}) {
  const t = useT();
  if (!grade || total === null) return null;
  return (
    <Tag
      color={provisional ? undefined : GRADE_COLOUR[grade]}
      data-testid="grade-badge"
      data-grade={grade}
      data-total={total}
      style={{ fontSize: 14, padding: '2px 8px', ...(provisional && { borderStyle: 'dashed' }) }}
    >
      {provisional ? `${t('in.provisionalShort')} ` : ''}
      {total.toFixed(1)} · {t(`in.grade.${grade}` as MessageKey)}
    </Tag>
  );
}

/** One explanation step in the UI language; numbers shown with at most two decimals. */
export function explain(t: TFunction, s: ExplanationStep): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(s.params)) vars[k] = typeof v === 'number' ? Number(v.toFixed(2)) : v;
  const key = `ex.${s.code}` as MessageKey;
  const text = t(key, vars);
  return text === key ? `${s.code} ${JSON.stringify(s.params)}` : text;
}

/** The JGJ 59 score: summary, grade, and every table — each figure with how it was reached. */
export function ScorePanel({ score, compact = false }: { score: ScoreView; compact?: boolean }) {
  const t = useT();
  const [lang] = useLang();
  const s = score.summary;
  const nameOf = (key: string) => localName(lang, s?.items.find((i) => i.key === key)?.name) ?? key;
  const explainAll = (steps: ExplanationStep[]) =>
    steps.map((e, i) => (
      <li key={i}>
        {explain(
          t,
          e.params.item && typeof e.params.item === 'string' && s?.items.some((x) => x.key === e.params.item)
            ? { ...e, params: { ...e.params, item: nameOf(e.params.item) } }
            : e,
        )}
      </li>
    ));
  return (
    <div data-testid="score-panel">
      <Flex align="center" gap={8} wrap>
        {s ? (
          <>
            <Typography.Text strong style={{ fontSize: 22 }} data-testid="score-total">
              {s.total.toFixed(1)}
            </Typography.Text>
            <GradeBadge grade={s.grade} total={s.total} />
          </>
        ) : (
          <Typography.Text type="secondary">{score.summaryError?.message ?? '—'}</Typography.Text>
        )}
        {score.provisional ? <Tag color="orange">{t('in.provisional', { n: score.pending })}</Tag> : null}
      </Flex>
      {s ? (
        <Typography.Paragraph style={{ margin: '4px 0' }}>{explain(t, s.gradeReason)}</Typography.Paragraph>
      ) : null}
      <Collapse
        size="small"
        ghost={compact}
        items={[
          {
            key: 'how',
            label: t('in.howReached'),
            children: (
              <div data-testid="score-explanation">
                {s ? <ul className="explain">{explainAll(s.explanation)}</ul> : null}
                {s?.items
                  .filter((i) => i.present)
                  .map((i) => (
                    <div key={i.key}>
                      <Typography.Text strong>{localName(lang, i.name)}</Typography.Text>
                      <ul className="explain">{explainAll(i.explanation)}</ul>
                    </div>
                  ))}
                {score.tables.map((tb) => (
                  <div key={tb.moduleCode}>
                    <Typography.Text strong>
                      {tb.table} {localName(lang, tb.name)}：
                      {tb.present ? (tb.score === null ? tb.error?.message : tb.score.toFixed(1)) : '—'}
                    </Typography.Text>
                    <ul className="explain">{explainAll(tb.explanation)}</ul>
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}

/** In the jurisdiction's zone (lib/time.ts); the same digits in both languages. */
export const fmtTime = (iso: string | null | undefined, _lang?: string) => formatDateTime(iso);
