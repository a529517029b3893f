import type { Site } from '@redline/contracts';
import { Tag } from 'antd';
import { FireOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { RiskColourTag } from '../../../components/StatusTag';
import type { Ctx, KindConfig } from '../types';
import { dash, fmtTime, latLng, RefLink } from '../render';

function KeyRiskTag({ on, ctx }: { on: boolean; ctx: Ctx }) {
  return on ? (
    <Tag color="volcano" icon={<FireOutlined />} data-testid="key-risk-tag">
      {ctx.t('site.keyRiskSource')}
    </Tag>
  ) : null;
}

export const sites: KindConfig<Site> = {
  kind: 'sites',
  titleKey: 'page.sites',
  nounKey: 'kind.site',
  sentenceKey: 'kind.sites',
  searchKey: 'site.search',
  columns: [
    { key: 'name', titleKey: 'site.name', sortKey: 'name', link: true, render: (r) => r.name },
    {
      key: 'kind',
      titleKey: 'site.kind',
      sortKey: 'kind',
      render: (r, c) => c.labels.catalogue('risk_source_kind', r.kind),
    },
    {
      key: 'keyRiskSource',
      titleKey: 'site.keyRiskSource',
      render: (r, c) => (
        <>
          <KeyRiskTag on={r.keyRiskSource} ctx={c} />
          <RiskColourTag colour={r.riskColour} />
        </>
      ),
      responsive: ['sm'],
    },
    {
      key: 'owner',
      titleKey: 'site.enterprise',
      render: (r) =>
        r.projectId ? (
          <RefLink kind="projects" id={r.projectId} name={r.projectName} />
        ) : (
          <RefLink kind="enterprises" id={r.enterpriseId} name={r.enterpriseName} />
        ),
      responsive: ['md'],
    },
    {
      key: 'region',
      titleKey: 'site.region',
      sortKey: 'regionCode',
      render: (r, c) => r.regionName ?? c.labels.region(r.regionCode),
      responsive: ['lg'],
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
    { param: 'kind', labelKey: 'site.kind', options: (c) => c.labels.catalogueOptions('risk_source_kind') },
    {
      param: 'keyRiskSource',
      labelKey: 'site.keyRiskSource',
      options: (c) => [
        { value: 'true', label: c.t('site.onlyKey') },
        { value: 'false', label: c.t('site.notKey') },
      ],
      width: 150,
    },
  ],
  contextParams: [
    { param: 'enterpriseId', labelKey: 'kind.enterprise', ref: 'enterprises' },
    { param: 'projectId', labelKey: 'kind.project', ref: 'projects' },
  ],
  title: (r) => r.name,
  tags: (r, c) => (
    <>
      <Tag>{c.labels.catalogue('risk_source_kind', r.kind)}</Tag>
      <KeyRiskTag on={r.keyRiskSource} ctx={c} />
      <RiskColourTag colour={r.riskColour} />
    </>
  ),
  details: (r, c) => [
    { key: 'kind', labelKey: 'site.kind', value: c.labels.catalogue('risk_source_kind', r.kind) },
    {
      key: 'keyRiskSource',
      labelKey: 'site.keyRiskSource',
      value: r.keyRiskSource ? c.t('common.yes') : c.t('common.no'),
    },
    {
      // Computed from the site's risk points (issue 14); changed by assessing them on the risk map.
      key: 'riskColour',
      labelKey: 'site.riskColour',
      value: (
        <span data-testid="site-risk-colour">
          {r.riskColour ? <RiskColourTag colour={r.riskColour} /> : c.t('risk.notAssessed')}{' '}
          <Link to={`/risk/sites/${r.id}`}>{c.t('risk.openMap')}</Link>
        </span>
      ),
    },
    {
      key: 'enterprise',
      labelKey: 'site.enterprise',
      value: <RefLink kind="enterprises" id={r.enterpriseId} name={r.enterpriseName} />,
    },
    {
      key: 'project',
      labelKey: 'site.project',
      value: <RefLink kind="projects" id={r.projectId} name={r.projectName} />,
    },
    { key: 'region', labelKey: 'site.region', value: r.regionName ?? c.labels.region(r.regionCode) },
    { key: 'address', labelKey: 'site.address', value: dash(r.address), wide: true },
    { key: 'latlng', labelKey: 'common.coordinates', value: latLng(r.lat, r.lng) },
    { key: 'updatedAt', labelKey: 'common.updatedAt', value: fmtTime(r.updatedAt) },
  ],
  listItem: (r, c) => ({
    title: r.name,
    description: c.labels.catalogue('risk_source_kind', r.kind),
    extra: (
      <>
        <KeyRiskTag on={r.keyRiskSource} ctx={c} />
        <RiskColourTag colour={r.riskColour} />
      </>
    ),
  }),
  fields: [
    { name: 'name', labelKey: 'site.name', type: 'text', required: true, min: 2, max: 120 },
    {
      name: 'kind',
      labelKey: 'site.kind',
      type: 'select',
      required: true,
      options: (c) => c.labels.catalogueOptions('risk_source_kind'),
    },
    { name: 'keyRiskSource', labelKey: 'site.keyRiskSource', type: 'switch', initial: () => false },
    {
      name: 'enterpriseId',
      labelKey: 'site.enterprise',
      type: 'ref',
      ref: 'enterprises',
      empty: 'null',
      initial: (c) => c.me.enterpriseId ?? undefined,
    },
    { name: 'projectId', labelKey: 'site.project', type: 'ref', ref: 'projects', empty: 'null' },
    { name: 'regionCode', labelKey: 'site.region', type: 'region', required: true },
    { name: 'address', labelKey: 'site.address', type: 'text', max: 200, wide: true },
    { name: 'lat', labelKey: 'site.lat', type: 'number', numMin: -90, numMax: 90, empty: 'null' },
    { name: 'lng', labelKey: 'site.lng', type: 'number', numMin: -180, numMax: 180, empty: 'null' },
  ],
};
