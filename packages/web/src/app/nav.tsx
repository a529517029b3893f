import { REGULATOR_ROLES } from '@redline/domain';
import type { ReactNode } from 'react';
import type { Me, Role } from '@redline/contracts';
import {
  AlertOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  BankOutlined,
  BuildOutlined,
  CarryOutOutlined,
  ApartmentOutlined,
  ControlOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  FileProtectOutlined,
  FireOutlined,
  GiftOutlined,
  NotificationOutlined,
  FileTextOutlined,
  HomeOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  ToolOutlined,
  UnorderedListOutlined,
  UserOutlined,
  VideoCameraOutlined,
  WarningOutlined,
  CloudSyncOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import type { MessageKey } from '../i18n/zh';
import { visibleKinds, type RegistryKind } from '../lib/roles';

/**
 * Navigation by capability. One entry per capability; `roles` limits who sees it (default: everyone),
 * `comingNext: true` keeps a capability's place in the menu until its pages exist (not shown).
 */
export interface NavItem {
  key: string;
  labelKey: MessageKey;
  icon?: ReactNode;
  path?: string;
  roles?: readonly Role[];
  kind?: RegistryKind;
  comingNext?: boolean;
  children?: NavItem[];
}

export const NAV: NavItem[] = [
  { key: 'overview', labelKey: 'nav.workbench', icon: <HomeOutlined />, path: '/' },
  {
    key: 'dashboard',
    labelKey: 'nav.dashboard',
    icon: <DashboardOutlined />,
    path: '/dashboard',
    roles: REGULATOR_ROLES,
  },
  {
    key: 'reports',
    labelKey: 'nav.reports',
    icon: <FileTextOutlined />,
    path: '/reports',
    roles: ['admin', 'leader'],
  },
  {
    key: 'registry',
    labelKey: 'nav.registry',
    icon: <AppstoreOutlined />,
    children: [
      {
        key: 'enterprises',
        kind: 'enterprises',
        labelKey: 'nav.enterprises',
        icon: <BankOutlined />,
        path: '/registry/enterprises',
      },
      {
        key: 'projects',
        kind: 'projects',
        labelKey: 'nav.projects',
        icon: <BuildOutlined />,
        path: '/registry/projects',
      },
      {
        key: 'sites',
        kind: 'sites',
        labelKey: 'nav.sites',
        icon: <EnvironmentOutlined />,
        path: '/registry/sites',
      },
      {
        key: 'workers',
        kind: 'workers',
        labelKey: 'nav.workers',
        icon: <TeamOutlined />,
        path: '/registry/workers',
      },
      {
        key: 'certificates',
        kind: 'certificates',
        labelKey: 'nav.certificates',
        icon: <IdcardOutlined />,
        path: '/registry/certificates',
      },
      {
        key: 'equipment',
        kind: 'equipment',
        labelKey: 'nav.equipment',
        icon: <ToolOutlined />,
        path: '/registry/equipment',
      },
      {
        key: 'equipment-due',
        labelKey: 'nav.equipmentDue',
        icon: <ToolOutlined />,
        path: '/equipment-inspections',
        roles: [...REGULATOR_ROLES, 'enterprise_manager'],
      },
    ],
  },

  {
    key: 'checklists',
    labelKey: 'nav.checklists',
    icon: <UnorderedListOutlined />,
    path: '/checklists',
  },
  {
    key: 'inspections',
    labelKey: 'nav.inspections',
    icon: <CarryOutOutlined />,
    path: '/inspections',
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
  },
  {
    key: 'offline',
    labelKey: 'nav.offline',
    icon: <CloudSyncOutlined />,
    path: '/offline',
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
  },
  {
    key: 'campaigns',
    labelKey: 'nav.campaigns',
    icon: <FlagOutlined />,
    path: '/campaigns',
    roles: REGULATOR_ROLES,
  },
  {
    key: 'spot-checks',
    labelKey: 'nav.spotChecks',
    icon: <ScheduleOutlined />,
    path: '/spot-checks',
    roles: REGULATOR_ROLES,
  },
  {
    key: 'risk',
    labelKey: 'nav.risk',
    icon: <FireOutlined />,
    path: '/risk',
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
  },
  {
    key: 'hazards',
    labelKey: 'nav.hazards',
    icon: <AlertOutlined />,
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
    children: [
      { key: 'rectification', labelKey: 'nav.rectification', icon: <AlertOutlined />, path: '/hazards' },
      {
        key: 'hazard-stats',
        labelKey: 'nav.hazardStats',
        icon: <BarChartOutlined />,
        path: '/hazards/stats',
      },
    ],
  },
  {
    key: 'enforcement',
    labelKey: 'nav.enforcement',
    icon: <FileTextOutlined />,
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
    children: [
      { key: 'documents', labelKey: 'nav.documents', icon: <FileTextOutlined />, path: '/documents' },
      {
        key: 'cases',
        labelKey: 'nav.cases',
        icon: <AuditOutlined />,
        path: '/cases',
        roles: REGULATOR_ROLES,
      },
    ],
  },
  {
    key: 'offsite',
    labelKey: 'nav.offsite',
    icon: <VideoCameraOutlined />,
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
    children: [
      { key: 'offsite-console', labelKey: 'nav.offsiteConsole', icon: <AlertOutlined />, path: '/offsite' },
      { key: 'devices', labelKey: 'nav.devices', icon: <ApiOutlined />, path: '/offsite/devices' },
      {
        key: 'alarm-rules',
        labelKey: 'nav.alarmRules',
        icon: <ControlOutlined />,
        path: '/offsite/rules',
        roles: REGULATOR_ROLES,
      },
    ],
  },
  {
    key: 'grades',
    labelKey: 'nav.grades',
    icon: <SafetyOutlined />,
    path: '/grades',
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
  },
  {
    key: 'accidents',
    labelKey: 'nav.accidents',
    icon: <WarningOutlined />,
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
    children: [
      { key: 'accident-list', labelKey: 'nav.accidentList', icon: <WarningOutlined />, path: '/accidents' },
      {
        key: 'accident-stats',
        labelKey: 'nav.accidentStats',
        icon: <BarChartOutlined />,
        path: '/accidents/stats',
      },
    ],
  },
  {
    key: 'approvals',
    labelKey: 'nav.approvals',
    icon: <FileProtectOutlined />,
    path: '/approvals',
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
  },
  {
    key: 'experts',
    labelKey: 'nav.experts',
    icon: <SolutionOutlined />,
    path: '/experts',
    roles: REGULATOR_ROLES,
  },
  {
    key: 'model-projects',
    labelKey: 'nav.modelProjects',
    icon: <SafetyCertificateOutlined />,
    path: '/model-projects',
    roles: [...REGULATOR_ROLES, 'enterprise_manager'],
  },
  {
    key: 'portal',
    labelKey: 'nav.portal',
    icon: <ApartmentOutlined />,
    path: '/portal',
    roles: ['enterprise_manager'],
  },
  {
    key: 'hazard-reports',
    labelKey: 'nav.hazardReports',
    icon: <NotificationOutlined />,
    children: [
      {
        key: 'report-list',
        labelKey: 'nav.reportList',
        icon: <NotificationOutlined />,
        path: '/public-reports',
        roles: [...REGULATOR_ROLES, 'enterprise_manager'],
      },
      {
        key: 'worker-report',
        labelKey: 'nav.workerReport',
        icon: <NotificationOutlined />,
        path: '/report',
        roles: ['worker'],
      },
      {
        key: 'points',
        labelKey: 'nav.points',
        icon: <GiftOutlined />,
        path: '/points',
        roles: ['worker', 'enterprise_manager'],
      },
    ],
  },
  // ---- end of coming next

  {
    key: 'admin',
    labelKey: 'nav.admin',
    icon: <SettingOutlined />,
    roles: ['admin'],
    children: [
      {
        key: 'users',
        labelKey: 'nav.users',
        icon: <ControlOutlined />,
        path: '/admin/users',
        roles: ['admin'],
      },
      {
        key: 'regions',
        labelKey: 'nav.regionUnits',
        icon: <ApartmentOutlined />,
        path: '/admin/regions',
        roles: ['admin'],
      },
      {
        key: 'audit',
        labelKey: 'nav.audit',
        icon: <SafetyOutlined />,
        path: '/admin/audit',
        roles: ['admin'],
      },
    ],
  },
  {
    key: 'account',
    labelKey: 'nav.account',
    icon: <UserOutlined />,
    children: [
      {
        key: 'password',
        labelKey: 'nav.password',
        icon: <SafetyCertificateOutlined />,
        path: '/account/password',
      },
      { key: 'tokens', labelKey: 'nav.tokens', icon: <FileProtectOutlined />, path: '/account/tokens' },
    ],
  },
];

/** The entries this user sees, with empty groups dropped; only "my account" while a password change is due. */
export function navFor(me: Me, items: NavItem[] = NAV): NavItem[] {
  if (me.mustChangePassword && items === NAV) items = NAV.filter((i) => i.key === 'account');
  // an expert's own login (migration 0995): their reviews and their account, nothing else
  else if (me.expertId && items === NAV)
    return [
      { key: 'approvals', labelKey: 'nav.myReviews', icon: <FileProtectOutlined />, path: '/approvals' },
      ...navFor(
        { ...me, expertId: null },
        NAV.filter((i) => i.key === 'account'),
      ),
    ];
  const kinds = visibleKinds(me);
  const out: NavItem[] = [];
  for (const item of items) {
    if (item.comingNext) continue;
    if (item.roles && !item.roles.includes(me.role)) continue;
    if (item.kind && !kinds.includes(item.kind)) continue;
    if (item.children) {
      const children = navFor(me, item.children);
      if (children.length) out.push({ ...item, children });
    } else out.push(item);
  }
  return out;
}

/** The key of the entry whose path is the longest prefix of the location. */
export function selectedNavKey(pathname: string, items: NavItem[] = NAV): string | undefined {
  let best: { key: string; len: number } | undefined;
  const visit = (list: NavItem[]) => {
    for (const it of list) {
      if (it.path) {
        const match =
          it.path === '/' ? pathname === '/' : pathname === it.path || pathname.startsWith(`${it.path}/`);
        if (match && (!best || it.path.length > best.len)) best = { key: it.key, len: it.path.length };
      }
      if (it.children) visit(it.children);
    }
  };
  visit(items);
  return best?.key;
}
