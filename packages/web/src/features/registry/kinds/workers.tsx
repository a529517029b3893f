import { useState } from 'react';
import type { Worker } from '@redline/contracts';
import { App, Button, Card, Flex, Space, Tag } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { errorMessage } from '../../../components/ErrorState';
import { SimpleList } from '../../../components/SimpleList';
import { CertificateStatusTag } from '../../../components/StatusTag';
import { canSeeFullIdNumber, canWrite } from '../../../lib/roles';
import type { Ctx, KindConfig } from '../types';
import { dash, detailPath, fmtTime, RefLink } from '../render';

const CERT_RANK: Record<string, number> = { expired: 0, review_due: 1, valid: 2 };

/** The certificates of a worker as coloured tags (worst first). */
function CertificateTags({ worker, ctx }: { worker: Worker; ctx: Ctx }) {
  if (!worker.certificates.length)
    return (
      <Tag data-testid="status-tag" data-status="none">
        {ctx.t('status.certificate.none')}
      </Tag>
    );
  const sorted = [...worker.certificates].sort(
    (a, b) => (CERT_RANK[a.status] ?? 9) - (CERT_RANK[b.status] ?? 9),
  );
  return (
    <Space size={[0, 4]} wrap>
      {sorted.map((c) => (
        <span key={c.id} title={`${c.categoryName} ${c.number}`}>
          <CertificateStatusTag status={c.status} />
        </span>
      ))}
    </Space>
  );
}

/** Masked resident ID, with the full number on request for roles allowed to see it. */
function IdNumber({ worker, ctx }: { worker: Worker; ctx: Ctx }) {
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function reveal() {
    setBusy(true);
    try {
      const res = await api<{ idNumber: string }>(`/workers/${worker.id}/id-number`);
      setFull(res.idNumber);
    } catch (e) {
      message.error(errorMessage(ctx.t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Flex gap={8} align="center" wrap>
      <code data-testid="worker-id-number">{full ?? worker.idNumberMasked}</code>
      {canSeeFullIdNumber(ctx.me) &&
        (full ? (
          <Button
            size="small"
            icon={<EyeInvisibleOutlined />}
            onClick={() => setFull(null)}
            data-testid="worker-hide-id"
          >
            {ctx.t('worker.hideFullId')}
          </Button>
        ) : (
          <Button
            size="small"
            icon={<EyeOutlined />}
            loading={busy}
            onClick={reveal}
            data-testid="worker-show-id"
            title={ctx.t('worker.fullIdAudit')}
          >
            {ctx.t('worker.showFullId')}
          </Button>
        ))}
    </Flex>
  );
}

function WorkerCertificates({ worker, ctx }: { worker: Worker; ctx: Ctx }) {
  return (
    <Card
      size="small"
      title={ctx.t('worker.certificates')}
      data-testid="worker-certificates"
      extra={
        canWrite(ctx.me, 'certificates') ? (
          <Link to={`/registry/certificates?workerId=${worker.id}&new=1`}>
            <Button size="small" icon={<PlusOutlined />} data-testid="worker-add-certificate">
              {ctx.t('common.create')}
            </Button>
          </Link>
        ) : null
      }
    >
      <SimpleList
        testId="worker-certificate-list"
        empty={ctx.t('worker.noCertificates')}
        items={worker.certificates.map((c) => ({
          key: c.id,
          title: (
            <Link to={detailPath('certificates', c.id)}>
              {ctx.labels.certCategory(c.categoryCode) || c.categoryName}
            </Link>
          ),
          description: `${c.number} · ${ctx.t('certificate.expiresOn')} ${c.expiresOn}`,
          extra: <CertificateStatusTag status={c.status} />,
        }))}
      />
    </Card>
  );
}

export const workers: KindConfig<Worker> = {
  kind: 'workers',
  titleKey: 'nav.workers',
  nounKey: 'kind.worker',
  sentenceKey: 'kind.workers',
  searchKey: 'worker.search',
  columns: [
    { key: 'name', titleKey: 'worker.name', sortKey: 'name', link: true, render: (r) => r.name },
    {
      key: 'idNumber',
      titleKey: 'worker.idNumber',
      render: (r) => <code>{r.idNumberMasked}</code>,
      responsive: ['lg'],
    },
    {
      key: 'trade',
      titleKey: 'worker.trade',
      sortKey: 'trade',
      render: (r, c) => c.labels.catalogue('trade', r.trade),
    },
    {
      key: 'certificates',
      titleKey: 'worker.certificateStatus',
      render: (r, c) => <CertificateTags worker={r} ctx={c} />,
    },
    {
      key: 'employer',
      titleKey: 'worker.employer',
      render: (r) => <RefLink kind="enterprises" id={r.employerId} name={r.employerName} />,
      responsive: ['md'],
    },
    {
      key: 'region',
      titleKey: 'worker.region',
      sortKey: 'regionCode',
      render: (r, c) => r.regionName ?? c.labels.region(r.regionCode),
      responsive: ['xl'],
    },
    {
      key: 'createdAt',
      titleKey: 'common.createdAt',
      sortKey: 'createdAt',
      render: (r) => fmtTime(r.createdAt),
      responsive: ['xl'],
    },
  ],
  filters: [
    { param: 'trade', labelKey: 'worker.trade', options: (c) => c.labels.catalogueOptions('trade') },
    {
      param: 'certificateStatus',
      labelKey: 'worker.certificateStatus',
      options: (c) =>
        (['valid', 'review_due', 'expired', 'none'] as const).map((s) => ({
          value: s,
          label: c.t(`status.certificate.${s}`),
        })),
      width: 130,
    },
  ],
  contextParams: [
    { param: 'employerId', labelKey: 'kind.enterprise', ref: 'enterprises' },
    { param: 'projectId', labelKey: 'kind.project', ref: 'projects' },
  ],
  title: (r) => r.name,
  tags: (r, c) => (
    <>
      <Tag>{c.labels.catalogue('trade', r.trade)}</Tag>
      <CertificateTags worker={r} ctx={c} />
    </>
  ),
  details: (r, c) => [
    { key: 'idNumber', labelKey: 'worker.idNumber', value: <IdNumber worker={r} ctx={c} />, wide: true },
    {
      key: 'gender',
      labelKey: 'worker.gender',
      value: r.gender ? c.t(r.gender === 'male' ? 'gender.male' : 'gender.female') : '—',
    },
    { key: 'birthDate', labelKey: 'worker.birthDate', value: dash(r.birthDate) },
    { key: 'trade', labelKey: 'worker.trade', value: c.labels.catalogue('trade', r.trade) },
    {
      key: 'employer',
      labelKey: 'worker.employer',
      value: <RefLink kind="enterprises" id={r.employerId} name={r.employerName} />,
    },
    {
      key: 'project',
      labelKey: 'worker.project',
      value: <RefLink kind="projects" id={r.projectId} name={r.projectName} />,
    },
    { key: 'phone', labelKey: 'worker.phone', value: dash(r.phone) },
    { key: 'region', labelKey: 'worker.region', value: dash(r.regionName ?? c.labels.region(r.regionCode)) },
    { key: 'updatedAt', labelKey: 'common.updatedAt', value: fmtTime(r.updatedAt) },
  ],
  sections: (r, c) => <WorkerCertificates worker={r} ctx={c} />,
  listItem: (r, c) => ({
    title: r.name,
    description: `${c.labels.catalogue('trade', r.trade)} · ${r.idNumberMasked}`,
    extra: <CertificateTags worker={r} ctx={c} />,
  }),
  fields: [
    { name: 'name', labelKey: 'worker.name', type: 'text', required: true, max: 40 },
    {
      name: 'idNumber',
      labelKey: 'worker.idNumber',
      type: 'idNumber',
      requiredOnCreate: true,
      empty: 'omit',
    },
    {
      name: 'gender',
      labelKey: 'worker.gender',
      type: 'select',
      empty: 'null',
      options: (c) => [
        { value: 'male', label: c.t('gender.male') },
        { value: 'female', label: c.t('gender.female') },
      ],
    },
    {
      name: 'trade',
      labelKey: 'worker.trade',
      type: 'select',
      required: true,
      options: (c) => c.labels.catalogueOptions('trade'),
    },
    {
      name: 'employerId',
      labelKey: 'worker.employer',
      type: 'ref',
      ref: 'enterprises',
      required: true,
      initial: (c) => c.me.enterpriseId ?? undefined,
    },
    { name: 'projectId', labelKey: 'worker.project', type: 'ref', ref: 'projects', empty: 'null' },
    { name: 'phone', labelKey: 'worker.phone', type: 'text', max: 30 },
    { name: 'regionCode', labelKey: 'worker.region', type: 'region', empty: 'omit' },
  ],
};
