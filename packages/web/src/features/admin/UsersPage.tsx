import { certificateNumberProblem, REGULATOR_ROLES } from '@redline/domain';
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  EditOutlined,
  KeyOutlined,
  PlusOutlined,
  StopOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageOf, Role, UserView } from '@redline/contracts';
import { api, fieldPath, isApiError } from '../../api/client';
import { useLabels } from '../../api/reference';
import { useCurrentUser } from '../../app/current-user';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { RefSelect } from '../../components/RefSelect';
import { RegionSelect } from '../../components/RegionSelect';
import { SearchBox } from '../../components/SearchBox';
import { useT, type TFunction } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { ROLE_LIST } from '../../lib/roles';
import { useUrlFilters } from '../../lib/useUrlFilters';
import { useKeysetPaging } from '../../lib/useKeysetPaging';
import { KeysetPager } from '../../components/KeysetPager';
import { fmtTime } from '../registry/render';
import { PasswordStrength, passwordPolicyRule, weakPasswordMessage } from '../account/password-policy';

type Values = Record<string, any>;
const ROLE_COLOURS: Record<Role, string> = {
  admin: 'magenta',
  leader: 'red',
  inspector: 'blue',
  duty_officer: 'cyan',
  enterprise_manager: 'green',
  worker: 'default',
};

const roleOptions = (t: TFunction) =>
  ROLE_LIST.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }));

/** Shows a server validation error next to its field, or returns the message for the form. */
function applyServerError(
  form: ReturnType<typeof Form.useForm>[0],
  e: unknown,
  names: string[],
  t: TFunction,
): string {
  if (isApiError(e) && e.field) {
    const path = fieldPath(e.field);
    if (names.includes(String(path[0]))) {
      form.setFields([{ name: path, errors: [weakPasswordMessage(t, e) ?? e.message] }]);
      return t('error.fixFields');
    }
  }
  return errorMessage(t, e);
}

function UserDrawer({ user, open, onClose }: { user: UserView | null; open: boolean; onClose: () => void }) {
  const t = useT();
  const labels = useLabels();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const role: Role | undefined = Form.useWatch('role', form);
  const password: string | undefined = Form.useWatch('password', form);
  const username: string | undefined = Form.useWatch('username', form);
  const displayName: string | undefined = Form.useWatch('displayName', form);
  const isEdit = !!user;

  async function onFinish(v: Values) {
    setSaving(true);
    setError(null);
    const trim = (s: unknown) => (typeof s === 'string' ? s.trim() : s);
    try {
      if (user) {
        await api(`/users/${user.id}`, {
          method: 'PATCH',
          body: {
            displayName: trim(v.displayName),
            role: v.role,
            licenceNo: trim(v.licenceNo) || null,
            phone: trim(v.phone) ?? '',
          },
        });
      } else {
        const body: Values = {
          username: trim(v.username),
          displayName: trim(v.displayName),
          password: v.password,
          role: v.role,
          phone: trim(v.phone) ?? '',
        };
        if (v.regionCode && REGULATOR_ROLES.includes(v.role)) body.regionCode = v.regionCode;
        if (REGULATOR_ROLES.includes(v.role)) {
          body.authorityId = v.authorityId ?? null;
          body.licenceNo = trim(v.licenceNo) || null;
        }
        if (v.role === 'enterprise_manager') {
          body.enterpriseId = v.enterpriseId;
          if (v.projectScoped) body.projectScoped = true;
        }
        if (v.role === 'worker') body.workerId = v.workerId;
        await api('/users', { method: 'POST', body });
      }
      message.success(t(isEdit ? 'common.saved' : 'common.created'));
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    } catch (e) {
      setError(
        applyServerError(
          form,
          e,
          [
            'username',
            'displayName',
            'password',
            'role',
            'regionCode',
            'authorityId',
            'enterpriseId',
            'workerId',
            'projectScoped',
            'licenceNo',
            'phone',
          ],
          t,
        ),
      );
    } finally {
      setSaving(false);
    }
  }

  const req = (key: MessageKey, select = false) => ({
    required: true,
    whitespace: !select,
    message: t(select ? 'common.requiredSelect' : 'common.required', { label: t(key) }),
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(isEdit ? 'users.edit' : 'users.create')}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="form-submit">
            {t('form.submit')}
          </Button>
        </Flex>
      }
    >
      <Form
        form={form}
        layout="vertical"
        name="user-form"
        data-testid="user-form"
        onFinish={onFinish}
        onFinishFailed={() => setError(t('error.fixFields'))}
        initialValues={user ? { ...user } : { role: 'inspector', authorityId: me.authority?.id }}
      >
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="form-error"
            role="alert"
          />
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              extra={isEdit ? undefined : t('users.usernameRule')}
              rules={
                isEdit
                  ? []
                  : [
                      req('users.username'),
                      { pattern: /^[a-z0-9._-]{3,40}$/, message: t('users.usernameRule') },
                    ]
              }
            >
              <Input
                disabled={isEdit}
                autoCapitalize="none"
                autoComplete="off"
                data-testid="field-username"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="displayName"
              label={t('users.displayName')}
              rules={[
                req('users.displayName'),
                { max: 60, message: t('common.tooLong', { label: t('users.displayName'), max: 60 }) },
              ]}
            >
              <Input data-testid="field-displayName" />
            </Form.Item>
          </Col>
          {!isEdit && (
            <Col xs={24}>
              <Form.Item
                name="password"
                label={t('users.password')}
                extra={
                  <>
                    {t('users.passwordHint')}
                    <PasswordStrength password={password} owner={{ username, displayName }} t={t} />
                  </>
                }
                dependencies={['username', 'displayName']}
                validateDebounce={300}
                rules={[
                  req('users.password'),
                  passwordPolicyRule(t, () => ({
                    username: form.getFieldValue('username'),
                    displayName: form.getFieldValue('displayName'),
                  })),
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="field-password" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="role" label={t('users.role')} rules={[req('users.role', true)]}>
              <Select options={roleOptions(t)} data-testid="field-role" />
            </Form.Item>
          </Col>
          {!isEdit && role && REGULATOR_ROLES.includes(role) && (
            <Col xs={24} md={12}>
              <Form.Item name="regionCode" label={t('users.region')} extra={t('users.regionHint')}>
                <RegionSelect placeholder="" data-testid="field-regionCode" />
              </Form.Item>
            </Col>
          )}
          {!isEdit && role && REGULATOR_ROLES.includes(role) && (
            <Col xs={24} md={12}>
              <Form.Item
                name="authorityId"
                label={t('users.authority')}
                rules={role === 'admin' ? [] : [{ required: true, message: t('users.authorityRequired') }]}
              >
                <Select
                  allowClear
                  options={labels.authorityOptions(me.regionCode)}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="field-authorityId"
                />
              </Form.Item>
            </Col>
          )}
          {!isEdit && role === 'enterprise_manager' && (
            <Col xs={24} md={12}>
              <Form.Item
                name="enterpriseId"
                label={t('users.enterprise')}
                rules={[{ required: true, message: t('users.enterpriseRequired') }]}
              >
                <RefSelect kind="enterprises" data-testid="field-enterpriseId" />
              </Form.Item>
            </Col>
          )}
          {!isEdit && role === 'enterprise_manager' && (
            <Col xs={24} md={12}>
              <Form.Item
                name="projectScoped"
                valuePropName="checked"
                label={t('users.projectScoped')}
                extra={t('users.projectScopedHint')}
              >
                <Checkbox data-testid="field-projectScoped">{t('users.projectScopedYes')}</Checkbox>
              </Form.Item>
            </Col>
          )}
          {!isEdit && role === 'worker' && (
            <Col xs={24} md={12}>
              <Form.Item
                name="workerId"
                label={t('users.worker')}
                rules={[{ required: true, message: t('users.workerRequired') }]}
              >
                <RefSelect kind="workers" data-testid="field-workerId" />
              </Form.Item>
            </Col>
          )}
          {role && (role === 'inspector' || role === 'leader') && (
            <Col xs={24} md={12}>
              <Form.Item
                name="licenceNo"
                label={t('users.licenceNo')}
                extra={t('users.licenceNoHelp')}
                rules={[
                  { max: 40, message: t('common.tooLong', { label: t('users.licenceNo'), max: 40 }) },
                  {
                    validator: (_, v?: string | null) =>
                      !v?.trim() || !certificateNumberProblem(v)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('users.licenceNoInvalid'))),
                  },
                ]}
              >
                <Input data-testid="field-licenceNo" placeholder="31011620260017" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item
              name="phone"
              label={t('users.phone')}
              rules={[{ max: 30, message: t('common.tooLong', { label: t('users.phone'), max: 30 }) }]}
            >
              <Input data-testid="field-phone" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const password: string | undefined = Form.useWatch('password', form);
  const owner = { username: user?.username, displayName: user?.displayName };
  async function onFinish(v: Values) {
    if (!user) return;
    setSaving(true);
    setError(null);
    try {
      await api(`/users/${user.id}`, { method: 'PATCH', body: { password: v.password } });
      message.success(t('users.resetDone'));
      onClose();
    } catch (e) {
      setError(applyServerError(form, e, ['password'], t));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open={!!user}
      onCancel={onClose}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      okText={t('users.resetPassword')}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'reset-password-submit' } as any}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} name="reset-password">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          extra={
            <>
              {t('users.passwordHint')}
              <PasswordStrength password={password} owner={owner} t={t} />
            </>
          }
          validateDebounce={300}
          rules={[
            { required: true, message: t('common.required', { label: t('users.newPassword') }) },
            passwordPolicyRule(t, () => owner),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const t = useT();
  const labels = useLabels();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  // filter changes add history entries here; paging names `cursor`, which keeps it
  const [sp, update] = useUrlFilters({ push: true });
  const [drawer, setDrawer] = useState<{ open: boolean; user: UserView | null }>({ open: false, user: null });
  const [resetting, setResetting] = useState<UserView | null>(null);
  const paging = useKeysetPaging(sp, update);
  const pageSize = Number(sp.get('pageSize')) || 20;
  const q = sp.get('q') ?? '';
  const role = sp.get('role') ?? undefined;
  const query = { cursor: paging.cursor, pageSize, q: q || undefined, role };
  const list = useQuery({
    queryKey: ['users', query],
    queryFn: ({ signal }) => api<PageOf<UserView>>('/users', { query, signal }),
    placeholderData: keepPreviousData,
  });

  async function setActive(u: UserView, active: boolean) {
    try {
      await api(`/users/${u.id}`, { method: 'PATCH', body: { active } });
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  }

  const columns: ColumnsType<UserView> = [
    {
      key: 'username',
      title: t('users.username'),
      dataIndex: 'username',
      sorter: (a, b) => a.username.localeCompare(b.username),
      render: (v: string) => <code>{v}</code>,
    },
    {
      key: 'displayName',
      title: t('users.displayName'),
      dataIndex: 'displayName',
      sorter: (a, b) => a.displayName.localeCompare(b.displayName, 'zh'),
    },
    {
      key: 'role',
      title: t('users.role'),
      dataIndex: 'role',
      sorter: (a, b) => ROLE_LIST.indexOf(a.role) - ROLE_LIST.indexOf(b.role),
      render: (r: Role, u) => (
        <>
          {/* an expert's login is a worker-role account: say what it is */}
          <Tag color={ROLE_COLOURS[r]}>{t(u.expertId ? 'role.expert' : (`role.${r}` as MessageKey))}</Tag>
          {u.projectScoped && <Tag data-testid="user-project-scoped">{t('users.projectAccount')}</Tag>}
        </>
      ),
    },
    {
      key: 'scope',
      title: t('users.region'),
      responsive: ['md'],
      sorter: (a, b) => a.regionCode.localeCompare(b.regionCode),
      render: (_, u) => (
        <span>
          {u.regionCode ? labels.region(u.regionCode) : t('header.wholeCountry')}
          {u.authorityName ? <div className="muted">{u.authorityName}</div> : null}
        </span>
      ),
    },
    {
      key: 'licenceNo',
      title: t('users.licenceNo'),
      dataIndex: 'licenceNo',
      responsive: ['lg'],
      render: (v: string | null) => (v ? <code data-testid="user-licence">{v}</code> : '—'),
    },
    {
      key: 'active',
      title: t('users.active'),
      dataIndex: 'active',
      sorter: (a, b) => Number(b.active) - Number(a.active),
      render: (a: boolean) =>
        a ? <Tag color="green">{t('users.isActive')}</Tag> : <Tag>{t('users.inactive')}</Tag>,
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      responsive: ['lg'],
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: fmtTime,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, u) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setDrawer({ open: true, user: u })}
            data-testid="user-edit"
          >
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<KeyOutlined />}
            onClick={() => setResetting(u)}
            data-testid="user-reset-password"
          >
            {t('users.resetPassword')}
          </Button>
          {u.id !== me.id &&
            (u.active ? (
              <Popconfirm
                title={t('users.deactivateConfirm')}
                onConfirm={() => setActive(u, false)}
                okText={t('users.deactivate')}
                cancelText={t('common.cancel')}
              >
                <Button type="link" size="small" danger icon={<StopOutlined />} data-testid="user-deactivate">
                  {t('users.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                icon={<CheckCircleOutlined />}
                onClick={() => setActive(u, true)}
                data-testid="user-activate"
              >
                {t('users.activate')}
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        sub={
          list.data ? (
            <Typography.Text type="secondary">{t('common.total', { n: list.data.total })}</Typography.Text>
          ) : null
        }
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDrawer({ open: true, user: null })}
            data-testid="create-button"
          >
            {t('users.create')}
          </Button>
        }
      />
      <Flex className="filter-bar" gap={8} wrap>
        <SearchBox
          value={q}
          onSearch={(v) => update({ q: v })}
          placeholder={t('users.search')}
          width={screens.md ? 260 : '100%'}
        />
        <Select
          value={role}
          allowClear
          placeholder={t('users.role')}
          options={roleOptions(t)}
          onChange={(v) => update({ role: v })}
          style={{ width: screens.md ? 180 : '100%' }}
          data-testid="filter-role"
        />
      </Flex>
      {list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <div data-testid="list-table">
          <Table<UserView>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            size={screens.md ? 'middle' : 'small'}
            locale={{ emptyText: list.isPending ? ' ' : t('users.empty') }}
            pagination={false}
            footer={() => <KeysetPager paging={paging} page={list.data} />}
          />
        </div>
      )}
      <UserDrawer
        key={drawer.user?.id ?? 'new'}
        user={drawer.user}
        open={drawer.open}
        onClose={() => setDrawer({ open: false, user: null })}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
