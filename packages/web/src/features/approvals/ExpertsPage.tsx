import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExpertView, PageOf } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { useLabels } from '../../api/reference';
import { ErrorState } from '../../components/ErrorState';
import { KeysetPager } from '../../components/KeysetPager';
import { PageHeader } from '../../components/PageHeader';
import { RegionSelect } from '../../components/RegionSelect';
import { SearchBox } from '../../components/SearchBox';
import { useCurrentUser } from '../../app/current-user';
import { useT, type MessageKey } from '../../i18n';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { PasswordStrength, passwordPolicyRule, weakPasswordMessage } from '../account/password-policy';

type Expert = ExpertView;

/**
 * The expert register (专家库) whose members sit on the panels of beyond-scale special plans: read by
 * regulators, kept by leaders and administrators, who also give an expert their own login (it sees
 * only the approvals of the panels the expert sits on and signs there).
 */
export default function ExpertsPage() {
  const t = useT();
  const me = useCurrentUser();
  const labels = useLabels();
  const [sp, set] = useUrlFilters();
  const paging = useKeysetPaging(sp, set);
  const query = { q: sp.get('q') ?? undefined, cursor: paging.cursor, pageSize: 20 };
  const list = useQuery({
    queryKey: ['experts', query],
    queryFn: () => api<PageOf<Expert>>('/experts', { query }),
    placeholderData: keepPreviousData,
  });
  const keeper = me.role === 'admin' || me.role === 'leader';
  const [adding, setAdding] = useState(false);
  const [account, setAccount] = useState<Expert | null>(null);
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;

  return (
    <div data-testid="experts-page">
      <PageHeader
        title={t('experts.title')}
        sub={<Typography.Text type="secondary">{t('experts.sub')}</Typography.Text>}
        extra={
          keeper && (
            <Button type="primary" onClick={() => setAdding(true)} data-testid="expert-add">
              {t('experts.add')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Space style={{ marginBottom: 12 }}>
          <SearchBox
            value={sp.get('q') ?? ''}
            onSearch={(q) => set({ q: q || undefined })}
            placeholder={t('experts.search')}
            width={300}
          />
        </Space>
        <Table<Expert>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="expert-list"
          onRow={(x) => ({ 'data-expert': x.registerNo }) as never}
          columns={[
            { title: t('experts.name'), dataIndex: 'name' },
            {
              title: t('experts.registerNo'),
              dataIndex: 'registerNo',
              render: (v: string) => <code>{v}</code>,
            },
            { title: t('experts.specialty'), dataIndex: 'specialty' },
            { title: t('experts.titleCol'), dataIndex: 'title' },
            { title: t('experts.employer'), dataIndex: 'employer' },
            { title: t('experts.region'), dataIndex: 'regionCode', render: (v: string) => labels.region(v) },
            {
              title: t('experts.account'),
              key: 'account',
              render: (_, x) =>
                x.hasAccount ? (
                  <Tag color="green" data-testid="expert-has-account">
                    {t('experts.hasAccount')}
                  </Tag>
                ) : keeper ? (
                  <Button size="small" onClick={() => setAccount(x)} data-testid="expert-account-open">
                    {t('experts.giveAccount')}
                  </Button>
                ) : (
                  <Typography.Text type="secondary">{t('experts.noAccount')}</Typography.Text>
                ),
            },
          ]}
        />
        <KeysetPager paging={paging} page={list.data} />
      </Card>
      {adding && <AddExpert onClose={() => setAdding(false)} />}
      {account && <ExpertAccount expert={account} onClose={() => setAccount(null)} />}
    </div>
  );
}

/**
 * The save of one of this page's dialogs: validate, send, say so, refresh the register, close. A
 * server validation error lands next to its field (a refused password says why); others as a message.
 */
function useDialogSave(onClose: () => void, send: (v: Record<string, any>) => Promise<string>) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      message.success(await send(v));
      await qc.invalidateQueries({ queryKey: ['experts'] });
      onClose();
    } catch (e) {
      if (isApiError(e) && e.field && form.getFieldInstance(e.field) !== undefined)
        form.setFields([{ name: e.field, errors: [weakPasswordMessage(t, e) ?? e.message] }]);
      else message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return { form, busy, submit };
}

function AddExpert(props: { onClose: () => void }) {
  const t = useT();
  const me = useCurrentUser();
  const { form, busy, submit } = useDialogSave(props.onClose, async (v) => {
    await api('/experts', {
      method: 'POST',
      body: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')),
    });
    return t('experts.added', { name: v.name });
  });
  const req = (k: MessageKey) => ({ required: true, message: t('common.required', { label: t(k) }) });
  return (
    <Modal open title={t('experts.add')} onCancel={props.onClose} onOk={submit} confirmLoading={busy}>
      <Form form={form} layout="vertical" initialValues={{ regionCode: me.regionCode || undefined }}>
        <Form.Item name="name" label={t('experts.name')} rules={[req('experts.name')]}>
          <Input maxLength={60} data-testid="expert-name" />
        </Form.Item>
        <Form.Item name="registerNo" label={t('experts.registerNo')} rules={[req('experts.registerNo')]}>
          <Input maxLength={40} data-testid="expert-registerNo" />
        </Form.Item>
        <Form.Item name="specialty" label={t('experts.specialty')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="title" label={t('experts.titleCol')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="employer" label={t('experts.employer')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('experts.region')}
          rules={[req('experts.region')]}
          extra={t('experts.regionHint')}
        >
          <RegionSelect placeholder="" allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ExpertAccount(props: { expert: Expert; onClose: () => void }) {
  const t = useT();
  const { form, busy, submit } = useDialogSave(props.onClose, async (v) => {
    await api(`/experts/${props.expert.id}/account`, {
      method: 'POST',
      body: { username: v.username.trim(), password: v.password },
    });
    return t('experts.accountDone', { name: props.expert.name });
  });
  const password: string | undefined = Form.useWatch('password', form);
  const username: string | undefined = Form.useWatch('username', form);
  const owner = () => ({ username: form.getFieldValue('username'), displayName: props.expert.name });
  return (
    <Modal
      open
      title={t('experts.accountTitle', { name: props.expert.name })}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'expert-account-submit' } as never}
    >
      <Typography.Paragraph type="secondary">
        {t('experts.accountHint', { name: props.expert.name })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, message: t('common.required', { label: t('users.username') }) },
            { pattern: /^[a-z0-9._-]{3,40}$/, message: t('users.usernameRule') },
          ]}
        >
          <Input autoComplete="off" data-testid="expert-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={
            <>
              {t('users.passwordHint')}
              <PasswordStrength
                password={password}
                owner={{ username, displayName: props.expert.name }}
                t={t}
              />
            </>
          }
          dependencies={['username']}
          validateDebounce={300}
          rules={[
            { required: true, message: t('common.required', { label: t('users.password') }) },
            passwordPolicyRule(t, owner),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="expert-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
