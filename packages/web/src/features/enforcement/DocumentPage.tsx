import { isRegulator } from '@redline/domain';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Space,
  Table,
  Typography,
} from 'antd';
import {
  CheckCircleOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  EyeOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocumentView } from '@redline/contracts';
import { api, downloadFile, fieldPath, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../app/AppLayout';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime } from '../hazards/shared';
import { DocumentStatusTag } from './DocumentsPage';
import { DocumentOfficers } from './DocumentOfficers';

type Facts = Record<string, unknown>;
type HazardFact = {
  id: string;
  no: number;
  title: string;
  legalBasisText: string;
  gradeText: string;
  resultText?: string;
  comment?: string;
};

/** One document: its content from the records, the drafter's editable part, issuing, the PDF, and how to verify it. */
export default function DocumentPage() {
  const { id = '' } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['document', id], queryFn: () => api<DocumentView>(`/documents/${id}`) });
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const d = q.data;

  useEffect(() => {
    if (!d || d.status !== 'draft') return;
    const values: Facts = {};
    for (const k of d.editable) {
      const v = d.facts[k];
      if (k === 'deadline') values[k] = typeof v === 'string' ? dayjs(v) : undefined;
      else if (k === 'measures')
        values[k] = Array.isArray(v)
          ? v.map((m) => (typeof m === 'string' ? m : (m as { text: string }).text))
          : [];
      else values[k] = v ?? '';
    }
    form.setFieldsValue(values);
  }, [d, form]);

  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!d) return <PageSpin />;
  const regulator = isRegulator(me.role);
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['document', id] });
    qc.invalidateQueries({ queryKey: ['documents'] });
    qc.invalidateQueries({ queryKey: ['hazards'] });
    qc.invalidateQueries({ queryKey: ['hazard'] });
  };
  const fail = (e: unknown) => {
    if (isApiError(e) && e.field?.startsWith('facts.'))
      form.setFields([{ name: fieldPath(e.field).slice(1) as never, errors: [e.message] }]);
    message.error(isApiError(e) ? e.message : String(e));
  };

  /** The editable facts as the form has them, in the API's shape. */
  const formFacts = (v: Facts): Facts => {
    const facts: Facts = {};
    for (const k of d!.editable) {
      const val = v[k];
      if (k === 'deadline') facts[k] = val ? (val as dayjs.Dayjs).format('YYYY-MM-DD') : null;
      else if (k === 'measures') facts[k] = ((val as string[]) ?? []).filter((m) => m && m.trim());
      else facts[k] = typeof val === 'string' && val.trim() ? val : null;
    }
    return facts;
  };
  /** Whether the form differs from what the server has. */
  const dirty = () => {
    const now = formFacts(form.getFieldsValue(true));
    return d!.editable.some((k) => {
      const server = d!.facts[k];
      const mine = now[k];
      if (k === 'measures')
        return (
          JSON.stringify(mine) !==
          JSON.stringify(
            Array.isArray(server)
              ? server.map((m) => (typeof m === 'string' ? m : (m as { text: string }).text))
              : [],
          )
        );
      return (mine ?? '') !== (server ?? '');
    });
  };

  async function save(): Promise<boolean> {
    const facts = formFacts(await form.validateFields());
    setSaving(true);
    try {
      await api(`/documents/${id}`, { method: 'PATCH', body: { facts } });
      refresh();
      message.success(t('common.saved'));
      return true;
    } catch (e) {
      fail(e);
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function issue() {
    if (dirty() && !(await save())) return;
    setIssuing(true);
    try {
      const r = await api<DocumentView>(`/documents/${id}/issue`, { method: 'POST' });
      message.success(t('doc.issued', { number: r.number }));
      refresh();
    } catch (e) {
      fail(e);
    } finally {
      setIssuing(false);
    }
  }

  async function discard() {
    try {
      await api(`/documents/${id}`, { method: 'DELETE' });
      refresh();
      navigate('/documents');
    } catch (e) {
      fail(e);
    }
  }

  async function reviewOpinion() {
    try {
      const r = await api<DocumentView>('/documents', {
        method: 'POST',
        body: { kind: 'review_opinion', followsId: id },
      });
      navigate(`/documents/${r.id}`);
    } catch (e) {
      fail(e);
    }
  }

  const hazards = (Array.isArray(d.facts.hazards) ? d.facts.hazards : []) as HazardFact[];
  const pdfUrl = `/api/documents/${id}/pdf`;
  const isReview = d.kind === 'review_opinion';
  return (
    <div data-testid="document-page" data-status={d.status}>
      <PageHeader
        title={
          <Space wrap>
            {d.kindName}
            <DocumentStatusTag d={d} />
          </Space>
        }
        sub={
          <Typography.Text
            strong={!!d.number}
            type={d.number ? undefined : 'secondary'}
            data-testid="document-number"
            style={{ fontSize: 16 }}
          >
            {d.number ?? t('doc.status.draft')}
          </Typography.Text>
        }
        extra={
          <>
            <Button icon={<EyeOutlined />} href={pdfUrl} target="_blank" data-testid="view-pdf">
              {d.status === 'draft' ? t('doc.preview') : t('doc.viewPdf')}
            </Button>
            {d.status === 'issued' && (
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  downloadFile(`/documents/${id}/pdf`, { download: true }, `${d.number}.pdf`).catch(fail)
                }
                data-testid="download-pdf"
              >
                {t('doc.download')}
              </Button>
            )}
            {d.status === 'draft' && regulator && (
              <Popconfirm title={t('doc.discard')} onConfirm={discard}>
                <Button danger icon={<DeleteOutlined />}>
                  {t('doc.discard')}
                </Button>
              </Popconfirm>
            )}
            {d.status === 'draft' &&
              (d.canIssue ? (
                <Popconfirm
                  title={t('doc.issueConfirm')}
                  onConfirm={issue}
                  okButtonProps={{ 'data-testid': 'issue-confirm' } as never}
                >
                  <Button
                    type="primary"
                    icon={<CheckCircleOutlined />}
                    loading={issuing}

                    data-testid="issue"
                  >
                    {t('doc.issue')}
                  </Button>
                </Popconfirm>
              ) : (
                <Typography.Text type="secondary">{t('doc.cannotIssue')}</Typography.Text>
              ))}
            {d.status === 'issued' && regulator && !d.supersededBy && (
              <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
                {t('doc.correct')}
              </Button>
            )}
            {d.status === 'issued' &&
              regulator &&
              ['rectification_order', 'treatment_decision'].includes(d.kind) && (
                <Button onClick={reviewOpinion} data-testid="draft-review-opinion">
                  {t('doc.reviewOpinion')}
                </Button>
              )}
          </>
        }
      />
      {d.supersedesId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <Link to={`/documents/${d.supersedesId}`}>
              {t('doc.supersedes', { number: d.supersedesNumber ?? '' })}
            </Link>
          }
          description={`${t('doc.correctReason')}：${d.correctionReason ?? ''}`}
        />
      )}
      {d.supersededBy && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <Link to={`/documents/${d.supersededBy.id}`}>
              {t('doc.supersededBy', { number: d.supersededBy.number ?? '' })}
            </Link>
          }
        />
      )}
      {d.status === 'draft' && d.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="missing-facts"
          message={t('doc.missing', {
            list: d.missing.map((k) => t(`doc.fact.${k}` as MessageKey)).join('、'),
          })}
        />
      )}
      {regulator && <DocumentOfficers d={d} onChange={refresh} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={d.status === 'draft' ? 12 : 14}>
          <Card size="small" title={t('doc.fromRecords')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('doc.party')}>
                {String(d.facts.subjectName ?? '—')}
              </Descriptions.Item>
              {typeof d.facts.place === 'string' && (
                <Descriptions.Item label={t('doc.fact.place')}>{d.facts.place}</Descriptions.Item>
              )}
              {typeof d.facts.inspectorsText === 'string' && (
                <Descriptions.Item label={t('doc.inspectors')}>{d.facts.inspectorsText}</Descriptions.Item>
              )}
              {typeof d.facts.followsNumber === 'string' && (
                <Descriptions.Item label={t('doc.kind.rectification_order')}>
                  {d.facts.followsNumber}
                </Descriptions.Item>
              )}
              {typeof d.facts.caseNumber === 'string' && (
                <Descriptions.Item label={t('case.number')}>{d.facts.caseNumber}</Descriptions.Item>
              )}
              {d.status === 'issued' && typeof d.facts.deadlineText === 'string' && (
                <Descriptions.Item label={t('doc.fact.deadline')}>{d.facts.deadlineText}</Descriptions.Item>
              )}
            </Descriptions>
            {hazards.length > 0 && (
              <Table<HazardFact>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={hazards}
                title={() => t('doc.hazards')}
                columns={[
                  { title: '#', dataIndex: 'no', width: 40 },
                  {
                    title: t('hz.col.title'),
                    key: 'title',
                    render: (_, h) => <Link to={`/hazards/${h.id}`}>{h.title}</Link>,
                  },
                  isReview
                    ? { title: t('hz.form.accepted'), key: 'result', render: (_, h) => h.resultText }
                    : { title: t('hz.detail.basis'), dataIndex: 'legalBasisText' },
                  isReview
                    ? { title: t('hz.form.comment'), dataIndex: 'comment' }
                    : { title: t('hz.grade'), dataIndex: 'gradeText', width: 70 },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={d.status === 'draft' ? 12 : 10}>
          {d.status === 'draft' ? (
            <Card
              size="small"
              title={t('doc.editable')}
              extra={
                <Button onClick={save} loading={saving} data-testid="save-facts">
                  {t('common.save')}
                </Button>
              }
            >
              <Form form={form} layout="vertical">
                {d.editable.map((k) =>
                  k === 'deadline' ? (
                    <Form.Item key={k} name={k} label={t('doc.fact.deadline')}>
                      <DatePicker
                        style={{ width: '100%' }}
                        disabledDate={(x) => x.isBefore(dayjs().add(1, 'day'), 'day')}
                        data-testid="fact-deadline"
                      />
                    </Form.Item>
                  ) : k === 'measures' ? (
                    <Form.Item key={k} label={t('doc.fact.measures')}>
                      <Form.List name="measures">
                        {(fields, { add, remove }) => (
                          <>
                            {fields.map((f) => (
                              <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                                <Form.Item name={f.name} style={{ flex: 1, minWidth: 280 }}>
                                  <Input maxLength={1000} />
                                </Form.Item>
                                <MinusCircleOutlined onClick={() => remove(f.name)} />
                              </Space>
                            ))}
                            <Button type="dashed" onClick={() => add('')} icon={<PlusOutlined />}>
                              {t('doc.addMeasure')}
                            </Button>
                          </>
                        )}
                      </Form.List>
                    </Form.Item>
                  ) : (
                    <Form.Item key={k} name={k} label={t(`doc.fact.${k}` as MessageKey)}>
                      <Input.TextArea
                        rows={k.endsWith('Text') || k === 'conclusion' ? 4 : 2}
                        maxLength={4000}
                        data-testid={`fact-${k}`}
                      />
                    </Form.Item>
                  ),
                )}
              </Form>
            </Card>
          ) : (
            <Card
              size="small"
              title={
                <Space>
                  <SafetyCertificateOutlined />
                  {t('doc.verify')}
                </Space>
              }
              data-testid="document-verification"
            >
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('doc.issuedAt')}>{fmtTime(d.issuedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('doc.issuedBy')}>{d.issuedByName}</Descriptions.Item>
                <Descriptions.Item label={t('doc.verifyUrl')}>
                  <a
                    href={d.verifyUrl ? new URL(d.verifyUrl).pathname : '#'}
                    target="_blank"
                    rel="noreferrer"
                    data-testid="verify-link"
                  >
                    {d.verifyUrl}
                  </a>
                </Descriptions.Item>
                <Descriptions.Item label={t('doc.pdfSha256')}>
                  <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
                    {d.pdfSha256}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('doc.contentDigest')}>
                  <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 12 }}>
                    {d.contentDigest}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>
      {correcting && (
        <CorrectModal
          doc={d}
          onClose={() => setCorrecting(false)}
          onDone={(newId) => navigate(`/documents/${newId}`)}
        />
      )}
    </div>
  );
}

function CorrectModal({
  doc,
  onClose,
  onDone,
}: {
  doc: DocumentView;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<DocumentView>(`/documents/${doc.id}/correct`, {
        method: 'POST',
        body: { reason: v.reason },
      });
      onDone(r.id);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('doc.correctTitle', { number: doc.number ?? '' })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
    >
      <Typography.Paragraph type="secondary">{t('doc.correctHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('doc.correctReason')}
          rules={[
            {
              required: true,
              min: 2,
              message: t('common.tooShort', { label: t('doc.correctReason'), min: 2 }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
