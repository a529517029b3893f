import { useState } from 'react';
import { App, Button, Card, Flex, Input, Popconfirm, Select, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InspectorConflictView, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

const PATHS = { enterprise: 'enterprises', project: 'projects' } as const;

/**
 * Declared conflicts of interest (回避申报): an officer declares their own; the draw never assigns
 * them to that enterprise (or its projects) or project from the next committed plan on.
 */
export function ConflictsCard() {
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const officer = me.role === 'inspector' || me.role === 'leader' || me.role === 'admin';
  const [kind, setKind] = useState<'enterprise' | 'project'>('enterprise');
  const [search, setSearch] = useState('');
  const [target, setTarget] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const list = useQuery({
    queryKey: ['inspector-conflicts'],
    queryFn: () => api<InspectorConflictView[]>('/inspector-conflicts'),
    enabled: officer,
  });
  const found = useQuery({
    queryKey: ['conflict-target-search', kind, search],
    queryFn: () =>
      api<PageOf<{ id: string; name: string }>>(`/${PATHS[kind]}`, { query: { q: search, pageSize: 20 } }),
    enabled: officer,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['inspector-conflicts'] });
  const declare = useMutation({
    mutationFn: () =>
      api('/inspector-conflicts', {
        method: 'POST',
        body: { targetKind: kind, targetId: target, reason: reason.trim() },
      }),
    onSuccess: () => {
      setTarget(undefined);
      setReason('');
      refresh();
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => api(`/inspector-conflicts/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
    onError: (e) => message.error(errorMessage(t, e)),
  });
  if (!officer) return null;
  return (
    <Card size="small" title={t('sc.conflicts')} style={{ marginTop: 12 }} data-testid="conflicts-card">
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Select
          value={kind}
          style={{ width: 110 }}
          aria-label={t('wz.targetKind')}
          onChange={(k) => {
            setKind(k);
            setTarget(undefined);
          }}
          options={(['enterprise', 'project'] as const).map((k) => ({
            value: k,
            label: t(`sc.target.${k}` as MessageKey),
          }))}
        />
        <Select
          showSearch
          filterOption={false}
          onSearch={setSearch}
          value={target}
          onChange={setTarget}
          options={(found.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
          style={{ flex: 1, minWidth: 200 }}
          placeholder={t('sc.task.target')}
          aria-label={t('sc.task.target')}
        />
        <Input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('sc.conflict.reasonPh')}
          maxLength={500}
          style={{ flex: 2, minWidth: 200 }}
        />
        <Button
          disabled={!target || !reason.trim()}
          loading={declare.isPending}
          onClick={() => declare.mutate()}
        >
          {t('sc.conflict.declare')}
        </Button>
      </Flex>
      <Table<InspectorConflictView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list.data ?? []}
        columns={[
          { title: t('sc.conflict.officer'), dataIndex: 'userName', width: 120 },
          {
            title: t('sc.task.target'),
            key: 'target',
            render: (_, c) => (
              <>
                <Tag>{t(`sc.target.${c.targetKind}` as MessageKey)}</Tag>
                {c.targetName}
              </>
            ),
          },
          { title: t('sc.conflict.reason'), dataIndex: 'reason' },
          {
            title: t('sc.conflict.at'),
            dataIndex: 'declaredAt',
            width: 120,
            render: (d: string) => d.slice(0, 10),
          },
          {
            title: '',
            key: 'x',
            width: 80,
            render: (_, c) =>
              c.userId === me.id || me.role !== 'inspector' ? (
                <Popconfirm title={t('sc.conflict.withdrawConfirm')} onConfirm={() => withdraw.mutate(c.id)}>
                  <Button size="small" type="link">
                    {t('sc.conflict.withdraw')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
