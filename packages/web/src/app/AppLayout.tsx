import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import {
  App as AntApp,
  Avatar,
  Breadcrumb,
  Button,
  Drawer,
  Dropdown,
  Flex,
  Grid,
  Layout,
  Menu,
  Spin,
  Tag,
  Typography,
  type MenuProps,
} from 'antd';
import {
  ApiOutlined,
  DownOutlined,
  GlobalOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { forgetMe, ME_KEY } from '../api/session';
import { LangSwitch } from '../components/LangSwitch';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { OfflineBadge } from '../features/offline/OfflineBadge';
import { useLang, useT } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useCurrentUser } from './current-user';
import { navFor, selectedNavKey, type NavItem } from './nav';
import { Brand } from './Brand';
import { breadcrumbsFor } from './breadcrumbs';

const COLLAPSED_KEY = 'redline.sider.collapsed';
function initialCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

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
  const [lang, setLang] = useLang();
  // The sidebar folds to icons (Ant Design Pro's convention); the choice is remembered on this device.
  const [collapsed, setCollapsed] = useState(initialCollapsed);
  useEffect(() => {
    try {
      localStorage.setItem(COLLAPSED_KEY, collapsed ? '1' : '0');
    } catch {
      /* storage unavailable */
    }
  }, [collapsed]);

  const nav = useMemo(() => navFor(me), [me]);
  const items = useMemo(() => toMenuItems(nav, t), [nav, t]);
  const selected = selectedNavKey(location.pathname, nav);
  const openGroups = nav.filter((g) => g.children).map((g) => g.key);
  const crumbs = breadcrumbsFor(location.pathname, nav);

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

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <Flex vertical data-testid="user-menu-who">
          <Typography.Text strong>{me.displayName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(me.expertId ? 'role.expert' : (`role.${me.role}` as MessageKey))} · {jurisdiction}
          </Typography.Text>
        </Flex>
      ),
    },
    { type: 'divider' },
    {
      key: 'profile',
      icon: <SafetyCertificateOutlined />,
      label: <span data-testid="user-menu-profile">{t('user.profile')}</span>,
    },
    { key: 'tokens', icon: <ApiOutlined />, label: t('user.tokens') },
    {
      key: 'lang',
      icon: <GlobalOutlined />,
      label: t('user.language'), // a plain title: a custom span loses the menu's title alignment
      children: [
        {
          key: 'lang-zh',
          label: <span data-testid="user-menu-lang-zh">中文{lang === 'zh' ? ' ✓' : ''}</span>,
        },
        {
          key: 'lang-en',
          label: <span data-testid="user-menu-lang-en">English{lang === 'en' ? ' ✓' : ''}</span>,
        },
      ],
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="logout-button">{t('user.logout')}</span>,
    },
  ];

  const menu = (inline: boolean) => (
    <Menu
      mode="inline"
      data-testid="nav-menu"
      inlineCollapsed={inline}
      items={items}
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={inline ? [] : openGroups}
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
          <OfflineBadge />
          <NotificationBell />
          {screens.sm && <LangSwitch />}
          <Dropdown
            trigger={['click']}
            placement="bottomRight"
            menu={{
              items: userMenu,
              // a tap opens the language submenu (hover does not exist on a phone)
              triggerSubMenuAction: 'click',
              onClick: ({ key }) => {
                if (key === 'profile') navigate('/account/password');
                else if (key === 'tokens') navigate('/account/tokens');
                else if (key === 'lang-zh') setLang('zh');
                else if (key === 'lang-en') setLang('en');
                else if (key === 'logout') void logout();
              },
            }}
          >
            <Button type="text" className="header-user-button" data-testid="user-menu">
              <Flex align="center" gap={8} style={{ minWidth: 0 }} data-testid="header-user">
                <Avatar
                  size="small"
                  icon={<UserOutlined />}
                  style={{ background: '#ffffff33', flex: 'none' }}
                />
                <Flex vertical align="flex-start" style={{ lineHeight: 1.25, minWidth: 0 }}>
                  <Typography.Text
                    style={{ color: '#fff', maxWidth: screens.md ? 320 : 96 }}
                    ellipsis
                    data-testid="header-user-name"
                  >
                    {me.displayName}
                    {screens.md && (
                      <Tag
                        color="red"
                        style={{ marginInlineStart: 8 }}
                        data-testid="header-role"
                        data-role={me.role}
                      >
                        {t(me.expertId ? 'role.expert' : (`role.${me.role}` as MessageKey))}
                      </Tag>
                    )}
                  </Typography.Text>
                  {screens.md && (
                    <Typography.Text
                      style={{ color: '#ffffffb3', fontSize: 12, maxWidth: 320 }}
                      ellipsis
                      data-testid="header-jurisdiction"
                    >
                      {jurisdiction}
                    </Typography.Text>
                  )}
                </Flex>
                <DownOutlined style={{ color: '#ffffffb3', fontSize: 10 }} />
              </Flex>
            </Button>
          </Dropdown>
        </Flex>
      </Header>
      <Layout>
        {isDesktop ? (
          <Sider
            width={248}
            collapsedWidth={64}
            theme="light"
            className="app-sider"
            collapsible
            collapsed={collapsed}
            trigger={null}
            data-testid="app-sider"
            data-collapsed={collapsed}
          >
            {menu(collapsed)}
            <Button
              type="text"
              block
              className="sider-toggle"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? t('layout.expand') : t('layout.collapse')}
              title={collapsed ? t('layout.expand') : t('layout.collapse')}
              data-testid="sider-toggle"
            >
              {collapsed ? null : t('layout.collapse')}
            </Button>
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
                  {t(me.expertId ? 'role.expert' : (`role.${me.role}` as MessageKey))} · {jurisdiction}
                </Typography.Text>
              </Flex>
            }
            styles={{ body: { padding: 0 } }}
          >
            {menu(false)}
          </Drawer>
        )}
        <Content className="app-content">
          {crumbs.length > 1 && (
            <nav data-testid="breadcrumb" aria-label="breadcrumb">
              <Breadcrumb
                className="app-breadcrumb"
                items={crumbs.map((c) => ({
                  key: c.key,
                  title: c.path ? (
                    <Link to={c.path} data-testid={`crumb-${c.key}`}>
                      {t(c.labelKey)}
                    </Link>
                  ) : (
                    <span data-testid={`crumb-${c.key}`}>{t(c.labelKey)}</span>
                  ),
                }))}
              />
            </nav>
          )}
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
