import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Segmented,
  Space,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation } from '@tanstack/react-query';
import type { AccountabilityInput, AccountabilityView, GroupProblem } from '@redline/contracts';
import { api, fieldPath, isApiError } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { HazardGradeTag, HazardStatusTag } from '../hazards/shared';
import { pickedInstant } from '../../lib/time';

const KINDS = ['interview', 'notification', 'warning', 'proposal'] as const;

interface FormValues {
  kind: (typeof KINDS)[number];
  targetKind: 'enterprise' | 'person';
  personName?: string;
  personTitle?: string;
  title: string;
  reason: string;
  heldAt?: Dayjs;
  place?: string;
  attendees?: Array<{ name?: string; unit?: string; role?: string }>;
  minutes?: string;
  deadline: Dayjs;
}

/**
 * Recording an accountability action from a group's problem: on the problem's enterprise or a
 * responsible person of it; an interview (约谈) asks for its time, attendees and minutes.
 */
export function AccountabilityDrawer({
  problem,
  groupId,
  onClose,
  onDone,
}: {
  problem: GroupProblem;
  groupId: string;
  onClose: () => void;
  onDone: (a: AccountabilityView) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? 'interview';
  const targetKind = Form.useWatch('targetKind', form) ?? 'enterprise';
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body: AccountabilityInput = {
        kind: v.kind,
        targetKind: v.targetKind,
        enterpriseId: problem.enterpriseId ?? undefined,
        ...(v.targetKind === 'person' && {
          personName: v.personName?.trim(),
          personTitle: v.personTitle?.trim() ?? '',
        }),
        groupId,
        hazardIds: [problem.id],
        title: v.title.trim(),
        reason: v.reason.trim(),
        deadline: v.deadline.format('YYYY-MM-DD'),
        ...(v.kind === 'interview' && {
          heldAt: v.heldAt ? pickedInstant(v.heldAt) : undefined,
          place: v.place?.trim() ?? '',
          attendees: (v.attendees ?? [])
            .filter((a) => a.name?.trim())
            .map((a) => ({ name: a.name!.trim(), unit: a.unit?.trim() ?? '', role: a.role?.trim() ?? '' })),
          minutes: v.minutes?.trim() ?? '',
        }),
      };
      return api<AccountabilityView>('/accountability-actions', { method: 'POST', body });
    },
    onSuccess: (a) => {
      message.success(t('ac.recorded', { title: a.title }));
      onDone(a);
    },
    onError: (e) => {
      if (isApiError(e) && e.field)
        form.setFields([{ name: fieldPath(e.field) as never, errors: [e.message] }]);
      message.error(errorMessage(t, e));
    },
  });
  const required = (field: MessageKey) => [
    { required: true, message: t('ac.required', { field: t(field) }) },
  ];
  return (
    <Drawer
      open
      title={t('ac.new')}
      size={screens.md ? 640 : '100%'}
      onClose={onClose}
      extra={
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() => form.submit()}
          data-testid="action-submit"
        >
          {t('common.save')}
        </Button>
      }
    >
      <Card size="small" style={{ marginBottom: 12 }} title={t('ac.problems')}>
        <Space wrap>
          <HazardGradeTag grade={problem.grade} />
          <Typography.Text strong>{problem.title}</Typography.Text>
          <HazardStatusTag status={problem.status} />
        </Space>
        <div>
          <Typography.Text type="secondary">{problem.enterpriseName ?? problem.projectName}</Typography.Text>
        </div>
      </Card>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'interview',
          targetKind: 'enterprise',
          deadline: dayjs().add(15, 'day'),
          heldAt: dayjs().startOf('hour'),
          attendees: [{}, {}],
          title: `关于“${problem.title.slice(0, 40)}”问题的约谈`,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('ac.kind')}>
          <Segmented options={KINDS.map((k) => ({ value: k, label: t(`ac.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="targetKind" label={t('ac.targetKind')}>
          <Segmented
            options={(['enterprise', 'person'] as const).map((k) => ({
              value: k,
              label: t(`ac.targetKind.${k}`),
            }))}
          />
        </Form.Item>
        {targetKind === 'person' && (
          <Flex gap={8}>
            <Form.Item
              name="personName"
              label={t('ac.personName')}
              rules={required('ac.personName')}
              style={{ flex: 1 }}
            >
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="personTitle" label={t('ac.personTitle')} style={{ flex: 1 }}>
              <Input maxLength={50} />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="title" label={t('ac.actionTitle')} rules={required('ac.actionTitle')}>
          <Input maxLength={200} data-testid="action-title" />
        </Form.Item>
        <Form.Item name="reason" label={t('ac.reason')} rules={required('ac.reason')}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="action-reason" />
        </Form.Item>
        {kind === 'interview' && (
          <>
            <Flex gap={8} wrap>
              <Form.Item name="heldAt" label={t('ac.heldAt')} rules={required('ac.heldAt')}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
              <Form.Item name="place" label={t('ac.place')} style={{ flex: 1, minWidth: 200 }}>
                <Input maxLength={200} data-testid="action-place" />
              </Form.Item>
            </Flex>
            <div style={{ marginBottom: 8 }}>{t('ac.attendees')}</div>
            <div>
              <Form.List name="attendees">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f, i) => (
                      <Flex key={f.key} gap={8} align="baseline">
                        <Form.Item name={[f.name, 'name']} style={{ flex: 1 }}>
                          <Input
                            placeholder={t('ac.attendeeName')}
                            maxLength={50}
                            data-testid={`attendee-name-${i}`}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'unit']} style={{ flex: 2 }}>
                          <Input
                            placeholder={t('ac.attendeeUnit')}
                            maxLength={100}
                            data-testid={`attendee-unit-${i}`}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'role']} style={{ flex: 1 }}>
                          <Input
                            placeholder={t('ac.attendeeRole')}
                            maxLength={50}
                            data-testid={`attendee-role-${i}`}
                          />
                        </Form.Item>
                        <MinusCircleOutlined onClick={() => remove(f.name)} />
                      </Flex>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({})}
                      style={{ marginBottom: 16 }}
                    >
                      {t('ac.addAttendee')}
                    </Button>
                  </>
                )}
              </Form.List>
            </div>
            <Form.Item name="minutes" label={t('ac.minutes')} rules={required('ac.minutes')}>
              <Input.TextArea rows={5} maxLength={20000} data-testid="action-minutes" />
            </Form.Item>
          </>
        )}
        <Form.Item name="deadline" label={t('ac.deadline')} rules={required('ac.deadline')}>
          <DatePicker data-testid="action-deadline" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
