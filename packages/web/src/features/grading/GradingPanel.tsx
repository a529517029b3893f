import { Link } from 'react-router';
import { Alert, Card, Flex, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { GradeView } from '@redline/contracts';
import { api } from '../../api/client';
import { useT } from '../../i18n';
import { CreditSection } from './CreditSection';
import { GradeTag, gradePath, type GradeLetter, type TargetKind } from './shared';

/**
 * On a registry page of an enterprise or project: its grade (linking to "why"), the joint-punishment
 * flags of it or its parties, and for an enterprise its credit records.
 */
export function GradingPanel({ registryKind, id }: { registryKind: string; id: string }) {
  const kind: TargetKind | null =
    registryKind === 'enterprises' ? 'enterprise' : registryKind === 'projects' ? 'project' : null;
  if (!kind) return null;
  return <Panel kind={kind} id={id} />;
}

function Panel({ kind, id }: { kind: TargetKind; id: string }) {
  const t = useT();
  const grade = useQuery({
    queryKey: ['grade', kind, id],
    queryFn: () => api<GradeView>(`/grades/${kind}/${id}`),
  });
  const g = grade.data;
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('gr.list.title')} data-testid="registry-grade">
        <Flex gap={12} wrap align="center">
          <GradeTag
            grade={(g?.grade ?? null) as GradeLetter | null}
            overridden={g?.overridden}
            to={gradePath(kind, id)}
          />
          {g?.computed && (
            <Typography.Text type="secondary">
              {t('gr.computedGrade', { grade: g.computed.grade, total: g.computed.total })}
            </Typography.Text>
          )}
          <Link to={gradePath(kind, id)} data-testid="registry-grade-link">
            {t('gr.viewGrade')}
          </Link>
        </Flex>
        {g?.jointPunishment.map((j) => (
          <Alert
            key={j.recordId}
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            message={t('gr.joint.flag', { name: j.enterpriseName, until: j.plannedEndOn })}
          />
        ))}
      </Card>
      {kind === 'enterprise' && <CreditSection enterpriseId={id} />}
    </Flex>
  );
}
