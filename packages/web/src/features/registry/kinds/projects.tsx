import type { Project } from '@redline/contracts';
import { Card, Descriptions, Tag } from 'antd';
import type { Ctx, KindConfig } from '../types';
import { dash, fmtNumber, fmtTime, latLng, RefLink } from '../render';
import type { MessageKey } from '../../../i18n/zh';

export const PARTY_ROLE_LIST = ['owner', 'general_contractor', 'supervision', 'survey', 'design'] as const;

const STATUS_COLOURS: Record<string, string> = {
  approved: 'blue',
  under_construction: 'green',
  suspended: 'orange',
  completed: 'default',
};

export function ProjectStatusTag({ status, ctx }: { status: string; ctx: Ctx }) {
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'default'} data-testid="project-status" data-status={status}>
      {ctx.labels.catalogue('project_status', status)}
    </Tag>
  );
}

/** The five responsible parties of a project (五方责任主体). */
function ProjectParties({ project, ctx }: { project: Project; ctx: Ctx }) {
  const byRole = new Map(project.parties.map((p) => [p.role, p]));
  return (
    <Card title={ctx.t('project.parties')} size="small" data-testid="project-parties">
      <Descriptions
        column={{ xs: 1, sm: 1, md: 1, lg: 1 }}
        size="small"
        bordered
        items={PARTY_ROLE_LIST.map((role) => {
          const p = byRole.get(role);
          return {
            key: role,
            label: ctx.labels.catalogue('party_role', role) || ctx.t(`party.${role}` as MessageKey),
            children: p ? (
              <span data-testid={`party-${role}`}>
                <RefLink kind="enterprises" id={p.enterpriseId} name={p.name} />
                {p.contact ? <span className="muted"> · {p.contact}</span> : null}
              </span>
            ) : (
              <span className="muted" data-testid={`party-${role}`}>
                {ctx.t('project.party.notSet')}
              </span>
            ),
          };
        })}
      />
    </Card>
  );
}

export const projects: KindConfig<Project> = {
  kind: 'projects',
  titleKey: 'nav.projects',
  nounKey: 'kind.project',
  sentenceKey: 'kind.projects',
  searchKey: 'project.search',
  columns: [
    { key: 'name', titleKey: 'project.name', sortKey: 'name', link: true, render: (r) => r.name },
    {
      key: 'type',
      titleKey: 'project.type',
      render: (r, c) => c.labels.catalogue('project_type', r.type),
      responsive: ['md'],
    },
    {
      key: 'status',
      titleKey: 'project.status',
      sortKey: 'status',
      render: (r, c) => <ProjectStatusTag status={r.status} ctx={c} />,
    },
    { key: 'permitNo', titleKey: 'project.permitNo', render: (r) => dash(r.permitNo), responsive: ['lg'] },
    {
      key: 'region',
      titleKey: 'project.region',
      sortKey: 'regionCode',
      render: (r, c) => r.regionName ?? c.labels.region(r.regionCode),
      responsive: ['md'],
    },
    {
      key: 'startOn',
      titleKey: 'project.startOn',
      sortKey: 'startOn',
      render: (r) => dash(r.startOn),
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
    { param: 'type', labelKey: 'project.type', options: (c) => c.labels.catalogueOptions('project_type') },
    {
      param: 'status',
      labelKey: 'project.status',
      options: (c) => c.labels.catalogueOptions('project_status'),
      width: 130,
    },
  ],
  contextParams: [{ param: 'enterpriseId', labelKey: 'kind.enterprise', ref: 'enterprises' }],
  title: (r) => r.name,
  tags: (r, c) => (
    <>
      <ProjectStatusTag status={r.status} ctx={c} />
      <Tag>{c.labels.catalogue('project_type', r.type)}</Tag>
    </>
  ),
  details: (r, c) => [
    { key: 'permitNo', labelKey: 'project.permitNo', value: dash(r.permitNo) },
    { key: 'type', labelKey: 'project.type', value: c.labels.catalogue('project_type', r.type) },
    { key: 'scale', labelKey: 'project.scale', value: dash(c.labels.catalogue('project_scale', r.scale)) },
    { key: 'status', labelKey: 'project.status', value: <ProjectStatusTag status={r.status} ctx={c} /> },
    { key: 'region', labelKey: 'project.region', value: r.regionName ?? c.labels.region(r.regionCode) },
    {
      key: 'regulator',
      labelKey: 'project.regulator',
      value: dash(r.regulatorAuthorityName ?? c.labels.authority(r.regulatorAuthorityId)),
    },
    { key: 'address', labelKey: 'project.address', value: dash(r.address), wide: true },
    { key: 'latlng', labelKey: 'common.coordinates', value: latLng(r.lat, r.lng) },
    { key: 'floorArea', labelKey: 'project.floorArea', value: fmtNumber(r.floorAreaM2) },
    { key: 'contractValue', labelKey: 'project.contractValue', value: fmtNumber(r.contractValueWan) },
    { key: 'startOn', labelKey: 'project.startOn', value: dash(r.startOn) },
    {
      key: 'plannedCompletionOn',
      labelKey: 'project.plannedCompletionOn',
      value: dash(r.plannedCompletionOn),
    },
    { key: 'updatedAt', labelKey: 'common.updatedAt', value: fmtTime(r.updatedAt) },
  ],
  sections: (r, c) => <ProjectParties project={r} ctx={c} />,
  related: [
    { titleKey: 'project.sites', kind: 'sites', param: 'projectId' },
    { titleKey: 'project.workers', kind: 'workers', param: 'projectId' },
    { titleKey: 'project.equipment', kind: 'equipment', param: 'projectId' },
  ],
  listItem: (r, c) => ({
    title: r.name,
    description: [c.labels.catalogue('project_type', r.type), r.regionName].filter(Boolean).join(' · '),
    extra: <ProjectStatusTag status={r.status} ctx={c} />,
  }),
  fields: [
    { name: 'name', labelKey: 'project.name', type: 'text', required: true, min: 2, max: 120, wide: true },
    { name: 'permitNo', labelKey: 'project.permitNo', type: 'text', max: 60 },
    {
      name: 'type',
      labelKey: 'project.type',
      type: 'select',
      required: true,
      options: (c) => c.labels.catalogueOptions('project_type'),
    },
    {
      name: 'scale',
      labelKey: 'project.scale',
      type: 'select',
      empty: 'omit',
      options: (c) => c.labels.catalogueOptions('project_scale'),
    },
    {
      name: 'status',
      labelKey: 'project.status',
      type: 'select',
      required: true,
      options: (c) => c.labels.catalogueOptions('project_status'),
    },
    { name: 'regionCode', labelKey: 'project.region', type: 'region', required: true },
    {
      name: 'regulatorAuthorityId',
      labelKey: 'project.regulator',
      type: 'select',
      empty: 'null',
      options: (c) => c.labels.authorityOptions(c.me.regionCode),
    },
    { name: 'address', labelKey: 'project.address', type: 'text', max: 200, wide: true },
    { name: 'lat', labelKey: 'project.lat', type: 'number', numMin: -90, numMax: 90, empty: 'null' },
    { name: 'lng', labelKey: 'project.lng', type: 'number', numMin: -180, numMax: 180, empty: 'null' },
    { name: 'floorAreaM2', labelKey: 'project.floorArea', type: 'number', numMin: 0, empty: 'null' },
    { name: 'contractValueWan', labelKey: 'project.contractValue', type: 'number', numMin: 0, empty: 'null' },
    { name: 'startOn', labelKey: 'project.startOn', type: 'date', empty: 'null' },
    { name: 'plannedCompletionOn', labelKey: 'project.plannedCompletionOn', type: 'date', empty: 'null' },
    { name: 'parties', labelKey: 'project.parties', type: 'parties', wide: true },
  ],
};
