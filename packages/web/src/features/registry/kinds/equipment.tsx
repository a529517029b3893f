import type { Equipment } from '@redline/contracts';
import { Alert, Tag, Typography } from 'antd';
import { EquipmentStatusTag } from '../../../components/StatusTag';
import type { Ctx, KindConfig } from '../types';
import { dash, FetchedRefLink, fmtTime, latLng, RefLink } from '../render';

const RESULTS = ['pass', 'pass_with_remarks', 'fail'] as const;
const resultLabel = (c: Ctx, r: string | null) =>
  r && (RESULTS as readonly string[]).includes(r) ? c.t(`result.${r as (typeof RESULTS)[number]}`) : dash(r);

function daysText(c: Ctx, days: number | null): string {
  if (days === null) return '';
  if (days === 0) return c.t('equipment.dueToday');
  return days > 0 ? c.t('equipment.daysLeft', { n: days }) : c.t('equipment.daysOverdue', { n: -days });
}

function StatusWithDays({ r, ctx }: { r: Equipment; ctx: Ctx }) {
  const text = daysText(ctx, r.daysToNextInspection);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <EquipmentStatusTag status={r.status} />
      {text && (
        <Typography.Text type={r.status === 'overdue' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {text}
        </Typography.Text>
      )}
    </span>
  );
}

/** The computed inspection status and why. */
function EquipmentStatus({ eq, ctx }: { eq: Equipment; ctx: Ctx }) {
  const type =
    eq.status === 'in_date'
      ? 'success'
      : eq.status === 'due_soon'
        ? 'warning'
        : eq.status === 'overdue' || eq.status === 'failed'
          ? 'error'
          : 'info';
  return (
    <Alert
      type={type}
      showIcon
      data-testid="status-reason"
      title={
        <span>
          {ctx.t('equipment.status')}：<EquipmentStatusTag status={eq.status} />{' '}
          {daysText(ctx, eq.daysToNextInspection)}
        </span>
      }
      description={`${ctx.t('status.reason')}：${ctx.t(`equipment.reason.${eq.status}`, { date: eq.nextInspectionOn ?? '' })}`}
    />
  );
}

export const equipment: KindConfig<Equipment> = {
  kind: 'equipment',
  titleKey: 'nav.equipment',
  nounKey: 'kind.equipmentOne',
  sentenceKey: 'kind.equipment',
  searchKey: 'equipment.search',
  columns: [
    {
      key: 'registrationCode',
      titleKey: 'equipment.registrationCode',
      sortKey: 'registrationCode',
      link: true,
      render: (r) => r.registrationCode,
    },
    {
      key: 'category',
      titleKey: 'equipment.category',
      sortKey: 'categoryCode',
      render: (r, c) => c.labels.equipCategory(r.categoryCode) || r.categoryName,
    },
    { key: 'typeName', titleKey: 'equipment.typeName', render: (r) => dash(r.typeName), responsive: ['xl'] },
    {
      key: 'userEnterprise',
      titleKey: 'equipment.userEnterprise',
      render: (r) => <RefLink kind="enterprises" id={r.userEnterpriseId} name={r.userEnterpriseName} />,
      responsive: ['md'],
    },
    {
      key: 'nextInspectionOn',
      titleKey: 'equipment.nextInspectionOn',
      sortKey: 'nextInspectionOn',
      render: (r) => dash(r.nextInspectionOn),
      responsive: ['sm'],
    },
    { key: 'status', titleKey: 'equipment.status', render: (r, c) => <StatusWithDays r={r} ctx={c} /> },
    {
      key: 'region',
      titleKey: 'equipment.region',
      render: (r, c) => r.regionName ?? c.labels.region(r.regionCode),
      responsive: ['xxl'],
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
      param: 'categoryCode',
      labelKey: 'equipment.category',
      options: (c) => c.labels.equipCategoryOptions(),
      width: 180,
    },
    {
      param: 'status',
      labelKey: 'equipment.status',
      options: (c) =>
        (['in_date', 'due_soon', 'overdue', 'failed', 'unknown'] as const).map((s) => ({
          value: s,
          label: c.t(`status.equipment.${s}`),
        })),
      width: 130,
    },
  ],
  contextParams: [{ param: 'userEnterpriseId', labelKey: 'kind.enterprise', ref: 'enterprises' }],
  title: (r, c) => `${c.labels.equipCategory(r.categoryCode) || r.categoryName} · ${r.registrationCode}`,
  tags: (r, c) => (
    <>
      <EquipmentStatusTag status={r.status} />
      {r.typeName ? <Tag>{r.typeName}</Tag> : null}
      {r.daysToNextInspection !== null ? (
        <Typography.Text type="secondary">{daysText(c, r.daysToNextInspection)}</Typography.Text>
      ) : null}
    </>
  ),
  sectionsPlacement: 'top',
  sections: (r, c) => <EquipmentStatus eq={r} ctx={c} />,
  details: (r, c) => [
    {
      key: 'category',
      labelKey: 'equipment.category',
      value: `${c.labels.equipCategory(r.categoryCode) || r.categoryName} (${r.categoryCode})`,
    },
    { key: 'typeName', labelKey: 'equipment.typeName', value: dash(r.typeName) },
    {
      key: 'registrationCode',
      labelKey: 'equipment.registrationCode',
      value: <code>{r.registrationCode}</code>,
    },
    { key: 'model', labelKey: 'equipment.model', value: dash(r.model) },
    {
      key: 'userEnterprise',
      labelKey: 'equipment.userEnterprise',
      value: <RefLink kind="enterprises" id={r.userEnterpriseId} name={r.userEnterpriseName} />,
    },
    {
      key: 'project',
      labelKey: 'equipment.project',
      value: <FetchedRefLink kind="projects" id={r.projectId} />,
    },
    { key: 'site', labelKey: 'equipment.site', value: <FetchedRefLink kind="sites" id={r.siteId} /> },
    {
      key: 'region',
      labelKey: 'equipment.region',
      value: dash(r.regionName ?? c.labels.region(r.regionCode)),
    },
    { key: 'location', labelKey: 'equipment.location', value: dash(r.location), wide: true },
    { key: 'latlng', labelKey: 'common.coordinates', value: latLng(r.lat, r.lng) },
    { key: 'registeredOn', labelKey: 'equipment.registeredOn', value: dash(r.registeredOn) },
    { key: 'lastInspectionOn', labelKey: 'equipment.lastInspectionOn', value: dash(r.lastInspectionOn) },
    {
      key: 'lastInspectionResult',
      labelKey: 'equipment.lastInspectionResult',
      value: resultLabel(c, r.lastInspectionResult),
    },
    { key: 'nextInspectionOn', labelKey: 'equipment.nextInspectionOn', value: dash(r.nextInspectionOn) },
    { key: 'status', labelKey: 'equipment.status', value: <StatusWithDays r={r} ctx={c} /> },
  ],
  listItem: (r, c) => ({
    title: `${c.labels.equipCategory(r.categoryCode) || r.categoryName} · ${r.registrationCode}`,
    description: [
      r.typeName,
      r.nextInspectionOn ? `${c.t('equipment.nextInspectionOn')} ${r.nextInspectionOn}` : null,
    ]
      .filter(Boolean)
      .join(' · '),
    extra: <EquipmentStatusTag status={r.status} />,
  }),
  fields: [
    {
      name: 'categoryCode',
      labelKey: 'equipment.category',
      type: 'select',
      required: true,
      options: (c) => c.labels.equipCategoryOptions(),
    },
    { name: 'typeName', labelKey: 'equipment.typeName', type: 'text', max: 60 },
    {
      name: 'registrationCode',
      labelKey: 'equipment.registrationCode',
      type: 'text',
      required: true,
      min: 4,
      max: 40,
    },
    { name: 'model', labelKey: 'equipment.model', type: 'text', max: 60 },
    {
      name: 'userEnterpriseId',
      labelKey: 'equipment.userEnterprise',
      type: 'ref',
      ref: 'enterprises',
      required: true,
      initial: (c) => c.me.enterpriseId ?? undefined,
    },
    { name: 'projectId', labelKey: 'equipment.project', type: 'ref', ref: 'projects', empty: 'null' },
    { name: 'siteId', labelKey: 'equipment.site', type: 'ref', ref: 'sites', empty: 'null' },
    { name: 'regionCode', labelKey: 'equipment.region', type: 'region', empty: 'omit' },
    { name: 'location', labelKey: 'equipment.location', type: 'text', max: 200, wide: true },
    { name: 'lat', labelKey: 'equipment.lat', type: 'number', numMin: -90, numMax: 90, empty: 'null' },
    { name: 'lng', labelKey: 'equipment.lng', type: 'number', numMin: -180, numMax: 180, empty: 'null' },
    { name: 'registeredOn', labelKey: 'equipment.registeredOn', type: 'date', empty: 'null' },
    { name: 'lastInspectionOn', labelKey: 'equipment.lastInspectionOn', type: 'date', empty: 'null' },
    {
      name: 'lastInspectionResult',
      labelKey: 'equipment.lastInspectionResult',
      type: 'select',
      empty: 'null',
      options: (c) => RESULTS.map((v) => ({ value: v, label: c.t(`result.${v}`) })),
    },
    { name: 'nextInspectionOn', labelKey: 'equipment.nextInspectionOn', type: 'date', empty: 'null' },
  ],
};
