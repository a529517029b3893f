import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FileView, MemberAccounts, ProjectSiteView } from '@redline/contracts';
import { MEMBER_POSITIONS, PARTY_ROLES } from '@redline/contracts';
import { api, isApiError, uploadFile } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useT, type MessageKey } from '../../i18n/index.tsx';
import { AlarmStatusTag, SeverityTag, tx, typeLabel } from '../offsite/shared';
import { formatDateTime } from '../../lib/time';
import { RequestsCard } from './RequestsCard';
import { RuleStagesCard } from './RuleStagesCard';

type View = ProjectSiteView;
type StageAction = View['allowedStageActions'][number];

const STAGE_COLOUR: Record<View['project']['stage'], string> = {
  registered: 'default',
  supervision_filed: 'blue',
  permitted: 'cyan',
  under_construction: 'green',
  suspended: 'red',
  completion_accepted: 'purple',
  archived: 'default',
};
const CHECK_COLOUR: Record<string, string> = {
  valid: 'green',
  review_due: 'gold',
  expired: 'red',
  not_found: 'red',
  wrong_holder: 'red',
  not_required: 'default',
};
const NEEDS_MATERIALS: StageAction[] = ['file_supervision', 'grant_permit', 'resume', 'accept_completion'];
const NEEDS_REASON: StageAction[] = ['suspend', 'resume'];
// times in the jurisdiction's zone, as everywhere else
const fmt = (s: string | null) => (s ? formatDateTime(s) : '—');

/**
 * The project page (issue 17): stage with its timeline and the steps the caller may take, the five
 * parties and their key personnel (certificate checks, on site today), devices with live readings,
 * recent alarms, inspections, hazards, documents and the grade — one view for the regulator and
 * for each party (who sees only their own projects).
 */
export default function ProjectSitePage() {
  const { id } = useParams();
  const t = useT();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['project-site', id],
    queryFn: () => api<View>(`/projects/${id}/site`),
    refetchInterval: 30_000,
  });
  const [action, setAction] = useState<StageAction | null>(null);
  const [adding, setAdding] = useState(false);
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const v = q.data;
  if (!v) return null;
  const p = v.project;
  const refresh = (next?: View) =>
    next
      ? qc.setQueryData(['project-site', id], next)
      : qc.invalidateQueries({ queryKey: ['project-site', id] });

  return (
    <div data-testid="project-site" data-stage={p.stage}>
      <PageHeader
        title={p.name}
        sub={
          <Space wrap size={4}>
            <Tag color={STAGE_COLOUR[p.stage]} data-testid="project-stage">
              {t(`pj.stage.${p.stage}` as MessageKey)}
            </Tag>
            {p.grade && <Tag color="geekblue">{`${t('pj.grade')} ${p.grade}`}</Tag>}
            {v.myParty && (
              <Typography.Text type="secondary" data-testid="my-party">
                {t('pj.myParty', { party: t(`pj.party.${v.myParty}` as MessageKey) })}
              </Typography.Text>
            )}
          </Space>
        }
        extra={v.allowedStageActions.map((a) => (
          <Button
            key={a}
            type={a === 'suspend' ? 'default' : 'primary'}
            danger={a === 'suspend'}
            onClick={() => setAction(a)}
            data-testid={`stage-${a}`}
          >
            {t(`pj.action.${a}` as MessageKey)}
          </Button>
        ))}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label={t('pj.region')}>{p.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('pj.address')}>{p.address || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('pj.permitNo')}>{p.permitNo || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('pj.plannedCompletion')}>
                {p.plannedCompletionOn ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <HazardsCard v={v} />
          <DevicesCard v={v} />
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Card
                size="small"
                title={t('pj.alarms')}
                style={{ marginBottom: 16 }}
                data-testid="project-alarms"
              >
                {v.alarms.length ? (
                  v.alarms.map((a) => (
                    <div key={a.id} style={{ marginBottom: 6 }}>
                      <SeverityTag severity={a.severity} />
                      <Link to={`/offsite/alarms/${a.id}`}>{a.number}</Link> · {a.deviceName} ·{' '}
                      {typeLabel(t, a.type)}
                      <div className="muted" style={{ fontSize: 12 }}>
                        {fmt(a.lastEventAt)} <AlarmStatusTag status={a.status} />
                      </div>
                    </div>
                  ))
                ) : (
                  <Typography.Text type="secondary">{t('pj.alarms.empty')}</Typography.Text>
                )}
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={t('pj.inspections')} style={{ marginBottom: 16 }}>
                {v.inspections.length ? (
                  v.inspections.map((i) => (
                    <div key={i.id} style={{ marginBottom: 6 }}>
                      <Link to={`/inspections/${i.id}`}>{tx(t, `in.kind.${i.kind}`, i.kind)}</Link> ·{' '}
                      {tx(t, `in.status.${i.status}`, i.status)}
                      {i.score != null && ` · ${i.score}`} <span className="muted">{fmt(i.startedAt)}</span>
                    </div>
                  ))
                ) : (
                  <Typography.Text type="secondary">{t('pj.inspections.empty')}</Typography.Text>
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('pj.documents')} style={{ marginBottom: 16 }}>
            {v.documents.length ? (
              v.documents.map((d) => (
                <div key={d.id}>
                  <Link to={`/documents/${d.id}`}>{d.number ?? tx(t, `doc.kind.${d.kind}`, d.kind)}</Link> ·{' '}
                  {tx(t, `doc.status.${d.status}`, d.status)}{' '}
                  <span className="muted">{fmt(d.createdAt)}</span>
                </div>
              ))
            ) : (
              <Typography.Text type="secondary">{t('pj.documents.empty')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card
            size="small"
            title={t('pj.timeline')}
            style={{ marginBottom: 16 }}
            data-testid="project-timeline"
          >
            {v.timeline.length ? (
              <Timeline
                items={v.timeline.map((e) => ({
                  color: e.type === 'suspend' ? 'red' : 'blue',
                  children: (
                    <div data-testid="stage-event">
                      <Typography.Text strong>{t(`pj.action.${e.type}` as MessageKey)}</Typography.Text>
                      <div className="muted" style={{ fontSize: 12 }}>
                        {fmt(e.at)} ·{' '}
                        {t('pj.timeline.by', {
                          who: e.actorName,
                          role: e.actorParty ? t(`pj.party.${e.actorParty}` as MessageKey) : e.actorRole,
                        })}
                      </div>
                      {e.permitNo && <div>{`${t('pj.permitNo')}：${e.permitNo}`}</div>}
                      {e.reason && <div>{e.reason}</div>}
                      {e.materials.map((m) => (
                        <div key={m.fileId} style={{ fontSize: 12 }}>
                          <a href={m.url} target="_blank" rel="noreferrer">
                            {m.name || m.fileId.slice(0, 8)}
                          </a>{' '}
                          <code title="SHA-256">{m.sha256.slice(0, 12)}…</code>
                        </div>
                      ))}
                    </div>
                  ),
                }))}
              />
            ) : (
              <Typography.Text type="secondary">{t('pj.timeline.empty')}</Typography.Text>
            )}
          </Card>
          <Card
            size="small"
            title={t('pj.parties')}
            style={{ marginBottom: 16 }}
            data-testid="project-parties"
          >
            {v.parties.map((x) => (
              <div key={x.role} style={{ marginBottom: 4 }}>
                <Tag>{t(`pj.party.${x.role}` as MessageKey)}</Tag>
                {x.name}
              </div>
            ))}
          </Card>
          <Card
            size="small"
            title={t('pj.members')}
            extra={
              v.canAddMembers && (
                <Button size="small" onClick={() => setAdding(true)} data-testid="member-add">
                  {t('pj.members.add')}
                </Button>
              )
            }
            data-testid="project-members"
          >
            {v.members.length ? (
              v.members.map((m) => (
                <div key={m.id} style={{ marginBottom: 8 }} data-testid="project-member">
                  <Space size={4} wrap>
                    <Badge status={m.onSiteToday ? 'success' : 'default'} title={t('pj.member.onSite')} />
                    <Typography.Text strong>{m.name}</Typography.Text>
                    <span>{t(`pj.position.${m.position}` as MessageKey)}</span>
                    <Tag color={CHECK_COLOUR[m.certificateCheck]}>
                      {t(`pj.check.${m.certificateCheck}` as MessageKey)}
                    </Tag>
                    {v.canAddMembers && (v.myParty === null || v.myParty === m.partyRole) && (
                      <RemoveMember projectId={p.id} member={m} onDone={refresh} />
                    )}
                  </Space>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {t(`pj.party.${m.partyRole}` as MessageKey)}
                    {m.enterpriseName ? ` · ${m.enterpriseName}` : ''}
                    {m.certificateNo ? ` · ${m.certificateNo}` : ''}
                    {m.certificateExpiresOn ? ` · ≤ ${m.certificateExpiresOn}` : ''}
                  </div>
                </div>
              ))
            ) : (
              <Typography.Text type="secondary">{t('pj.members.empty')}</Typography.Text>
            )}
          </Card>
          <RequestsCard v={v} onDone={refresh} />
          <RuleStagesCard />
        </Col>
      </Row>
      {action && (
        <StageDialog projectId={p.id} action={action} onClose={() => setAction(null)} onDone={refresh} />
      )}
      {adding && <MemberDialog v={v} onClose={() => setAdding(false)} onDone={refresh} />}
    </div>
  );
}

function HazardsCard({ v }: { v: View }) {
  const t = useT();
  const h = v.hazards;
  return (
    <Card
      size="small"
      title={t('pj.hazards')}
      style={{ marginBottom: 16 }}
      data-testid="project-hazards"
      extra={<Link to={`/hazards?projectId=${v.project.id}`}>{t('common.viewAll')}</Link>}
    >
      <Row gutter={16} style={{ marginBottom: 8 }}>
        <Col span={6}>
          <Statistic title={t('pj.hazards.open')} value={h.open} />
        </Col>
        <Col span={6}>
          <Statistic
            title={t('pj.hazards.overdue')}
            value={h.overdue}
            valueStyle={h.overdue ? { color: '#cf1322' } : undefined}
          />
        </Col>
        <Col span={6}>
          <Statistic title={t('pj.hazards.awaitingSupervision')} value={h.awaitingSupervision} />
        </Col>
        <Col span={6}>
          <Statistic title={t('pj.hazards.closed')} value={h.closed} />
        </Col>
      </Row>
      {h.recent.length ? (
        h.recent.map((x) => (
          <div key={x.id} style={{ marginBottom: 4 }} data-testid="project-hazard">
            <Link to={`/hazards/${x.id}`}>{x.title}</Link>{' '}
            <Tag color={x.grade === 'major' ? 'red' : 'default'}>
              {t(`hz.grade.${x.grade}` as MessageKey)}
            </Tag>
            <Tag>{t(`hz.status.${x.status}` as MessageKey)}</Tag>
            {x.awaitingSupervision && <Tag color="gold">{t('pj.hazards.awaitingSupervision')}</Tag>}
          </div>
        ))
      ) : (
        <Typography.Text type="secondary">{t('pj.hazards.empty')}</Typography.Text>
      )}
    </Card>
  );
}

function DevicesCard({ v }: { v: View }) {
  const t = useT();
  return (
    <Card size="small" title={t('pj.devices')} style={{ marginBottom: 16 }} data-testid="project-devices">
      {v.devices.length ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={v.devices}
          scroll={{ x: true }}
          columns={[
            {
              title: t('pj.devices'),
              render: (_, d) => (
                <Space size={4}>
                  <Badge status={d.online ? 'success' : 'default'} />
                  <span>{d.name}</span>
                  <Tag>{tx(t, `dev.kind.${d.kind}`, d.kind)}</Tag>
                </Space>
              ),
            },
            {
              title: '',
              render: (_, d) =>
                d.readings ? (
                  <span data-testid="device-readings">
                    {Object.entries(d.readings)
                      .slice(0, 4)
                      .map(
                        ([k, x]) =>
                          `${tx(t, `os.metric.${k}`, k)}: ${typeof x === 'number' ? Math.round(x * 100) / 100 : String(x)}`,
                      )
                      .join(' · ')}
                  </span>
                ) : (
                  '—'
                ),
            },
            { title: t('pj.device.readingAt'), render: (_, d) => fmt(d.readingAt) },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pj.devices.empty')} />
      )}
    </Card>
  );
}

function StageDialog(props: {
  projectId: string;
  action: StageAction;
  onClose: () => void;
  onDone: (v: View) => void;
}) {
  const { projectId, action } = props;
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<FileView[]>([]);
  const [busy, setBusy] = useState(false);
  async function upload(f: File) {
    try {
      const r = await uploadFile<{ files: FileView[] }>(`/projects/${projectId}/materials`, f);
      setFiles((xs) => [...xs, ...r.files]);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  }
  async function submit() {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const v = await api<View>(`/projects/${projectId}/stage`, {
        method: 'POST',
        body: {
          type: action,
          ...(files.length ? { materialFileIds: files.map((f) => f.id) } : {}),
          ...(values.reason ? { reason: values.reason } : {}),
          ...(values.permitNo ? { permitNo: values.permitNo } : {}),
        },
      });
      message.success(t('pj.action.done', { action: t(`pj.action.${action}` as MessageKey) }));
      props.onDone(v);
      props.onClose();
    } catch (e) {
      if (isApiError(e) && e.field)
        form.setFields([
          { name: e.field === 'materialFileIds' ? 'materials' : e.field, errors: [e.message] },
        ]);
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t(`pj.action.${action}` as MessageKey)}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'stage-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {action === 'grant_permit' && (
          <Form.Item name="permitNo" label={t('pj.form.permitNo')} rules={[{ required: true }]}>
            <Input maxLength={40} data-testid="field-permitNo" />
          </Form.Item>
        )}
        {NEEDS_REASON.includes(action) && (
          <Form.Item name="reason" label={t('pj.form.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="field-reason" />
          </Form.Item>
        )}
        <Form.Item name="materials" label={t('pj.form.materials')} extra={t('pj.form.materialsHint')}>
          <Upload
            accept="image/jpeg,image/png,application/pdf"
            showUploadList={false}
            multiple
            beforeUpload={(f) => (upload(f), false)}
          >
            <Button icon={<UploadOutlined />} data-testid="stage-upload">
              {t('pj.form.upload')}
            </Button>
          </Upload>
          {files.map((f) => (
            <div key={f.id} style={{ fontSize: 12 }} data-testid="stage-material">
              {f.originalName} <code>{f.sha256.slice(0, 12)}…</code>
            </div>
          ))}
        </Form.Item>
        {NEEDS_MATERIALS.includes(action) && files.length === 0 && (
          <Alert type="info" showIcon message={t('pj.form.materialsHint')} />
        )}
      </Form>
    </Modal>
  );
}

/** Ends a membership (audited); a project account of that person no longer sees the project. */
function RemoveMember(props: {
  projectId: string;
  member: View['members'][number];
  onDone: (v: View) => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  async function remove() {
    try {
      const r = await api<{ site: View }>(`/projects/${props.projectId}/members/${props.member.id}`, {
        method: 'DELETE',
      });
      props.onDone(r.site);
      message.success(t('pj.member.removed', { name: props.member.name }));
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  }
  return (
    <Popconfirm
      title={t('pj.member.removeConfirm', { name: props.member.name })}
      description={t('pj.member.removeHint')}
      onConfirm={remove}
      okButtonProps={{ danger: true, 'data-testid': 'member-remove-confirm' } as never}
    >
      <Button size="small" type="link" danger data-testid="member-remove">
        {t('pj.member.remove')}
      </Button>
    </Popconfirm>
  );
}

function MemberDialog(props: { v: View; onClose: () => void; onDone: (v: View) => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const parties = props.v.myParty
    ? [props.v.myParty]
    : // a party named without a registered enterprise has no one to link (add-member.ts refuses it)
      PARTY_ROLES.filter((r) => props.v.parties.some((x) => x.role === r && x.enterpriseId));
  const partyRole: string | undefined = Form.useWatch('partyRole', form);
  const accounts = useQuery({
    queryKey: ['member-accounts', props.v.project.id, partyRole],
    queryFn: () =>
      api<MemberAccounts>(`/projects/${props.v.project.id}/member-accounts`, { query: { partyRole } }),
    enabled: !!partyRole,
  });
  async function submit() {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<{ id: string; site: View }>(`/projects/${props.v.project.id}/members`, {
        method: 'POST',
        body: Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined && x !== '')),
      });
      props.onDone(r.site);
      props.onClose();
    } catch (e) {
      if (isApiError(e) && e.field) form.setFields([{ name: e.field, errors: [e.message] }]);
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('pj.members.add')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ partyRole: parties[0] }}>
        <Form.Item name="partyRole" label={t('pj.member.party')} rules={[{ required: true }]}>
          <Select options={parties.map((r) => ({ value: r, label: t(`pj.party.${r}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="position" label={t('pj.member.position')} rules={[{ required: true }]}>
          <Select
            options={MEMBER_POSITIONS.map((x) => ({ value: x, label: t(`pj.position.${x}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('pj.member.name')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="certificateNo" label={t('pj.member.certificateNo')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="userId" label={t('pj.member.account')} extra={t('pj.member.accountHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={accounts.isFetching}
            data-testid="member-account"
            options={(accounts.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName}（${u.username}）${u.projectScoped ? ` · ${t('users.projectAccount')}` : ''}`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
