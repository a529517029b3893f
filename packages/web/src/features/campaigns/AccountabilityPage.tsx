import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Space, Timeline, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountabilityView, FollowUpInput } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../app/AppLayout';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { HazardGradeTag, HazardStatusTag, fmtTime } from '../hazards/shared';
import { ActionKindTag, ActionStatusTag } from './shared';

/** One accountability action: target, reason, interview minutes and attendees, problems, follow-ups. */
export default function AccountabilityPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const q = useQuery({
    queryKey: ['accountability-action', id],
    queryFn: () => api<AccountabilityView>(`/accountability-actions/${id}`),
  });
  const follow = useMutation({
    mutationFn: (body: FollowUpInput) =>
      api<AccountabilityView>(`/accountability-actions/${id}/follow-ups`, { method: 'POST', body }),
    onSuccess: (a) => {
      qc.setQueryData(['accountability-action', id], a);
      void qc.invalidateQueries({ queryKey: ['accountability'] });
      form.resetFields();
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <PageSpin />;
  const a = q.data;
  const submit = (close: boolean) =>
    form.validateFields().then((v) => follow.mutate({ note: v.note, ...(close && { close: true }) }));
  return (
    <div data-testid="accountability-page">
      <PageHeader
        title={
          <Space>
            <ActionKindTag kind={a.kind} />
            {a.title}
          </Space>
        }
        sub={<ActionStatusTag status={a.status} overdue={a.overdue} />}
      />
      <Flex vertical gap={12}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('ac.target')}>
              {a.enterpriseId ? (
                <Link to={`/supervision/enterprise/${a.enterpriseId}`}>{a.targetName}</Link>
              ) : (
                a.targetName
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('ac.targetKind')}>
              {t(`ac.targetKind.${a.targetKind}` as MessageKey)}
            </Descriptions.Item>
            <Descriptions.Item label={t('ac.issuedBy')}>{a.issuedBy ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ac.createdBy')}>
              {a.createdByName} · {fmtTime(a.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('ac.deadline')}>{a.deadline}</Descriptions.Item>
            {a.groupId && (
              <Descriptions.Item label={t('ac.group')}>
                <Link to={`/campaign-groups/${a.groupId}`}>{a.groupName}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('ac.reason')} span={2}>
              {a.reason}
            </Descriptions.Item>
            {a.kind === 'interview' && (
              <>
                <Descriptions.Item label={t('ac.heldAt')}>{fmtTime(a.heldAt)}</Descriptions.Item>
                <Descriptions.Item label={t('ac.place')}>{a.place ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('ac.attendees')} span={2}>
                  {a.attendees.map((x) => [x.name, x.unit, x.role].filter(Boolean).join(' · ')).join('；')}
                </Descriptions.Item>
                <Descriptions.Item label={t('ac.minutes')} span={2}>
                  <Typography.Paragraph
                    style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                    data-testid="action-minutes-text"
                  >
                    {a.minutes}
                  </Typography.Paragraph>
                </Descriptions.Item>
              </>
            )}
          </Descriptions>
        </Card>
        <Card size="small" title={t('ac.problems')}>
          {a.hazards.map((h) => (
            <div key={h.id}>
              <Space wrap>
                <HazardGradeTag grade={h.grade} />
                <Link to={`/hazards/${h.id}`}>{h.title}</Link>
                <HazardStatusTag status={h.status} />
              </Space>
            </div>
          ))}
        </Card>
        <Card size="small" title={t('ac.followUps')}>
          {a.followUps.length ? (
            <Timeline
              items={a.followUps.map((f) => ({
                color: f.statusAfter === 'closed' ? 'green' : 'blue',
                children: (
                  <div>
                    <Typography.Text>{f.note}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {f.byName} · {fmtTime(f.at)}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              }))}
            />
          ) : (
            <Empty description={t('ac.noFollowUps')} />
          )}
          {a.allowedSteps.length > 0 && (
            <Form form={form} layout="vertical">
              <Form.Item
                name="note"
                label={t('ac.followNote')}
                rules={[{ required: true, min: 2, message: t('ac.required', { field: t('ac.followNote') }) }]}
              >
                <Input.TextArea rows={3} maxLength={4000} data-testid="follow-note" />
              </Form.Item>
              <Space>
                {a.allowedSteps.includes('follow_up') && (
                  <Button
                    type="primary"
                    onClick={() => submit(false)}
                    loading={follow.isPending}
                    data-testid="follow-up"
                  >
                    {t('ac.followUp')}
                  </Button>
                )}
                {a.allowedSteps.includes('close') && (
                  <Button onClick={() => submit(true)} loading={follow.isPending} data-testid="close-action">
                    {t('ac.closeWithNote')}
                  </Button>
                )}
              </Space>
            </Form>
          )}
        </Card>
      </Flex>
    </div>
  );
}
