import { Link } from 'react-router';
import { Card, Flex, Grid, Segmented, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { GradeListItem, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { KeysetPager } from '../../components/KeysetPager';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useT } from '../../i18n';
import { fmtTime } from '../hazards/shared';
import { GradeTag, JointPunishmentTag, gradePath, type GradeLetter } from './shared';

/** The graded enterprises and projects of the jurisdiction: keyset paged, filter by kind and grade. */
export default function GradesListPage() {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const kind = sp.get('kind') ?? '';
  const grade = sp.get('grade') ?? '';
  const query = {
    cursor: paging.cursor,
    pageSize: 20,
    kind: kind || undefined,
    grade: grade || undefined,
    q: sp.get('q') || undefined,
  };
  const list = useQuery({
    queryKey: ['grades', query],
    queryFn: () => api<PageOf<GradeListItem>>('/grades', { query }),
    placeholderData: keepPreviousData,
  });
  return (
    <div data-testid="grades-page">
      <PageHeader
        title={t('gr.list.title')}
        sub={<Typography.Text type="secondary">{t('gr.list.sub')}</Typography.Text>}
      />
      <Card size="small">
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={kind}
            onChange={(v) => set({ kind: String(v) || undefined })}
            options={[
              { value: '', label: t('gr.filter.all') },
              { value: 'enterprise', label: t('gr.kind.enterprise') },
              { value: 'project', label: t('gr.kind.project') },
            ]}
            data-testid="grades-kind"
          />
          <Segmented
            value={grade}
            onChange={(v) => set({ grade: String(v) || undefined })}
            options={[
              { value: '', label: t('gr.filter.all') },
              { value: 'A', label: 'A' },
              { value: 'B', label: 'B' },
              { value: 'C', label: 'C' },
            ]}
            data-testid="grades-grade"
          />
          <SearchBox
            value={sp.get('q') ?? ''}
            onSearch={(q) => set({ q })}
            placeholder={t('gr.search')}
            width={screens.md ? 240 : '100%'}
          />
        </Flex>
        {list.error && !list.data ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<GradeListItem>
            rowKey="targetId"
            size={screens.md ? 'middle' : 'small'}
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: list.isPending ? ' ' : t('gr.empty') }}
            columns={[
              {
                key: 'name',
                title: t('gr.col.name'),
                render: (_, r) => (
                  <Flex gap={6} wrap align="center">
                    <Link to={gradePath(r.targetKind, r.targetId)} data-testid="grade-row-link">
                      {r.name}
                    </Link>
                    {r.jointPunishment && <JointPunishmentTag />}
                  </Flex>
                ),
              },
              {
                key: 'kind',
                title: t('gr.col.kind'),
                render: (_, r) => t(r.targetKind === 'enterprise' ? 'gr.kind.enterprise' : 'gr.kind.project'),
              },
              {
                key: 'grade',
                title: t('gr.col.grade'),
                render: (_, r) => <GradeTag grade={r.grade as GradeLetter} overridden={r.overridden} />,
              },
              { key: 'total', title: t('gr.col.total'), align: 'right', render: (_, r) => r.total },
              {
                key: 'model',
                title: t('gr.col.model'),
                render: (_, r) => `v${r.modelVersion}`,
                responsive: ['md'],
              },
              {
                key: 'at',
                title: t('gr.col.computedAt'),
                render: (_, r) => fmtTime(r.computedAt),
                responsive: ['md'],
              },
            ]}
          />
        )}
        {!list.error && <KeysetPager paging={paging} page={list.data} />}
      </Card>
    </div>
  );
}
