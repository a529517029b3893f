import { Link, useNavigate, useParams } from 'react-router';
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, EditOutlined, FileTextOutlined, FormOutlined } from '@ant-design/icons';
import { useOfficerCandidates } from '../../api/officers';
import { errorMessage } from '../../components/ErrorState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../app/AppLayout';
import { localName, useLang, useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { GradeTag } from '../checklists/ItemDetail';
import { fieldApi } from '../offline/client';
import { fmtTime, InspectionStatusTag, KindTag, ScorePanel, useInspection, useSetInspection } from './shared';
import './inspections.css';

/** An inspection and everything found: target, team, progress, score, failed items with photos, hazards, signatures. */
export default function InspectionPage() {
  const { id } = useParams();
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const q = useInspection(id);
  const participants = useParticipants(id ?? '');
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const v = q.data;
  if (!v) return <PageSpin />;
  const done = v.findings.filter((f) => f.result !== 'pending').length;
  const failed = v.findings.filter((f) => f.result === 'fail');
  const open = v.status === 'draft' || v.status === 'in_progress';

  return (
    <div data-testid="inspection-page">
      <PageHeader
        title={v.target.name}
        sub={
          <Space wrap size={4}>
            <Tag>{v.number}</Tag>
            <KindTag kind={v.kind} />
            <InspectionStatusTag status={v.status} />
            {v.topic ? <Tag color="purple">{v.topic}</Tag> : null}
          </Space>
        }
        extra={
          <>
            {open && v.can.record ? (
              <Button
                type="primary"
                size="large"
                icon={<EditOutlined />}
                onClick={() => navigate(`/inspections/${v.id}/capture`)}
                data-testid="open-capture"
              >
                {done ? t('in.continue') : t('in.capture')}
              </Button>
            ) : null}
            {v.can.sign || (v.status === 'signed' && v.can.finish) ? (
              <Button
                size="large"
                icon={<FormOutlined />}
                onClick={() => navigate(`/inspections/${v.id}/sign`)}
                data-testid="open-sign"
              >
                {t('sig.title')}
              </Button>
            ) : null}
            <Button
              size="large"
              icon={<FileTextOutlined />}
              onClick={() => navigate(`/inspections/${v.id}/record`)}
              data-testid="open-record"
            >
              {t('in.recordView')}
            </Button>
          </>
        }
      />
      {v.cross ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="cross-banner"
          message={t('in.cross', {
            home: v.cross.homeRegionName ?? v.cross.homeRegionCode,
            target: v.cross.targetRegionName ?? v.cross.targetRegionCode,
          })}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('in.target')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t(`in.target.${v.target.kind}` as MessageKey)}>
                {v.target.name}
              </Descriptions.Item>
              <Descriptions.Item label={t('in.place')}>
                {v.place || v.target.address || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('in.principal')}>{v.principalName || '—'}</Descriptions.Item>
              {v.target.enterpriseName ? (
                <Descriptions.Item label={t('in.target.enterprise')}>
                  {v.target.enterpriseName}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('in.planned')}>{v.plannedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('rec.time')}>
                {fmtTime(v.startedAt, lang)} — {fmtTime(v.endedAt, lang)}
              </Descriptions.Item>
              {v.groupName ? (
                <Descriptions.Item label={t('in.group')}>{v.groupName}</Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('in.team')} data-testid="participants">
            <List
              size="small"
              dataSource={v.members}
              renderItem={(m) => (
                <List.Item
                  data-testid={`participant-${m.userId}`}
                  extra={
                    v.can.manageParticipants && m.role !== 'leader' ? (
                      <Popconfirm
                        title={t('in.officers.remove')}
                        onConfirm={() => participants.remove(m.userId)}
                      >
                        <Button size="small" type="link" danger>
                          {t('in.officers.remove')}
                        </Button>
                      </Popconfirm>
                    ) : null
                  }
                >
                  <Space wrap size={4}>
                    <span>{m.displayName}</span>
                    {m.role === 'leader' ? <Tag color="blue">{t('in.leader')}</Tag> : null}
                    {m.outsideJurisdiction ? <Tag color="magenta">{t('in.outside')}</Tag> : null}
                    {v.enforcement && !m.licenceNo ? (
                      <Tag color="red">{t('in.officers.noLicence')}</Tag>
                    ) : null}
                    {v.enforcement ? (
                      m.confirmedAt ? (
                        <Tag color="green" data-testid="participant-confirmed">
                          {t('in.officers.confirmed')}
                        </Tag>
                      ) : (
                        <Tag color="orange">{t('in.officers.unconfirmed')}</Tag>
                      )
                    ) : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.licenceNo ? t('in.licence', { n: m.licenceNo }) : ''}{' '}
                      {m.authorityName ?? m.homeRegionName ?? ''}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
            {v.enforcement && v.status !== 'finished' && v.status !== 'cancelled' ? (
              <Alert
                type="info"
                showIcon
                style={{ marginTop: 8 }}
                message={t('in.officers.rule')}
                data-testid="two-officer-rule"
              />
            ) : null}
            <Flex gap={8} wrap style={{ marginTop: 8 }}>
              {v.can.confirm ? (
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={participants.busy}
                  onClick={() => participants.confirm()}
                  data-testid="confirm-participation"
                >
                  {t('in.officers.confirm')}
                </Button>
              ) : null}
              {v.can.manageParticipants && v.enforcement ? (
                <AddOfficer
                  regionCode={v.regionCode}
                  exclude={v.members.map((m) => m.userId)}
                  busy={participants.busy}
                  onAdd={(userId) => participants.add(userId)}
                />
              ) : null}
            </Flex>
            <Flex align="center" gap={8} style={{ marginTop: 8 }}>
              <Typography.Text style={{ whiteSpace: 'nowrap' }}>{t('in.progress')}</Typography.Text>
              <Progress
                percent={v.findings.length ? Math.round((done / v.findings.length) * 100) : 0}
                format={() => t('in.progressOf', { done, total: v.findings.length })}
                aria-label={t('in.progress')}
              />
            </Flex>
          </Card>
        </Col>
        {v.scores.length ? (
          <Col xs={24}>
            <Card size="small" title={t('in.score')}>
              {v.scores.map((s) => (
                <div key={s.versionId}>
                  <Typography.Text type="secondary">{localName(lang, s.libraryName)}</Typography.Text>
                  <ScorePanel score={s} />
                </div>
              ))}
            </Card>
          </Col>
        ) : null}
        <Col xs={24} lg={14}>
          <Card size="small" title={`${t('in.failedItems')} (${failed.length})`} data-testid="failed-items">
            {failed.length ? (
              <List
                dataSource={failed}
                renderItem={(f) => (
                  <List.Item>
                    <Space direction="vertical" size={4} style={{ width: '100%' }}>
                      <Space wrap size={4}>
                        <Tag>{f.item.code}</Tag>
                        <Typography.Text strong>{localName(lang, f.item.title)}</Typography.Text>
                        <GradeTag grade={f.hazardGrade ?? f.item.handling.grade} />
                        {f.deducted ? <Tag color="red">−{f.deducted}</Tag> : null}
                      </Space>
                      <Typography.Text>{f.hazardDescription}</Typography.Text>
                      {f.note ? <Typography.Text type="secondary">{f.note}</Typography.Text> : null}
                      {f.photos.length ? (
                        <div className="photos">
                          {f.photos.map((p) => (
                            <div className="photo" key={p.id}>
                              <a href={p.url} target="_blank" rel="noreferrer">
                                <img src={p.url} alt={p.originalName} />
                              </a>
                              <div className="photo-meta">
                                {p.exifTakenAt ? (
                                  <div>{t('cap.takenAt', { t: fmtTime(p.exifTakenAt, lang) })}</div>
                                ) : null}
                                <div>{t('cap.uploadedAt', { t: fmtTime(p.uploadedAt, lang) })}</div>
                              </div>
                            </div>
                          ))}
                        </div>
                      ) : null}
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={`${t('in.hazards')} (${v.hazards.length})`} data-testid="hazards">
            {v.hazards.length ? (
              <List
                dataSource={v.hazards}
                renderItem={(h) => (
                  <List.Item data-testid="hazard-row">
                    <Space direction="vertical" size={0}>
                      <Space wrap size={4}>
                        <GradeTag grade={h.grade} />
                        <Link to={`/hazards/${h.id}`}>{h.title}</Link>
                      </Space>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {h.checklistItemCode} · {t(`in.hzStatus.${h.status}` as MessageKey)}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Text type="secondary">
                {v.status === 'finished' ? t('in.noHazards') : '—'}
              </Typography.Text>
            )}
          </Card>
          <Card size="small" title={t('in.signatures')} style={{ marginTop: 16 }}>
            {v.signatures.length ? (
              <List
                size="small"
                dataSource={v.signatures}
                renderItem={(s) => (
                  <List.Item>
                    <Space wrap>
                      <span>{s.signerName}</span>
                      {s.refused ? (
                        <Tag color="orange">{t('sig.refused')}</Tag>
                      ) : (
                        <img className="sig-img" src={`/api/files/${s.fileId}`} alt="signature" />
                      )}
                      <Typography.Text type="secondary">{fmtTime(s.signedAt, lang)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              '—'
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/**
 * The officers taking part (Administrative Penalty Law 2021 art. 42): confirm your own part, and —
 * for the team leader — add or remove a co-officer. Every call answers with the fresh view.
 */
function useParticipants(id: string) {
  const t = useT();
  const { message } = App.useApp();
  const setView = useSetInspection();
  const [busy, setBusy] = useState(false);
  const run = async (path: string, method: 'POST' | 'DELETE', body?: unknown, ok?: string) => {
    setBusy(true);
    try {
      setView(await fieldApi(path, { method, body }));
      if (ok) message.success(ok);
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    confirm: () =>
      run(`/inspections/${id}/participants/confirm`, 'POST', undefined, t('in.officers.confirmDone')),
    add: (userId: string) =>
      run(`/inspections/${id}/participants`, 'POST', { userId }, t('in.officers.added')),
    remove: (userId: string) => run(`/inspections/${id}/participants/${userId}`, 'DELETE'),
  };
}

/** The leader picks a certified officer whose jurisdiction covers the target. */
function AddOfficer({
  regionCode,
  exclude,
  busy,
  onAdd,
}: {
  regionCode: string;
  exclude: string[];
  busy: boolean;
  onAdd: (userId: string) => Promise<void>;
}) {
  const t = useT();
  const [picked, setPicked] = useState<string | undefined>();
  const q = useOfficerCandidates(regionCode);
  const options = (q.data?.items ?? [])
    .filter((c) => !exclude.includes(c.userId))
    .map((c) => ({
      value: c.userId,
      label: `${c.displayName}${c.licenceNo ? ` · ${t('in.licence', { n: c.licenceNo })}` : ` · ${t('in.officers.noLicence')}`}${c.authorityName ? ` · ${c.authorityName}` : ''}`,
    }));
  return (
    // Block and a shrinking select: a long label (name · number · authority) must not push the
    // button off a phone's screen.
    <Space.Compact block>
      <Select
        style={{ flex: 1, minWidth: 0, maxWidth: 520 }}
        showSearch
        optionFilterProp="label"
        placeholder={t('in.officers.addPlaceholder')}
        loading={q.isLoading}
        options={options}
        value={picked}
        onChange={setPicked}
        data-testid="add-officer-select"
      />
      <Button
        disabled={!picked}
        loading={busy}
        onClick={async () => {
          if (!picked) return;
          await onAdd(picked);
          setPicked(undefined);
        }}
        data-testid="add-officer"
      >
        {t('in.officers.add')}
      </Button>
    </Space.Compact>
  );
}
