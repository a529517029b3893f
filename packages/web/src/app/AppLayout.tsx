import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import {
  App as AntApp,
  Avatar,
  Button,
  Drawer,
  Flex,
  Grid,
  Layout,
  Menu,
  Spin,
  Tag,
  Tooltip,
  Typography,
  type MenuProps,
} from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { forgetMe, ME_KEY } from '../api/session';
import { LangSwitch } from '../components/LangSwitch';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { OfflineBadge } from '../features/offline/OfflineBadge';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useCurrentUser } from './current-user';
import { navFor, selectedNavKey, type NavItem } from './nav';
import { Brand } from './Brand';

const { Header, Sider, Content } = Layout;

function toMenuItems(items: NavItem[], t: (k: MessageKey) => string): MenuProps['items'] {
  return items.map((it) =>
    it.children
      ? {
          key: it.key,
          icon: it.icon,
          label: <span data-testid={`nav-${it.key}`}>{t(it.labelKey)}</span>,
          children: toMenuItems(it.children, t),
        }
      : {
          key: it.key,
          icon: it.icon,
          label: (
            <Link to={it.path!} data-testid={`nav-${it.key}`}>
              {t(it.labelKey)}
            </Link>
          ),
        },
  );
}

export function PageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240 }}>
      <Spin size="large" />
    </Flex>
  );
}

export function AppLayout() {
  const me = useCurrentUser();
  const t = useT();
  const screens = Grid.useBreakpoint();
  const isDesktop = !!screens.lg;
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [drawerOpen, setDrawerOpen] = useState(false);

  const nav = useMemo(() => navFor(me), [me]);
  const items = useMemo(() => toMenuItems(nav, t), [nav, t]);
  const selected = selectedNavKey(location.pathname, nav);
  const openGroups = nav.filter((g) => g.children).map((g) => g.key);

  const jurisdiction =
    me.authority?.name ??
    me.enterpriseName ??
    (me.regionName || (me.regionCode ? me.regionCode : t('header.wholeCountry')));

  async function logout() {
    try {
      await api('/auth/logout', { method: 'POST' });
    } catch {
      /* the session may already be gone */
    }
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    qc.setQueryData(ME_KEY, null);
    forgetMe();
    message.success(t('header.loggedOut'));
    navigate('/login', { replace: true });
  }

  const menu = (
    <Menu
      mode="inline"
      data-testid="nav-menu"
      items={items}
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={openGroups}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 0 }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="app-header">
        <Flex align="center" gap={12} style={{ minWidth: 0 }}>
          {!isDesktop && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('common.menu')}
              onClick={() => setDrawerOpen(true)}
              data-testid="nav-toggle"
              style={{ color: '#fff' }}
            />
          )}
          <Link to="/" className="app-brand-link">
            <Brand compact={!screens.md} />
          </Link>
        </Flex>
        <Flex align="center" gap={screens.md ? 16 : 8} style={{ minWidth: 0 }}>
          <Flex align="center" gap={8} style={{ minWidth: 0 }} data-testid="header-user">
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#ffffff33', flex: 'none' }} />
            {screens.md && (
              <Flex vertical style={{ lineHeight: 1.25, minWidth: 0 }}>
                <Typography.Text style={{ color: '#fff' }} ellipsis data-testid="header-user-name">
                  {me.displayName}
                  <Tag
                    color="red"
                    style={{ marginInlineStart: 8 }}
                    data-testid="header-role"
                    data-role={me.role}
                  >
                    {t(`role.${me.role}` as MessageKey)}
                  </Tag>
                </Typography.Text>
                <Typography.Text
                  style={{ color: '#ffffffb3', fontSize: 12 }}
                  ellipsis
                  data-testid="header-jurisdiction"
                >
                  {jurisdiction}
                </Typography.Text>
              </Flex>
            )}
          </Flex>
          <OfflineBadge />
          <NotificationBell />
          <LangSwitch />
          <Tooltip title={t('header.logout')}>
            <Button
              type="text"
              icon={<LogoutOutlined />}
              onClick={logout}
              data-testid="logout-button"
              aria-label={t('header.logout')}
              style={{ color: '#fff' }}
            >
              {screens.md ? t('header.logout') : null}
            </Button>
          </Tooltip>
        </Flex>
      </Header>
      <Layout>
        {isDesktop ? (
          <Sider width={248} theme="light" className="app-sider">
            {menu}
          </Sider>
        ) : (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={280}
            title={
              <Flex vertical>
                <span>{me.displayName}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t(`role.${me.role}` as MessageKey)} · {jurisdiction}
                </Typography.Text>
              </Flex>
            }
            styles={{ body: { padding: 0 } }}
          >
            {menu}
          </Drawer>
        )}
        <Content className="app-content">
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
