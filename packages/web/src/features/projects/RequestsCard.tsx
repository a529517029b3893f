import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ProjectSiteView } from '@redline/contracts';
import { REQUEST_PARTIES } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { useT, type MessageKey } from '../../i18n/index.tsx';

type View = ProjectSiteView;
type Req = View['requests'][number];
const STATUS_COLOUR: Record<Req['status'], string> = { open: 'gold', answered: 'blue', closed: 'default' };
const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—');

/**
 * Survey and design requests on the project page (issue 17 part 3): a regulator or the constructor
 * asks the survey or design party; that party answers; the asking side closes.
 */
export function RequestsCard({ v, onDone }: { v: View; onDone: (v: View) => void }) {
  const t = useT();
  const [dialog, setDialog] = useState<{ kind: 'ask' } | { kind: 'answer'; req: Req } | null>(null);
  const { message } = AntApp.useApp();
  const base = `/projects/${v.project.id}/requests`;
  async function close(r: Req) {
    try {
      onDone((await api<{ site: View }>(`${base}/${r.id}/close`, { method: 'POST', body: {} })).site);
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  }
  return (
    <Card
      size="small"
      title={t('pj.requests')}
      style={{ marginBottom: 16 }}
      data-testid="project-requests"
      extra={
        v.canAskParties && (
          <Button size="small" onClick={() => setDialog({ kind: 'ask' })} data-testid="request-ask">
            {t('pj.requests.ask')}
          </Button>
        )
      }
    >
      {v.requests.length ? (
        v.requests.map((r) => (
          <div key={r.id} style={{ marginBottom: 12 }} data-testid="project-request" data-status={r.status}>
            <Space size={4} wrap>
              <Tag>{t(`pj.party.${r.toParty}` as MessageKey)}</Tag>
              <Typography.Text strong>{r.subject}</Typography.Text>
              <Tag color={STATUS_COLOUR[r.status]}>{t(`pj.requests.status.${r.status}` as MessageKey)}</Tag>
            </Space>
            <div>{r.question}</div>
            <div className="muted" style={{ fontSize: 12 }}>
              {t('pj.requests.askedBy', { name: r.askedByName, at: fmt(r.askedAt) })}
            </div>
            {r.answer && (
              <div style={{ marginTop: 4, paddingLeft: 8, borderLeft: '3px solid #91caff' }}>
                <div data-testid="request-answer">{r.answer}</div>
                <div className="muted" style={{ fontSize: 12 }}>
                  {t('pj.requests.answeredBy', { name: r.answeredByName ?? '', at: fmt(r.answeredAt) })}
                </div>
              </div>
            )}
            <Space size={4} style={{ marginTop: 4 }}>
              {r.canAnswer && (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => setDialog({ kind: 'answer', req: r })}
                  data-testid="request-answer-open"
                >
                  {t('pj.requests.answer')}
                </Button>
              )}
              {r.canClose && (
                <Button size="small" onClick={() => close(r)} data-testid="request-close">
                  {t('pj.requests.close')}
                </Button>
              )}
            </Space>
          </div>
        ))
      ) : (
        <Typography.Text type="secondary">{t('pj.requests.empty')}</Typography.Text>
      )}
      {dialog && (
        <RequestDialog
          v={v}
          answering={dialog.kind === 'answer' ? dialog.req : null}
          onClose={() => setDialog(null)}
          onDone={onDone}
        />
      )}
    </Card>
  );
}

function RequestDialog(props: {
  v: View;
  answering: Req | null;
  onClose: () => void;
  onDone: (v: View) => void;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const base = `/projects/${props.v.project.id}/requests`;
  const parties = REQUEST_PARTIES.filter((r) => props.v.parties.some((x) => x.role === r));
  async function submit() {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const r = await api<{ site: View }>(props.answering ? `${base}/${props.answering.id}/answer` : base, {
        method: 'POST',
        body: values,
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
      title={props.answering ? t('pj.requests.answer') : t('pj.requests.ask')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'request-submit' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ toParty: parties[0] }}>
        {props.answering ? (
          <>
            <Typography.Paragraph>{props.answering.question}</Typography.Paragraph>
            <Form.Item name="answer" label={t('pj.requests.answerText')} rules={[{ required: true }]}>
              <Input.TextArea rows={4} maxLength={4000} data-testid="field-answer" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="toParty" label={t('pj.requests.to')} rules={[{ required: true }]}>
              <Select
                data-testid="field-toParty"
                options={parties.map((r) => ({ value: r, label: t(`pj.party.${r}` as MessageKey) }))}
              />
            </Form.Item>
            <Form.Item name="subject" label={t('pj.requests.subject')} rules={[{ required: true }]}>
              <Input maxLength={200} data-testid="field-subject" />
            </Form.Item>
            <Form.Item name="question" label={t('pj.requests.question')} rules={[{ required: true }]}>
              <Input.TextArea rows={4} maxLength={4000} data-testid="field-question" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
