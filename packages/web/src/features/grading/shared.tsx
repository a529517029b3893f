import { Tag, Tooltip } from 'antd';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import type { GradeBadge as GradeBadgeSchema } from '@redline/contracts';
import { api } from '../../api/client';
import { useT } from '../../i18n';

export type GradeLetter = 'A' | 'B' | 'C';
export type TargetKind = 'enterprise' | 'project';
export type Badge = Static<typeof GradeBadgeSchema>;

export const GRADE_COLOUR: Record<GradeLetter, string> = { A: 'green', B: 'gold', C: 'red' };

export const gradePath = (kind: TargetKind, id: string) => `/grades/${kind}/${id}`;

/** A grade letter as a tag, linking to its page ("why"); a hand sign when overridden. */
export function GradeTag(props: {
  grade: GradeLetter | null | undefined;
  overridden?: boolean;
  to?: string;
  testId?: string;
}) {
  const t = useT();
  const { grade, overridden, to } = props;
  const tag = (
    <Tag
      color={grade ? GRADE_COLOUR[grade] : 'default'}
      data-testid={props.testId ?? 'grade-tag'}
      data-grade={grade ?? ''}
      style={{ fontWeight: 600 }}
    >
      {grade ? t('gr.grade', { grade }) : t('gr.ungraded')}
      {overridden ? ' ✎' : ''}
    </Tag>
  );
  const inner = overridden ? <Tooltip title={t('gr.overridden')}>{tag}</Tooltip> : tag;
  return to ? <Link to={to}>{inner}</Link> : inner;
}

export function JointPunishmentTag() {
  const t = useT();
  return (
    <Tag color="volcano" data-testid="joint-punishment">
      {t('gr.joint')}
    </Tag>
  );
}

/** Grade badges of a page of a registry list (one request for the page). */
export function useGradeBadges(kind: TargetKind | null, ids: string[] | undefined) {
  const list = (ids ?? []).slice(0, 200);
  const q = useQuery({
    queryKey: ['grade-badges', kind, list],
    queryFn: () => api<Badge[]>('/grades/badges', { query: { kind: kind!, ids: list.join(',') } }),
    enabled: kind !== null && list.length > 0,
    staleTime: 30_000,
  });
  const map = new Map<string, Badge>();
  for (const b of q.data ?? []) map.set(b.targetId, b);
  return map;
}

/** The registry kind of a graded target, or null. */
export const gradedKindOf = (registryKind: string): TargetKind | null =>
  registryKind === 'enterprises' ? 'enterprise' : registryKind === 'projects' ? 'project' : null;
