import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Row,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseView, DocumentView } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../app/AppLayout';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { fmtTime } from '../hazards/shared';
import { CaseStatusTag } from './CasesPage';
import { DocumentStatusTag } from './DocumentsPage';
import { actionLabel, actorLabel } from '../audit/labels';

/** One case: its party, documents from filing to decision, evidence and history; draft the next document or close it. */
export default function CasePage() {
  const { id = '' } = useParams();
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['case', id], queryFn: () => api<CaseView>(`/cases/${id}`) });
  const [closing, setClosing] = useState(false);
  const [form] = Form.useForm();
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <PageSpin />;
  const c = q.data;
  const draft = async (kind: 'case_filing' | 'penalty_decision') => {
    try {
      const d = await api<DocumentView>('/documents', { method: 'POST', body: { kind, caseId: id } });
      navigate(`/documents/${d.id}`);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  const close = async () => {
    const v = await form.validateFields();
    try {
      await api(`/cases/${id}/close`, { method: 'POST', body: { note: v.note } });
      setClosing(false);
      qc.invalidateQueries({ queryKey: ['case', id] });
      qc.invalidateQueries({ queryKey: ['cases'] });
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  const open = c.status !== 'closed';
  const leader = ['admin', 'leader'].includes(me.role);
  return (
    <div data-testid="case-page">
      <PageHeader
        title={c.title}
        sub={
          <Space>
            <Typography.Text strong>{c.number}</Typography.Text>
            <CaseStatusTag status={c.status} />
          </Space>
        }
        extra={
          open && (
            <>
              {c.status === 'open' && (
                <Button onClick={() => draft('case_filing')}>{t('case.draftFiling')}</Button>
              )}
              {c.status === 'filed' && (
                <Button onClick={() => draft('penalty_decision')}>{t('case.draftPenalty')}</Button>
              )}
              {leader && (
                <Button type="primary" onClick={() => setClosing(true)}>
                  {t('case.close')}
                </Button>
              )}
            </>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('doc.party')}>
                {c.enterpriseId ? (
                  <Link to={`/supervision/enterprise/${c.enterpriseId}`}>{c.enterpriseName}</Link>
                ) : (
                  c.projectName
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('hz.status')}>
                {t(`case.source.${c.source}` as MessageKey)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.summary')}>{c.summary || '—'}</Descriptions.Item>
              {c.closingNote && (
                <Descriptions.Item label={t('case.closeNote')}>{c.closingNote}</Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title={t('case.documents')} style={{ marginTop: 16 }}>
            <List
              dataSource={c.documents}
              locale={{ emptyText: '—' }}
              renderItem={(d) => (
                <List.Item>
                  <Space wrap>
                    <Link to={`/documents/${d.id}`}>{d.kindName}</Link>
                    <span>{d.number}</span>
                    <DocumentStatusTag d={d} />
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('case.timeline')}>
            <Timeline
              items={c.timeline.map((e) => ({
                children: (
                  <span>
                    {fmtTime(e.at)} · {actorLabel(t, e.actorName, '')} · {actionLabel(t, e.action)}
                    {e.details.number ? ` ${String(e.details.number)}` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Modal open={closing} title={t('case.close')} onCancel={() => setClosing(false)} onOk={close}>
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={t('case.closeNote')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
