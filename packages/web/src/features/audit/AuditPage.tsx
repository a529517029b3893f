import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import { CloudDownloadOutlined, SafetyOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { AuditEntry, ChainReport, CheckpointCheck, PageOf, VerifyAuditResult } from '@redline/contracts';
import { api, downloadFile, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useTableToolbar } from '../../components/TableToolbar';
import type { ColumnsType } from 'antd/es/table';
import { useLang, useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime } from '../hazards/shared';
import { zoneLabel } from '../../lib/time';
import { actionLabel, actorLabel, isSystemActor, subjectLabel } from './labels';

/** The administrator's view of the audit chain: verify it, export and check signed checkpoints, read recent entries. */
export default function AuditPage() {
  const t = useT();
  const [lang] = useLang();
  const { message } = AntApp.useApp();
  const [result, setResult] = useState<VerifyAuditResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [check, setCheck] = useState<CheckpointCheck | null>(null);
  const entries = useQuery({
    queryKey: ['audit', 'entries'],
    queryFn: () => api<PageOf<AuditEntry>>('/audit/entries', { query: { pageSize: 50 } }),
  });

  async function verify() {
    setVerifying(true);
    try {
      setResult(await api<VerifyAuditResult>('/audit/verify'));
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setVerifying(false);
    }
  }
  async function checkFile(file: File) {
    try {
      const body = JSON.parse(await file.text());
      setCheck(await api<CheckpointCheck>('/audit/checkpoint/verify', { method: 'POST', body }));
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  }

  const columns: ColumnsType<AuditEntry> = [
    {
      title: t('audit.timeIn', { zone: zoneLabel(lang) }),
      key: 'at',
      width: 160,
      render: (_, e) => fmtTime(e.at),
    },
    { title: t('audit.chain'), key: 'chain', width: 110, render: (_, e) => `${e.chain}#${e.seq}` },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 170,
      render: (_, e) =>
        isSystemActor(e.actorName, e.actorRole) ? (
          <Tag color="geekblue" data-testid="audit-system-actor">
            {actorLabel(t, e.actorName, e.actorRole)}
          </Tag>
        ) : (
          e.actorName
        ),
    },
    {
      title: t('audit.action'),
      key: 'action',
      width: 180,
      render: (_, e) => (
        <span title={e.action} data-testid="audit-action">
          {actionLabel(t, e.action)}
        </span>
      ),
    },
    {
      title: t('audit.subject'),
      key: 'subject',
      render: (_, e) => subjectLabel(t, e.subjectType, e.subjectId, e.subjectName),
    },
    {
      title: t('audit.hash'),
      key: 'hash',
      width: 130,
      render: (_, e) => <Typography.Text code>{e.hash.slice(0, 12)}</Typography.Text>,
    },
  ];
  const tb = useTableToolbar('audit', columns, {
    onRefresh: () => void entries.refetch(),
    refreshing: entries.isFetching,
  });

  return (
    <div data-testid="audit-page">
      <PageHeader
        title={t('audit.title')}
        sub={<Typography.Text type="secondary">{t('audit.sub')}</Typography.Text>}
        extra={
          <>
            <Button
              type="primary"
              icon={<SafetyOutlined />}
              loading={verifying}
              onClick={verify}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
            <Button
              icon={<CloudDownloadOutlined />}
              onClick={() =>
                downloadFile('/audit/checkpoint', {}, 'audit-checkpoint.json').catch((e) =>
                  message.error(String(e)),
                )
              }
            >
              {t('audit.checkpoint')}
            </Button>
            <Upload
              accept="application/json"
              showUploadList={false}
              beforeUpload={(f) => (checkFile(f), false)}
            >
              <Button icon={<UploadOutlined />}>{t('audit.checkCheckpoint')}</Button>
            </Upload>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('audit.checkpointHint')}</Typography.Paragraph>
      {result && (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="audit-result"
          data-ok={String(result.ok)}
        >
          {result.ok ? (
            <Alert type="success" showIcon message={t('audit.allOk', { n: result.chains.length })} />
          ) : (
            <Alert type="error" showIcon message={t('audit.broken')} />
          )}
          <CheckpointSummary result={result} />
          <Table<ChainReport>
            style={{ marginTop: 8 }}
            size="small"
            rowKey="chain"
            pagination={false}
            dataSource={result.chains}
            columns={[
              { title: t('audit.chain'), dataIndex: 'chain' },
              { title: t('audit.entries'), dataIndex: 'entries', width: 90 },
              { title: t('audit.head'), dataIndex: 'headSeq', width: 80 },
              {
                title: t('audit.cp.column'),
                key: 'checkpoint',
                render: (_, r) => {
                  const c = result.checkpoint?.chains.find((x) => x.chain === r.chain);
                  if (!c) return '—';
                  return c.ok ? (
                    <Tag color="green">
                      {t('audit.cp.kind.ok')} #{c.seq}
                    </Tag>
                  ) : (
                    <Space direction="vertical" size={0} data-testid="audit-checkpoint-problem">
                      <Tag color="red">{t(`audit.cp.kind.${c.kind}` as MessageKey)}</Tag>
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {c.message}
                      </Typography.Text>
                    </Space>
                  );
                },
              },
              {
                title: t('audit.result'),
                key: 'result',
                render: (_, r) =>
                  r.ok ? (
                    <Tag color="green">{t('audit.ok')}</Tag>
                  ) : (
                    <Space direction="vertical" size={0}>
                      <Tag color="red">
                        {t(`audit.problem.${r.problem!.kind}` as MessageKey)} #{r.problem!.seq}
                      </Tag>
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {r.problem!.message}
                      </Typography.Text>
                    </Space>
                  ),
              },
            ]}
          />
        </Card>
      )}
      {check && (
        <Alert
          style={{ marginBottom: 12 }}
          type={check.ok ? 'success' : 'error'}
          showIcon
          message={check.ok ? t('audit.checkpointOk') : t('audit.checkpointBad')}
          description={check.chains.map((c) => c.message).join('；')}
        />
      )}
      <Card size="small" title={t('audit.recent')}>
        {entries.error ? (
          <ErrorState error={entries.error} />
        ) : (
          <div ref={tb.ref} className="table-box">
            {tb.toolbar}
            <Table<AuditEntry>
              size={tb.size}
              rowKey="id"
              loading={entries.isFetching}
              dataSource={entries.data?.items}
              pagination={false}
              scroll={{ x: 900 }}
              columns={tb.columns}
            />
          </div>
        )}
      </Card>
    </div>
  );
}

/** The newest routine checkpoint's verdict and how routine checkpoints leave the building. */
function CheckpointSummary({ result }: { result: VerifyAuditResult }) {
  const t = useT();
  const { checkpoint: cp, routine } = result;
  const hook = routine.webhook;
  const routineLine = [
    t('audit.cp.routine', { minutes: routine.minutes, every: routine.every }),
    hook.configured
      ? t('audit.cp.webhook', { delivered: hook.delivered, pending: hook.pending, failing: hook.failing })
      : t('audit.cp.noWebhook'),
  ].join('；');
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 8 }} data-testid="audit-checkpoint">
      {result.checkpointError ? (
        <Alert type="error" showIcon message={t('audit.cp.error')} description={result.checkpointError} />
      ) : cp ? (
        <Alert
          type={cp.ok ? 'success' : 'error'}
          showIcon
          data-ok={String(cp.ok)}
          message={`${t(cp.ok ? 'audit.cp.ok' : 'audit.cp.bad', { time: fmtTime(cp.issuedAt) })}${cp.source === 'database' ? ' ' + t('audit.cp.fromDatabase') : ''}`}
          description={
            cp.ok
              ? undefined
              : [
                  ...(cp.signatureValid && cp.ourKey ? [] : [t('audit.checkpointBad')]),
                  ...cp.chains.filter((c) => !c.ok).map((c) => c.message),
                ].join('；')
          }
        />
      ) : (
        <Alert
          type="info"
          showIcon
          message={t('audit.cp.none', { minutes: routine.minutes, every: routine.every })}
        />
      )}
      {hook.failing > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('audit.cp.webhookFailing', { error: hook.lastError ?? '' })}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {routineLine}
      </Typography.Text>
    </Space>
  );
}
