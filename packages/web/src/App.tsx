import { lazy, Suspense, useCallback } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isApiError } from './api/client';
import { useSessionExpiry } from './api/session';
import { AppLayout, PageSpin } from './app/AppLayout';
import { RequireAuth, RequireRole } from './app/RequireAuth';
import { useCurrentUser } from './app/current-user';
import { I18nProvider, useLang, useT } from './i18n';
import { useReducedMotion } from './lib/useReducedMotion';
import { REGULATOR_ROLES } from '@redline/domain';

const LoginPage = lazy(() => import('./features/auth/LoginPage'));
const WorkbenchPage = lazy(() => import('./features/workbench/WorkbenchPage'));

/** The landing page: an expert's own login lands on their reviews, everyone else on the workbench. */
function HomePage() {
  const me = useCurrentUser();
  return me.expertId && !me.mustChangePassword ? <Navigate to="/approvals" replace /> : <WorkbenchPage />;
}
const RiskPointsPage = lazy(() => import('./features/risk/RiskPointsPage'));
const RiskMapPage = lazy(() => import('./features/risk/RiskMapPage'));
const RegistryListPage = lazy(() => import('./features/registry/RegistryListPage'));
const RegistryDetailPage = lazy(() => import('./features/registry/RegistryDetailPage'));
const UsersPage = lazy(() => import('./features/admin/UsersPage'));
const RegionUnitsPage = lazy(() => import('./features/admin/RegionUnitsPage'));
const AccountPage = lazy(() => import('./features/account/AccountPage'));
const ChecklistsPage = lazy(() => import('./features/checklists/ChecklistsPage'));
const LibraryPage = lazy(() => import('./features/checklists/LibraryPage'));
const InspectionsListPage = lazy(() => import('./features/inspections/InspectionsListPage'));
const GroupsPage = lazy(() => import('./features/inspections/GroupsPage'));
const NewInspectionPage = lazy(() => import('./features/inspections/NewInspectionPage'));
const InspectionPage = lazy(() => import('./features/inspections/InspectionPage'));
const CapturePage = lazy(() => import('./features/inspections/CapturePage'));
const SignPage = lazy(() => import('./features/inspections/SignPage'));
const RecordPage = lazy(() => import('./features/inspections/RecordPage'));
const OutboxPage = lazy(() => import('./features/offline/OutboxPage'));
const HazardsPage = lazy(() => import('./features/hazards/HazardsPage'));
const HazardStatsPage = lazy(() => import('./features/hazards/HazardStatsPage'));
const HazardDetailPage = lazy(() => import('./features/hazards/HazardDetailPage'));
const DocumentsPage = lazy(() => import('./features/enforcement/DocumentsPage'));
const DocumentPage = lazy(() => import('./features/enforcement/DocumentPage'));
const CasesPage = lazy(() => import('./features/enforcement/CasesPage'));
const CasePage = lazy(() => import('./features/enforcement/CasePage'));
const SupervisionFilePage = lazy(() => import('./features/supervision/SupervisionFilePage'));
const AuditPage = lazy(() => import('./features/audit/AuditPage'));
const OffsitePage = lazy(() => import('./features/offsite/OffsitePage'));
const DevicesPage = lazy(() => import('./features/offsite/DevicesPage'));
const AlarmRulesPage = lazy(() => import('./features/offsite/RulesPage'));
const GradesListPage = lazy(() => import('./features/grading/GradesListPage'));
const GradePage = lazy(() => import('./features/grading/GradePage'));
const CampaignsPage = lazy(() => import('./features/campaigns/CampaignsPage'));
const CampaignPage = lazy(() => import('./features/campaigns/CampaignPage'));
const CampaignGroupPage = lazy(() => import('./features/campaigns/CampaignGroupPage'));
const AccountabilityPage = lazy(() => import('./features/campaigns/AccountabilityPage'));
const SpotCheckPlansPage = lazy(() => import('./features/spot-checks/PlansPage'));
const SpotCheckPlanPage = lazy(() => import('./features/spot-checks/PlanPage'));
const PublicAuthoritiesPage = lazy(() =>
  import('./features/spot-checks/PublicPages').then((m) => ({ default: m.PublicAuthoritiesPage })),
);
const PublicAuthorityPage = lazy(() =>
  import('./features/spot-checks/PublicPages').then((m) => ({ default: m.PublicAuthorityPage })),
);
const PublicDrawPage = lazy(() =>
  import('./features/spot-checks/PublicPages').then((m) => ({ default: m.PublicDrawPage })),
);
const AccidentsPage = lazy(() => import('./features/accidents/AccidentsPage'));
const AccidentDetailPage = lazy(() => import('./features/accidents/AccidentDetailPage'));
const AccidentStatsPage = lazy(() => import('./features/accidents/AccidentStatsPage'));
const ProjectSitePage = lazy(() => import('./features/projects/ProjectSitePage'));
const PortalPage = lazy(() => import('./features/projects/PortalPage'));
const EquipmentDuePage = lazy(() => import('./features/equipment-inspections/EquipmentDuePage'));
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage'));
const DashboardScreenPage = lazy(() => import('./features/dashboard/ScreenPage'));
const ReportsPage = lazy(() => import('./features/reports/ReportsPage'));
const ApprovalsPage = lazy(() => import('./features/approvals/ApprovalsPage'));
const ApprovalDetailPage = lazy(() => import('./features/approvals/ApprovalDetailPage'));
const ExpertsPage = lazy(() => import('./features/approvals/ExpertsPage'));
const ModelProjectsPage = lazy(() => import('./features/approvals/ModelProjectsPage'));
const PublicMaterialsPage = lazy(() => import('./features/approvals/PublicMaterialsPage'));
const PublicReportPage = lazy(() => import('./features/public-report/PublicReportPage'));
const TrackingPage = lazy(() => import('./features/public-report/TrackingPage'));
const PublicReportsPage = lazy(() => import('./features/public-report/ReportsPage'));
const ReportDetailPage = lazy(() => import('./features/public-report/ReportDetailPage'));
const PosterPage = lazy(() => import('./features/public-report/PosterPage'));
const WorkerReportPage = lazy(() => import('./features/public-report/WorkerReportPage'));
const PointsPage = lazy(() => import('./features/points/PointsPage'));
const NotFoundPage = lazy(() => import('./features/NotFoundPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // 4xx answers will not change by asking again
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

function SessionWatcher() {
  const t = useT();
  const { message } = AntApp.useApp();
  const onExpired = useCallback(() => message.warning(t('header.sessionEnded')), [message, t]);
  useSessionExpiry(onExpired);
  return null;
}

function Themed() {
  const [lang] = useLang();
  const reduceMotion = useReducedMotion();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1d5fbf',
          // the system's "reduce motion" setting: popups appear at once
          motion: !reduceMotion,
          // secondary text at 4.5:1 or more on white (WCAG 1.4.3; antd's default 0.45 black is 3.4:1)
          colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
          colorTextDescription: 'rgba(0, 0, 0, 0.6)',
          // links at 6:1 (antd's default link blue #1677ff is 4.0:1 on white)
          colorLink: '#1d5fbf',
          colorLinkHover: '#17498f',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
          // red as text or under white text (danger buttons, "log out", badges) at 4.5:1 or more on
          // white; antd's #ff4d4f is 3.3:1
          colorError: '#cf1322',
          // status text (Typography danger/warning/success, form errors) at 4.5:1 or more on white
          colorErrorText: '#cf1322',
          colorWarningText: '#874d00',
          colorSuccessText: '#237804',
          borderRadius: 6,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
        },
        components: {
          // Tag text is shade 7 of its palette (status tags: the status colour) on a light tint, about
          // 3:1 for these; shade 8 reads at 4.5:1 or more. Tokens, because antd's tag selectors outrank
          // a stylesheet's.
          Tag: {
            volcano7: '#ad2102',
            orange7: '#ad4e00',
            gold7: '#874d00',
            yellow7: '#876800',
            lime7: '#3f6600',
            green7: '#237804',
            cyan7: '#006d75',
            colorSuccess: '#237804',
            colorWarning: '#ad4e00',
            colorError: '#a8071a',
            colorInfo: '#003eb3',
          },
          // a finished progress bar writes its figure in the success colour
          Progress: { colorSuccess: '#237804' },
          // a list's plain-text empty message is drawn in the disabled colour (1.8:1); it is text to read
          List: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
          Layout: {
            headerBg: '#0f2a4a',
            headerPadding: '0 16px',
            headerHeight: 56,
            bodyBg: '#f3f5f8',
            siderBg: '#fff',
          },
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionWatcher />
          <BrowserRouter>
            <Suspense fallback={<PageSpin />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/public/spot-checks" element={<PublicAuthoritiesPage />} />
                <Route path="/public/spot-checks/authorities/:id" element={<PublicAuthorityPage />} />
                <Route path="/public/spot-checks/plans/:id" element={<PublicDrawPage />} />
                <Route path="/public/projects/:id" element={<PublicMaterialsPage />} />
                <Route path="/r" element={<PublicReportPage />} />
                <Route path="/r/:siteToken" element={<PublicReportPage />} />
                <Route path="/t" element={<TrackingPage />} />
                <Route path="/t/:code" element={<TrackingPage />} />
                <Route
                  path="/dashboard/screen"
                  element={
                    <RequireAuth>
                      <RequireRole roles={REGULATOR_ROLES}>
                        <DashboardScreenPage />
                      </RequireRole>
                    </RequireAuth>
                  }
                />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<HomePage />} />
                  <Route path="registry/:kind" element={<RegistryListPage />} />
                  <Route path="registry/:kind/:id" element={<RegistryDetailPage />} />
                  <Route
                    path="admin/users"
                    element={
                      <RequireRole roles={['admin']}>
                        <UsersPage />
                      </RequireRole>
                    }
                  />
                  <Route
                    path="admin/regions"
                    element={
                      <RequireRole roles={['admin']}>
                        <RegionUnitsPage />
                      </RequireRole>
                    }
                  />
                  <Route path="checklists" element={<ChecklistsPage />} />
                  <Route path="checklists/:id" element={<LibraryPage />} />
                  <Route path="inspections" element={<InspectionsListPage />} />
                  <Route path="offline" element={<OutboxPage />} />
                  <Route path="inspections/new" element={<NewInspectionPage />} />
                  <Route path="inspections/groups" element={<GroupsPage />} />
                  <Route path="inspections/:id" element={<InspectionPage />} />
                  <Route path="inspections/:id/capture" element={<CapturePage />} />
                  <Route path="inspections/:id/sign" element={<SignPage />} />
                  <Route path="inspections/:id/record" element={<RecordPage />} />
                  <Route path="spot-checks" element={<SpotCheckPlansPage />} />
                  <Route path="spot-checks/:id" element={<SpotCheckPlanPage />} />
                  <Route path="risk" element={<RiskPointsPage />} />
                  <Route path="risk/sites/:id" element={<RiskMapPage />} />
                  <Route path="hazards" element={<HazardsPage />} />
                  <Route path="hazards/stats" element={<HazardStatsPage />} />
                  <Route path="hazards/:id" element={<HazardDetailPage />} />
                  <Route path="documents" element={<DocumentsPage />} />
                  <Route path="documents/:id" element={<DocumentPage />} />
                  <Route path="cases" element={<CasesPage />} />
                  <Route path="cases/:id" element={<CasePage />} />
                  <Route path="supervision/:subject/:id" element={<SupervisionFilePage />} />
                  <Route
                    path="admin/audit"
                    element={
                      <RequireRole roles={['admin']}>
                        <AuditPage />
                      </RequireRole>
                    }
                  />
                  <Route
                    path="dashboard"
                    element={
                      <RequireRole roles={REGULATOR_ROLES}>
                        <DashboardPage />
                      </RequireRole>
                    }
                  />
                  <Route
                    path="reports"
                    element={
                      <RequireRole roles={['admin', 'leader']}>
                        <ReportsPage />
                      </RequireRole>
                    }
                  />
                  <Route path="offsite" element={<OffsitePage />} />
                  <Route path="offsite/devices" element={<DevicesPage />} />
                  <Route path="offsite/rules" element={<AlarmRulesPage />} />
                  <Route path="grades" element={<GradesListPage />} />
                  <Route path="grades/:kind/:id" element={<GradePage />} />
                  <Route path="campaigns" element={<CampaignsPage />} />
                  <Route path="campaigns/:id" element={<CampaignPage />} />
                  <Route path="campaign-groups/:id" element={<CampaignGroupPage />} />
                  <Route path="accountability/:id" element={<AccountabilityPage />} />
                  <Route path="accidents" element={<AccidentsPage />} />
                  <Route path="accidents/stats" element={<AccidentStatsPage />} />
                  <Route path="accidents/:id" element={<AccidentDetailPage />} />
                  <Route path="projects/:id/site" element={<ProjectSitePage />} />
                  <Route path="portal" element={<PortalPage />} />
                  <Route path="equipment-inspections" element={<EquipmentDuePage />} />
                  <Route path="approvals" element={<ApprovalsPage />} />
                  <Route path="approvals/:id" element={<ApprovalDetailPage />} />
                  <Route path="experts" element={<ExpertsPage />} />
                  <Route path="model-projects" element={<ModelProjectsPage />} />
                  <Route path="public-reports" element={<PublicReportsPage />} />
                  <Route path="public-reports/:id" element={<ReportDetailPage />} />
                  <Route path="public-reports/poster/:siteId" element={<PosterPage />} />
                  <Route path="report" element={<WorkerReportPage />} />
                  <Route path="points" element={<PointsPage />} />
                  <Route path="account" element={<AccountPage />} />
                  <Route path="account/:tab" element={<AccountPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
