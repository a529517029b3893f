import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Select, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApprovalView, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import { fmtInstant } from './shared';

type Expert = { id: string; name: string; specialty: string; registerNo: string };

/**
 * The expert panel of an approval: who sits on it (and whether they sign with their own login); the
 * regulator organising the review adds experts of the register (each audited).
 */
export function PanelCard({ v }: { v: ApprovalView }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [pick, setPick] = useState<string | undefined>();
  const experts = useQuery({
    queryKey: ['experts'],
    queryFn: () => api<PageOf<Expert>>('/experts', { query: { pageSize: 200 } }),
    enabled: v.may.assignExperts,
  });
  const add = useMutation({
    mutationFn: (expertId: string) =>
      api<ApprovalView>(`/approvals/${v.id}/experts`, { method: 'POST', body: { expertId } }),
    onSuccess: (res) => {
      qc.setQueryData(['approval', v.id], res);
      setPick(undefined);
      message.success(t('appr.panelAdded'));
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const remove = useMutation({
    mutationFn: (expertId: string) =>
      api<ApprovalView>(`/approvals/${v.id}/experts/${expertId}`, { method: 'DELETE' }),
    onSuccess: (res) => {
      qc.setQueryData(['approval', v.id], res);
      message.success(t('appr.panelRemoved'));
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const onPanel = new Set(v.panel.map((p) => p.expertId));
  const signed = new Set(v.opinions.map((o) => o.expertId).filter(Boolean));
  return (
    <Card
      size="small"
      title={t('appr.panel')}
      data-testid="panel-card"
      extra={
        v.may.assignExperts && (
          <Flex gap={8}>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={t('appr.panelPick')}
              style={{ width: 260 }}
              value={pick}
              onChange={setPick}
              loading={experts.isFetching}
              data-testid="panel-expert"
              options={(experts.data?.items ?? [])
                .filter((x) => !onPanel.has(x.id))
                .map((x) => ({ value: x.id, label: `${x.name}（${x.specialty || '—'} ${x.registerNo}）` }))}
            />
            <Button
              disabled={!pick}
              loading={add.isPending}
              onClick={() => pick && add.mutate(pick)}
              data-testid="panel-add"
            >
              {t('appr.panelAdd')}
            </Button>
          </Flex>
        )
      }
    >
      <Table
        rowKey="expertId"
        size="small"
        pagination={false}
        dataSource={v.panel}
        locale={{ emptyText: t('appr.panelEmpty') }}
        data-testid="panel-list"
        columns={[
          { title: t('appr.expert'), dataIndex: 'name' },
          {
            title: t('appr.panelWho'),
            render: (_, p) => [p.title, p.employer].filter(Boolean).join(' · ') || '—',
          },
          {
            title: '',
            width: 180,
            render: (_, p) =>
              p.hasAccount ? (
                <Tag color="blue">{t('appr.panelOwnLogin')}</Tag>
              ) : (
                <Tag>{t('appr.panelRecorded')}</Tag>
              ),
          },
          { title: t('appr.panelAssignedAt'), width: 150, render: (_, p) => fmtInstant(p.assignedAt) },
          ...(v.may.assignExperts && v.status === 'open'
            ? [
                {
                  title: '',
                  key: 'remove',
                  width: 90,
                  // an expert who signed stays on the panel (their opinion stays on the file)
                  render: (_: unknown, p: ApprovalView['panel'][number]) =>
                    signed.has(p.expertId) ? null : (
                      <Popconfirm
                        title={t('appr.panelRemoveConfirm', { name: p.name })}
                        onConfirm={() => remove.mutate(p.expertId)}
                        okButtonProps={{ danger: true, 'data-testid': 'panel-remove-confirm' } as never}
                      >
                        <Button size="small" type="link" danger data-testid="panel-remove">
                          {t('appr.panelRemove')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
