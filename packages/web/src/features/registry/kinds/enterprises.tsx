import type { Enterprise } from '@redline/contracts';
import { Tag } from 'antd';
import type { KindConfig } from '../types';
import { dash, fmtTime } from '../render';

export const enterprises: KindConfig<Enterprise> = {
  kind: 'enterprises',
  titleKey: 'nav.enterprises',
  nounKey: 'kind.enterprise',
  sentenceKey: 'kind.enterprises',
  searchKey: 'enterprise.search',
  columns: [
    { key: 'name', titleKey: 'enterprise.name', sortKey: 'name', link: true, render: (r) => r.name },
    {
      key: 'creditCode',
      titleKey: 'enterprise.creditCode',
      sortKey: 'creditCode',
      render: (r) => <code>{r.creditCode}</code>,
      responsive: ['sm'],
    },
    {
      key: 'industry',
      titleKey: 'enterprise.industry',
      render: (r, c) => c.labels.catalogue('industry', r.industryCode),
      responsive: ['md'],
    },
    {
      key: 'scale',
      titleKey: 'enterprise.scale',
      render: (r, c) => c.labels.catalogue('enterprise_scale', r.scale),
      responsive: ['lg'],
    },
    {
      key: 'region',
      titleKey: 'enterprise.region',
      sortKey: 'regionCode',
      render: (r, c) => r.regionName ?? c.labels.region(r.regionCode),
      responsive: ['md'],
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
    {
      param: 'industryCode',
      labelKey: 'enterprise.industry',
      options: (c) => c.labels.catalogueOptions('industry'),
    },
    {
      param: 'scale',
      labelKey: 'enterprise.scale',
      options: (c) => c.labels.catalogueOptions('enterprise_scale'),
      width: 120,
    },
  ],
  contextParams: [],
  title: (r) => r.name,
  tags: (r, c) => (
    <>
      <Tag>{c.labels.catalogue('industry', r.industryCode)}</Tag>
      <Tag>{c.labels.catalogue('enterprise_scale', r.scale)}</Tag>
    </>
  ),
  details: (r, c) => [
    { key: 'creditCode', labelKey: 'enterprise.creditCode', value: <code>{r.creditCode}</code> },
    {
      key: 'industry',
      labelKey: 'enterprise.industry',
      value: c.labels.catalogue('industry', r.industryCode),
    },
    { key: 'scale', labelKey: 'enterprise.scale', value: c.labels.catalogue('enterprise_scale', r.scale) },
    { key: 'region', labelKey: 'enterprise.region', value: r.regionName ?? c.labels.region(r.regionCode) },
    { key: 'address', labelKey: 'enterprise.address', value: dash(r.address), wide: true },
    {
      key: 'legalRepresentative',
      labelKey: 'enterprise.legalRepresentative',
      value: dash(r.legalRepresentative),
    },
    { key: 'safetyPrincipal', labelKey: 'enterprise.safetyPrincipal', value: dash(r.safetyPrincipal) },
    { key: 'contactPhone', labelKey: 'enterprise.contactPhone', value: dash(r.contactPhone) },
    { key: 'createdAt', labelKey: 'common.createdAt', value: fmtTime(r.createdAt) },
    { key: 'updatedAt', labelKey: 'common.updatedAt', value: fmtTime(r.updatedAt) },
  ],
  related: [
    { titleKey: 'enterprise.projects', kind: 'projects', param: 'enterpriseId' },
    { titleKey: 'enterprise.sites', kind: 'sites', param: 'enterpriseId' },
    { titleKey: 'enterprise.workers', kind: 'workers', param: 'employerId' },
    { titleKey: 'enterprise.equipment', kind: 'equipment', param: 'userEnterpriseId' },
  ],
  listItem: (r, c) => ({
    title: r.name,
    description: `${r.creditCode} · ${c.labels.catalogue('industry', r.industryCode)}`,
  }),
  fields: [
    { name: 'creditCode', labelKey: 'enterprise.creditCode', type: 'creditCode', required: true },
    { name: 'name', labelKey: 'enterprise.name', type: 'text', required: true, min: 2, max: 120 },
    {
      name: 'industryCode',
      labelKey: 'enterprise.industry',
      type: 'select',
      required: true,
      options: (c) => c.labels.catalogueOptions('industry'),
    },
    {
      name: 'scale',
      labelKey: 'enterprise.scale',
      type: 'select',
      required: true,
      options: (c) => c.labels.catalogueOptions('enterprise_scale'),
    },
    { name: 'regionCode', labelKey: 'enterprise.region', type: 'region', required: true },
    { name: 'address', labelKey: 'enterprise.address', type: 'text', max: 200, wide: true },
    { name: 'legalRepresentative', labelKey: 'enterprise.legalRepresentative', type: 'text', max: 40 },
    { name: 'safetyPrincipal', labelKey: 'enterprise.safetyPrincipal', type: 'text', max: 40 },
    { name: 'contactPhone', labelKey: 'enterprise.contactPhone', type: 'text', max: 30 },
  ],
};
