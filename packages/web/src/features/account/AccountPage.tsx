import { useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { CopyOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, fieldPath, isApiError, hasErrorCode } from '../../api/client';
import { ME_KEY } from '../../api/session';
import { useCurrentUser } from '../../app/current-user';
import { errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { fmtTime } from '../registry/render';
import { PasswordStrength, passwordPolicyRule, weakPasswordMessage } from './password-policy';

/** ApiTokenView / CreatedToken in @redline/contracts (auth.ts). */
interface Token {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface Created {
  token: string;
  info: Token;
}

function ChangePassword() {
  const t = useT();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const newPassword: string | undefined = Form.useWatch('newPassword', form);
  const owner = { username: me.username, displayName: me.displayName };

  async function onFinish(v: { currentPassword: string; newPassword: string }) {
    setSaving(true);
    setError(null);
    try {
      await api('/auth/password', {
        method: 'POST',
        body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
      });
      message.success(t('password.changed'));
      form.resetFields();
      const wasForced = me.mustChangePassword;
      await qc.invalidateQueries({ queryKey: ME_KEY });
      if (wasForced) navigate('/', { replace: true });
    } catch (e) {
      const weak = weakPasswordMessage(t, e);
      if (weak) form.setFields([{ name: 'newPassword', errors: [weak] }]);
      else if (
        isApiError(e) &&
        e.field &&
        ['currentPassword', 'newPassword'].includes(String(fieldPath(e.field)[0]))
      ) {
        form.setFields([{ name: fieldPath(e.field), errors: [e.message] }]);
      } else if (
        isApiError(e) &&
        (hasErrorCode(e, 'INVALID_CREDENTIALS') || e.status === 401 || e.status === 403) &&
        !e.field
      ) {
        form.setFields([{ name: 'currentPassword', errors: [e.message] }]);
      } else setError(errorMessage(t, e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card style={{ maxWidth: 520 }}>
      {me.mustChangePassword && (
        <Alert
          type="warning"
          showIcon
          title={t('password.mustChange')}
          style={{ marginBottom: 16 }}
          data-testid="must-change-password"
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          role="alert"
          data-testid="form-error"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        name="change-password"
        data-testid="password-form"
        requiredMark={false}
      >
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('common.required', { label: t('password.current') }) }]}
        >
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={
            <>
              {t('password.hint')}
              <PasswordStrength password={newPassword} owner={owner} t={t} />
            </>
          }
          dependencies={['currentPassword']}
          validateDebounce={300}
          rules={[
            { required: true, message: t('common.required', { label: t('password.new') }) },
            passwordPolicyRule(t, () => owner),
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v && v === getFieldValue('currentPassword')
                  ? Promise.reject(new Error(t('password.sameAsOld')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { label: t('password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="password-submit">
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

function Tokens() {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [created, setCreated] = useState<Created | null>(null);
  const [creating, setCreating] = useState(false);
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () =>
      api<Token[] | { items: Token[] }>('/auth/tokens').then((r) => (Array.isArray(r) ? r : r.items)),
  });

  async function create(v: { name: string }) {
    setCreating(true);
    try {
      const res = await api<Created>('/auth/tokens', { method: 'POST', body: { name: v.name.trim() } });
      setCreated(res);
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    } catch (e) {
      if (isApiError(e) && e.field) form.setFields([{ name: 'name', errors: [e.message] }]);
      else message.error(errorMessage(t, e));
    } finally {
      setCreating(false);
    }
  }

  async function revoke(id: string) {
    try {
      await api(`/auth/tokens/${id}`, { method: 'DELETE' });
      message.success(t('tokens.revoked'));
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  }

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
        <Form form={form} layout="inline" onFinish={create} name="create-token" style={{ rowGap: 8 }}>
          <Form.Item
            name="name"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { label: t('tokens.name') }),
              },
              { max: 60, message: t('common.tooLong', { label: t('tokens.name'), max: 60 }) },
            ]}
            style={{ flex: '1 1 220px' }}
          >
            <Input
              placeholder={t('tokens.namePlaceholder')}
              aria-label={t('tokens.name')}
              data-testid="token-name"
            />
          </Form.Item>
          <Form.Item style={{ marginInlineEnd: 0 }}>
            <Button
              type="primary"
              htmlType="submit"
              icon={<PlusOutlined />}
              loading={creating}
              data-testid="token-create"
            >
              {t('tokens.create')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <div data-testid="tokens-table">
        <Table<Token>
          rowKey="id"
          loading={tokens.isFetching}
          dataSource={tokens.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: tokens.error ? errorMessage(t, tokens.error) : t('tokens.empty') }}
          columns={[
            {
              key: 'name',
              title: t('tokens.name'),
              dataIndex: 'name',
              sorter: (a, b) => a.name.localeCompare(b.name),
            },
            {
              key: 'prefix',
              title: t('tokens.prefix'),
              dataIndex: 'prefix',
              render: (p: string) => <code>{p}…</code>,
            },
            {
              key: 'createdAt',
              title: t('common.createdAt'),
              dataIndex: 'createdAt',
              render: fmtTime,
              sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
              defaultSortOrder: 'descend',
              responsive: ['sm'],
            },
            {
              key: 'lastUsedAt',
              title: t('tokens.lastUsed'),
              dataIndex: 'lastUsedAt',
              render: (v: string | null) =>
                v ? fmtTime(v) : <span className="muted">{t('tokens.never')}</span>,
              sorter: (a, b) => (a.lastUsedAt ?? '').localeCompare(b.lastUsedAt ?? ''),
              responsive: ['md'],
            },
            {
              key: 'status',
              title: t('tokens.status'),
              render: (_, r) =>
                r.revokedAt ? (
                  <Tag>{t('tokens.revoked')}</Tag>
                ) : (
                  <Tag color="green">{t('tokens.active')}</Tag>
                ),
              sorter: (a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, r) =>
                r.revokedAt ? null : (
                  <Popconfirm
                    title={t('tokens.revokeConfirm')}
                    onConfirm={() => revoke(r.id)}
                    okText={t('tokens.revoke')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                  >
                    <Button type="link" danger size="small" data-testid="token-revoke">
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </div>
      <Modal
        open={!!created}
        title={
          <span>
            <KeyOutlined /> {t('tokens.createdTitle')}
          </span>
        }
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="token-done">
            {t('common.close')}
          </Button>
        }
        mask={{ closable: false }}
        data-testid="token-created"
      >
        <Alert type="warning" showIcon title={t('tokens.showOnce')} style={{ marginBottom: 12 }} />
        <div className="token-value" data-testid="token-value">
          {created?.token}
        </div>
        <Button
          style={{ marginTop: 12 }}
          icon={<CopyOutlined />}
          data-testid="token-copy"
          onClick={async () => {
            if (created && (await copyText(created.token))) message.success(t('common.copied'));
          }}
        >
          {t('common.copy')}
        </Button>
      </Modal>
    </Flex>
  );
}

export default function AccountPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { tab } = useParams();
  if (tab && tab !== 'password' && tab !== 'tokens') return <Navigate to="/account/password" replace />;
  const active = me.mustChangePassword ? 'password' : (tab ?? 'password');
  return (
    <div data-testid="account-page">
      <PageHeader
        title={t('nav.account')}
        sub={
          <Typography.Text type="secondary">
            {me.displayName} · {me.username}
          </Typography.Text>
        }
      />
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(`/account/${k}`)}
        items={[
          {
            key: 'password',
            label: <span data-testid="tab-password">{t('nav.password')}</span>,
            children: <ChangePassword />,
          },
          ...(me.mustChangePassword
            ? []
            : [
                {
                  key: 'tokens',
                  label: <span data-testid="tab-tokens">{t('nav.tokens')}</span>,
                  children: <Tokens />,
                },
              ]),
        ]}
      />
    </div>
  );
}
