import { isOfficer, isRegulator } from '@redline/domain';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  List,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import {
  AuditOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  UploadOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocumentView, EvidenceFileView, HazardDetail } from '@redline/contracts';
import { api, fieldPath, isApiError, uploadFile } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../app/AppLayout';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime, HazardGradeTag, HazardStatusTag, OverdueTag } from './shared';

type Action = HazardDetail['allowedActions'][number];
const PLAN_KEYS = ['responsibility', 'measures', 'funds', 'timeLimit', 'contingencyPlan', 'targets'] as const;

/** One hazard: what is asked, by when, the evidence (with EXIF checks), the history, and the actions this user may take. */
export default function HazardDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['hazard', id], queryFn: () => api<HazardDetail>(`/hazards/${id}`) });
  const [action, setAction] = useState<Action | null>(null);
  const [uploading, setUploading] = useState(false);
  const [drafting, setDrafting] = useState(false);

  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <PageSpin />;
  const h = q.data;
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['hazard', id] });
    qc.invalidateQueries({ queryKey: ['hazards'] });
    qc.invalidateQueries({ queryKey: ['notifications'] });
  };
  const canUpload =
    !['closed', 'rejected'].includes(h.status) && (isOfficer(me.role) || me.role === 'enterprise_manager');
  const canDraftOrder = isRegulator(me.role) && ['reported', 'confirmed'].includes(h.status);

  async function draftOrder() {
    setDrafting(true);
    try {
      const doc = await api<DocumentView>('/documents', {
        method: 'POST',
        body: { kind: 'rectification_order', hazardIds: [h.id] },
      });
      navigate(`/documents/${doc.id}`);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setDrafting(false);
    }
  }

  async function openCase() {
    try {
      const c = await api<{ id: string }>('/cases', {
        method: 'POST',
        body: {
          title: `${h.enterpriseName ?? h.projectName ?? ''}${h.title}案`,
          source: 'hazard',
          sourceId: h.id,
        },
      });
      navigate(`/cases/${c.id}`);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  }

  async function upload(file: File) {
    setUploading(true);
    try {
      const r = await uploadFile<{ files: EvidenceFileView[] }>(`/hazards/${h.id}/evidence`, file);
      message.success(t('hz.uploaded', { n: r.files.length }));
      if (r.files.some((f) => f.takenBeforeFound)) message.warning(t('hz.exif.beforeFound'));
      refresh();
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setUploading(false);
    }
  }

  const st = h.state;
  return (
    <div data-testid="hazard-page" data-status={h.status}>
      <PageHeader
        title={h.title}
        sub={
          <Space size={4} wrap>
            <HazardGradeTag grade={h.grade} />
            <HazardStatusTag status={h.status} />
            {h.overdue && <OverdueTag days={h.overdueDays} />}
            {h.listed && <Tag color="volcano">{t('hz.listed')}</Tag>}
            {st.returnedCount > 0 && <Tag>{t('hz.detail.returned', { n: st.returnedCount })}</Tag>}
          </Space>
        }
        extra={
          <>
            {canDraftOrder && (
              <Button
                icon={<FileTextOutlined />}
                loading={drafting}
                onClick={draftOrder}
                data-testid="draft-order"
              >
                {t('hz.action.order_document')}
              </Button>
            )}
            {isOfficer(me.role) && h.status !== 'rejected' && (
              <Popconfirm title={t('case.fromHazard')} onConfirm={openCase}>
                <Button icon={<AuditOutlined />} data-testid="open-case">
                  {t('case.fromHazard')}
                </Button>
              </Popconfirm>
            )}
            {h.enterpriseId && me.role !== 'worker' && (
              <Link to={`/supervision/enterprise/${h.enterpriseId}`}>
                <Button icon={<FolderOpenOutlined />}>{t('hz.detail.supervisionFile')}</Button>
              </Link>
            )}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('hz.detail.state')}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('hz.party')}>
                {h.enterpriseName ?? h.projectName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('hz.deadline')}>
                <span data-testid="hazard-deadline">{fmtTime(h.deadline)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('hz.foundAt')}>{fmtTime(h.foundAt)}</Descriptions.Item>
              <Descriptions.Item label={t('hz.foundBy')}>{h.foundByName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('hz.detail.description')} span={2}>
                {h.description || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('hz.detail.basis')} span={2}>
                {h.legalBasisText || '—'}
              </Descriptions.Item>
              {st.closure && (
                <Descriptions.Item label={t('hz.status.closed')} span={2}>
                  {t('hz.detail.closure', {
                    via: t(`hz.via.${st.closure.via}` as MessageKey),
                    at: fmtTime(st.closure.at),
                  })}
                </Descriptions.Item>
              )}
            </Descriptions>
            {st.supervision?.required && h.status === 'submitted' && (
              <Alert
                type={st.supervision.confirmedAt ? 'success' : 'warning'}
                showIcon
                style={{ marginTop: 8 }}
                data-testid="supervision-state"
                message={
                  st.supervision.confirmedAt
                    ? t('hz.supervision.confirmed', { at: fmtTime(st.supervision.confirmedAt) })
                    : t('hz.supervision.waiting')
                }
              />
            )}
            {st.pendingExtension && (
              <Alert
                type="info"
                showIcon
                style={{ marginTop: 8 }}
                message={t('hz.detail.extension')}
                description={t('hz.detail.extensionText', {
                  deadline: fmtTime(st.pendingExtension.requestedDeadline),
                  reason: st.pendingExtension.reason,
                })}
              />
            )}
            {st.listing && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 8 }}
                message={t('hz.detail.listing')}
                description={t('hz.detail.listingText', {
                  level: t(`hz.level.${st.listing.level}` as MessageKey),
                  at: fmtTime(st.listing.listedAt),
                })}
              />
            )}
          </Card>
          {h.grade === 'major' && (
            <Card size="small" title={t('hz.detail.plan')} style={{ marginTop: 16 }}>
              {st.plan ? (
                <Descriptions column={1} size="small">
                  {PLAN_KEYS.filter((k) => st.plan?.[k]).map((k) => (
                    <Descriptions.Item key={k} label={t(`hz.plan.${k}` as MessageKey)}>
                      {st.plan![k]}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              )}
            </Card>
          )}
          <Card
            size="small"
            title={t('hz.detail.evidence')}
            style={{ marginTop: 16 }}
            data-testid="evidence"
            extra={
              canUpload && (
                <Upload
                  accept="image/jpeg,image/png,image/webp,image/heic,application/pdf"
                  showUploadList={false}
                  multiple
                  beforeUpload={(f) => (upload(f), false)}
                >
                  <Button icon={<UploadOutlined />} loading={uploading} data-testid="evidence-upload">
                    {t('hz.upload')}
                  </Button>
                </Upload>
              )
            }
          >
            {canUpload && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('hz.uploadHint')}
              </Typography.Paragraph>
            )}
            <EvidenceList files={h.evidence} empty={t('hz.detail.noEvidence')} />
            {h.foundEvidence.length > 0 && (
              <>
                <Typography.Title level={5} style={{ marginTop: 12 }}>
                  {t('hz.detail.foundEvidence')}
                </Typography.Title>
                <EvidenceList files={h.foundEvidence} empty="" />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('common.actions')} data-testid="hazard-actions">
            {h.allowedActions.length ? (
              <Space wrap>
                {h.allowedActions.map((a) => (
                  <Button
                    key={a}
                    size="large"
                    type={PRIMARY.includes(a) ? 'primary' : 'default'}
                    danger={a === 'reject'}
                    onClick={() => setAction(a)}
                    data-testid={`action-${a}`}
                  >
                    {t(`hz.action.${a}` as MessageKey)}
                  </Button>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </Card>
          <Card
            size="small"
            title={t('hz.detail.timeline')}
            style={{ marginTop: 16 }}
            data-testid="hazard-timeline"
          >
            <Timeline
              items={[
                {
                  color: 'gray',
                  children: (
                    <EventLine title={t('hz.event.report')} at={h.foundAt} who={h.foundByName ?? ''} />
                  ),
                },
                ...h.events.map((e) => ({
                  color:
                    e.type === 'review' && !e.payload.accepted ? 'red' : e.to === 'closed' ? 'green' : 'blue',
                  children: (
                    <EventLine
                      title={`${t(`hz.event.${e.type}` as MessageKey)}${
                        e.type === 'review'
                          ? t(e.payload.accepted ? 'hz.event.accepted' : 'hz.event.notAccepted')
                          : e.type === 'decide_extension'
                            ? t(e.payload.approved ? 'hz.event.approved' : 'hz.event.refused')
                            : ''
                      }`}
                      at={e.at}
                      who={e.actorName}
                      text={[
                        e.payload.reason,
                        e.payload.comment,
                        e.payload.note,
                        e.payload.deadline
                          ? `${t('hz.deadline')}：${fmtTime(String(e.payload.deadline))}`
                          : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    />
                  ),
                })),
              ]}
            />
          </Card>
          <Card
            size="small"
            title={t('hz.detail.documents')}
            style={{ marginTop: 16 }}
            data-testid="hazard-documents"
          >
            {h.documents.length ? (
              <List
                size="small"
                dataSource={h.documents}
                renderItem={(d) => (
                  <List.Item>
                    <Link to={`/documents/${d.id}`}>
                      {d.kindName} {d.number ?? `（${t('doc.status.draft')}）`}
                    </Link>
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      {action && (
        <ActionModal
          hazard={h}
          action={action}
          onClose={() => setAction(null)}
          onDone={() => (setAction(null), refresh())}
        />
      )}
    </div>
  );
}

const PRIMARY: Action[] = [
  'confirm',
  'order_rectification',
  'start_rectification',
  'submit_evidence',
  'review',
  'close_out',
  'submit_plan',
  'confirm_evidence',
];

function EventLine({ title, at, who, text }: { title: string; at: string; who: string; text?: string }) {
  return (
    <div data-testid="hazard-event">
      <Typography.Text strong>{title}</Typography.Text>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fmtTime(at)} · {who}
        </Typography.Text>
      </div>
      {text ? <div style={{ fontSize: 13 }}>{text}</div> : null}
    </div>
  );
}

function EvidenceList({ files, empty }: { files: EvidenceFileView[]; empty: string }) {
  const t = useT();
  if (!files.length) return empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : null;
  return (
    <List
      grid={{ gutter: 12, xs: 2, sm: 3, md: 3, lg: 3 }}
      dataSource={files}
      renderItem={(f) => (
        <List.Item data-testid="evidence-file" data-before-found={String(f.takenBeforeFound)}>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            {f.mime.startsWith('image/') ? (
              <Image src={f.url} alt={f.originalName} height={96} style={{ objectFit: 'cover' }} />
            ) : (
              <a href={f.url} target="_blank" rel="noreferrer">
                {f.originalName || 'PDF'}
              </a>
            )}
            <Typography.Text style={{ fontSize: 12 }} type="secondary">
              {f.exifTakenAt ? t('hz.exif.taken', { at: fmtTime(f.exifTakenAt) }) : t('hz.exif.none')}
            </Typography.Text>
            {f.takenBeforeFound && (
              <Tag
                color="red"
                icon={<WarningOutlined />}
                data-testid="taken-before-found"
                style={{ whiteSpace: 'normal' }}
              >
                {t('hz.exif.beforeFound')}
              </Tag>
            )}
            {f.metresFromSite !== null && f.metresFromSite > 500 && (
              <Tag color="orange">{t('hz.exif.far', { m: f.metresFromSite })}</Tag>
            )}
            {f.submitted === false && <Tag>{t('doc.status.draft')}</Tag>}
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The form of one lifecycle action; server errors land on the field they name. */
function ActionModal({
  hazard,
  action,
  onClose,
  onDone,
}: {
  hazard: HazardDetail;
  action: Action;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const accepted = Form.useWatch('accepted', form);
  const approved = Form.useWatch('approved', form);
  const unsubmitted = hazard.evidence.filter((f) => !f.submitted);
  const date = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

  async function submit() {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch (e) {
      // Field errors are shown next to their fields. A validation overtaken by a change of the form
      // (antd's `outOfDate`, e.g. while the dialog is still mounting) is simply run again.
      if ((e as { errorFields?: unknown[] }).errorFields?.length) return;
      v = await form.validateFields();
    }
    const body: Record<string, unknown> = { type: action };
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined || val === '' || val === null) continue;
      body[k] = dayjs.isDayjs(val) ? date(val) : val;
    }
    if (action === 'submit_plan') {
      body.plan = Object.fromEntries(
        PLAN_KEYS.map((k) => [k, v[k] ?? '']).filter(([k, x]) => k !== 'targets' || x),
      );
      for (const k of PLAN_KEYS) delete body[k];
    }
    setBusy(true);
    try {
      await api(`/hazards/${hazard.id}/actions`, { method: 'POST', body });
      message.success(t('hz.action.done', { action: t(`hz.action.${action}` as MessageKey) }));
      onDone();
    } catch (e) {
      if (isApiError(e) && e.field) {
        const name = fieldPath(e.field);
        const formName = name[0] === 'plan' ? [name[1]] : name;
        form.setFields([{ name: formName as never, errors: [e.message] }]);
      }
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const future = (d: Dayjs) => d.isBefore(dayjs().add(1, 'day'), 'day');
  const files = (
    <Form.Item
      name="evidenceFileIds"
      label={t('hz.form.files')}
      initialValue={unsubmitted.map((f) => f.id)}
      rules={[{ required: true, message: t('hz.detail.noEvidence') }]}
    >
      <Checkbox.Group
        options={hazard.evidence.map((f) => ({
          value: f.id,
          label: `${f.originalName || f.id.slice(0, 8)}${f.takenBeforeFound ? ' ⚠' : ''}`,
        }))}
        data-testid="evidence-choice"
      />
    </Form.Item>
  );
  const text = (name: string, label: MessageKey, required = false) => (
    <Form.Item
      name={name}
      label={t(label)}
      rules={required ? [{ required: true, message: t('common.required', { label: t(label) }) }] : []}
    >
      <Input.TextArea rows={3} maxLength={2000} data-testid={`field-${name}`} />
    </Form.Item>
  );
  const deadline = (name: string, label: MessageKey, required = true) => (
    <Form.Item
      name={name}
      label={t(label)}
      rules={required ? [{ required: true, message: t('common.requiredSelect', { label: t(label) }) }] : []}
    >
      <DatePicker disabledDate={future} style={{ width: '100%' }} data-testid={`field-${name}`} />
    </Form.Item>
  );

  return (
    <Modal
      open
      title={t(`hz.action.${action}` as MessageKey)}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'action-submit' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ accepted: true, approved: true, grade: hazard.grade }}
      >
        {action === 'confirm' && (
          <>
            <Form.Item name="grade" label={t('hz.form.grade')}>
              <Select
                options={['general', 'major'].map((g) => ({
                  value: g,
                  label: t(`hz.grade.${g}` as MessageKey),
                }))}
              />
            </Form.Item>
            {text('note', 'hz.form.note')}
          </>
        )}
        {action === 'reject' && text('reason', 'hz.form.reason', true)}
        {(action === 'rectify_on_spot' || action === 'submit_evidence') && (
          <>
            {hazard.evidence.length ? (
              files
            ) : (
              <Alert
                type="warning"
                showIcon
                message={t('hz.detail.noEvidence')}
                style={{ marginBottom: 12 }}
              />
            )}
            {text('note', 'hz.form.note')}
          </>
        )}
        {action === 'order_rectification' && deadline('deadline', 'hz.form.deadline')}
        {action === 'submit_plan' &&
          PLAN_KEYS.map((k) => text(k, `hz.plan.${k}` as MessageKey, k !== 'targets'))}
        {action === 'list_for_supervision' && text('note', 'hz.form.note')}
        {action === 'start_rectification' && (
          <Typography.Paragraph>
            {t('hz.deadline')}：{fmtTime(hazard.deadline)}
          </Typography.Paragraph>
        )}
        {action === 'review' && (
          <>
            <Form.Item name="accepted" label={t('hz.form.accepted')}>
              <Radio.Group data-testid="field-accepted">
                <Radio.Button value={true}>{t('hz.form.accept')}</Radio.Button>
                <Radio.Button value={false}>
                  <span data-testid="review-reject">{t('hz.form.notAccept')}</span>
                </Radio.Button>
              </Radio.Group>
            </Form.Item>
            {accepted === false && deadline('deadline', 'hz.form.newDeadline')}
            {text('comment', 'hz.form.comment', accepted === false)}
          </>
        )}
        {action === 'close_out' && text('comment', 'hz.form.comment')}
        {action === 'confirm_evidence' && (
          <>
            <Form.Item name="accepted" label={t('hz.form.confirmed')}>
              <Radio.Group data-testid="field-confirmed">
                <Radio.Button value={true}>{t('hz.form.confirm')}</Radio.Button>
                <Radio.Button value={false}>{t('hz.form.notConfirm')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
            {text('comment', 'hz.form.comment', accepted === false)}
          </>
        )}
        {action === 'request_extension' && (
          <>
            {deadline('requestedDeadline', 'hz.form.requestedDeadline')}
            {text('reason', 'hz.form.reason', true)}
          </>
        )}
        {action === 'decide_extension' && (
          <>
            <Form.Item name="approved" label={t('hz.form.approved')}>
              <Radio.Group>
                <Radio.Button value={true}>{t('hz.form.approve')}</Radio.Button>
                <Radio.Button value={false}>{t('hz.form.refuse')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
            {approved !== false && deadline('deadline', 'hz.form.deadline', false)}
            {text('comment', 'hz.form.comment')}
          </>
        )}
      </Form>
    </Modal>
  );
}
