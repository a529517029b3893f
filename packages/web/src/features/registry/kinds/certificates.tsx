import type { Certificate } from '@redline/contracts';
import { Alert, Tag } from 'antd';
import { CertificateStatusTag } from '../../../components/StatusTag';
import type { Ctx, KindConfig } from '../types';
import { dash, fmtTime, RefLink } from '../render';

const TRACKS = ['emergency', 'housing', 'market'] as const;
const trackLabel = (c: Ctx, track: string) =>
  (TRACKS as readonly string[]).includes(track) ? c.t(`track.${track as (typeof TRACKS)[number]}`) : track;

function CertificateStatus({ cert, ctx }: { cert: Certificate; ctx: Ctx }) {
  const type = cert.status === 'valid' ? 'success' : cert.status === 'review_due' ? 'warning' : 'error';
  return (
    <Alert
      type={type}
      showIcon
      data-testid="status-reason"
      title={
        <span>
          {ctx.t('certificate.status')}：<CertificateStatusTag status={cert.status} />
        </span>
      }
      description={cert.statusReason ? `${ctx.t('status.reason')}：${cert.statusReason}` : undefined}
    />
  );
}

export const certificates: KindConfig<Certificate> = {
  kind: 'certificates',
  titleKey: 'page.certificates',
  nounKey: 'kind.certificate',
  sentenceKey: 'kind.certificates',
  searchKey: 'certificate.search',
  columns: [
    { key: 'number', titleKey: 'certificate.number', sortKey: 'number', link: true, render: (r) => r.number },
    {
      key: 'worker',
      titleKey: 'certificate.worker',
      render: (r) => <RefLink kind="workers" id={r.workerId} name={r.workerName} />,
    },
    {
      key: 'category',
      titleKey: 'certificate.category',
      sortKey: 'categoryCode',
      render: (r, c) => c.labels.certCategory(r.categoryCode) || r.categoryName,
      responsive: ['md'],
    },
    {
      key: 'track',
      titleKey: 'certificate.track',
      render: (r, c) => trackLabel(c, r.track),
      responsive: ['xl'],
    },
    {
      key: 'expiresOn',
      titleKey: 'certificate.expiresOn',
      sortKey: 'expiresOn',
      render: (r) => r.expiresOn,
      responsive: ['sm'],
    },
    {
      key: 'status',
      titleKey: 'certificate.status',
      render: (r) => <CertificateStatusTag status={r.status} />,
    },
    {
      key: 'employer',
      titleKey: 'certificate.employer',
      render: (r) => <RefLink kind="enterprises" id={r.employerId} name={r.employerName} />,
      responsive: ['lg'],
    },
    {
      key: 'createdAt',
      titleKey: 'common.createdAt',
      sortKey: 'createdAt',
      render: (r) => fmtTime(r.createdAt),
      responsive: ['xxl'],
    },
  ],
  filters: [
    {
      param: 'track',
      labelKey: 'certificate.track',
      options: (c) => TRACKS.map((v) => ({ value: v, label: trackLabel(c, v) })),
      clears: ['categoryCode'],
    },
    {
      param: 'categoryCode',
      labelKey: 'certificate.category',
      options: (c, sp) => c.labels.certCategoryOptions(sp.get('track') ?? undefined),
      width: 220,
    },
    {
      param: 'status',
      labelKey: 'certificate.status',
      options: (c) =>
        (['valid', 'review_due', 'expired'] as const).map((s) => ({
          value: s,
          label: c.t(`status.certificate.${s}`),
        })),
      width: 120,
    },
  ],
  contextParams: [
    { param: 'workerId', labelKey: 'kind.worker', ref: 'workers' },
    { param: 'employerId', labelKey: 'kind.enterprise', ref: 'enterprises' },
  ],
  title: (r, c) => `${c.labels.certCategory(r.categoryCode) || r.categoryName} · ${r.number}`,
  tags: (r, c) => (
    <>
      <CertificateStatusTag status={r.status} />
      <Tag>{trackLabel(c, r.track)}</Tag>
    </>
  ),
  sectionsPlacement: 'top',
  sections: (r, c) => <CertificateStatus cert={r} ctx={c} />,
  details: (r, c) => [
    {
      key: 'worker',
      labelKey: 'certificate.worker',
      value: <RefLink kind="workers" id={r.workerId} name={r.workerName} />,
    },
    {
      key: 'employer',
      labelKey: 'certificate.employer',
      value: <RefLink kind="enterprises" id={r.employerId} name={r.employerName} />,
    },
    {
      key: 'category',
      labelKey: 'certificate.category',
      value: `${c.labels.certCategory(r.categoryCode) || r.categoryName} (${r.categoryCode})`,
    },
    { key: 'track', labelKey: 'certificate.track', value: trackLabel(c, r.track) },
    { key: 'number', labelKey: 'certificate.number', value: <code>{r.number}</code> },
    { key: 'issuer', labelKey: 'certificate.issuer', value: dash(r.issuer) },
    { key: 'issuedOn', labelKey: 'certificate.issuedOn', value: r.issuedOn },
    { key: 'expiresOn', labelKey: 'certificate.expiresOn', value: r.expiresOn },
    { key: 'lastReviewedOn', labelKey: 'certificate.lastReviewedOn', value: dash(r.lastReviewedOn) },
    { key: 'nextReviewOn', labelKey: 'certificate.nextReviewOn', value: dash(r.nextReviewOn) },
    { key: 'status', labelKey: 'certificate.status', value: <CertificateStatusTag status={r.status} /> },
    { key: 'statusReason', labelKey: 'status.reason', value: dash(r.statusReason), wide: true },
  ],
  listItem: (r, c) => ({
    title: c.labels.certCategory(r.categoryCode) || r.categoryName,
    description: `${r.number} · ${r.workerName} · ${c.t('certificate.expiresOn')} ${r.expiresOn}`,
    extra: <CertificateStatusTag status={r.status} />,
  }),
  fields: [
    { name: 'workerId', labelKey: 'certificate.worker', type: 'ref', ref: 'workers', required: true },
    {
      name: 'categoryCode',
      labelKey: 'certificate.category',
      type: 'select',
      required: true,
      options: (c) => c.labels.certCategoryOptions(),
    },
    { name: 'number', labelKey: 'certificate.number', type: 'text', required: true, min: 4, max: 40 },
    { name: 'issuer', labelKey: 'certificate.issuer', type: 'text', max: 80 },
    { name: 'issuedOn', labelKey: 'certificate.issuedOn', type: 'date', required: true },
    {
      name: 'expiresOn',
      labelKey: 'certificate.expiresOn',
      type: 'date',
      empty: 'omit',
      extraKey: 'certificate.expiresOnHint',
    },
    { name: 'lastReviewedOn', labelKey: 'certificate.lastReviewedOn', type: 'date', empty: 'null' },
    {
      name: 'nextReviewOn',
      labelKey: 'certificate.nextReviewOn',
      type: 'date',
      empty: 'null',
      extraKey: 'certificate.nextReviewOnHint',
    },
  ],
};
