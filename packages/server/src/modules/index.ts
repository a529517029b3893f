import type { RoutePlugin } from '../http/context.ts';
import type { Job } from '../jobs/scheduler.ts';
import type { ModuleAccess } from '../auth/access.ts';
import { accountModule } from './account/plugin.ts';
import { usersModule } from './users/plugin.ts';
import { referenceModule } from './reference/plugin.ts';
import { registryModule } from './registry/plugin.ts';
import { checklistsModule } from './checklists/plugin.ts';
import { inspectionsModule } from './inspections/plugin.ts';
import { hazardsModule } from './hazards/plugin.ts';
import { enforcementModule } from './enforcement/plugin.ts';
import { auditLogModule } from './audit-log/plugin.ts';
import { notificationsModule } from './notifications/plugin.ts';
import { devicesModule } from './devices/plugin.ts';
import { webhooksModule } from './webhooks/plugin.ts';
import { webhookDeliveryJob } from './webhooks/deliver.ts';
import { webhooksAccess } from './webhooks/access.ts';
import { overdueEscalationJob } from './hazards/overdue-escalation.ts';
import { auditCheckpointJob } from './audit-log/checkpoint-job.ts';
import { deviceEventPartitionsJob } from './devices/event-store.ts';
import { accountAccess } from './account/access.ts';
import { notificationsAccess } from './notifications/access.ts';
import { referenceAccess } from './reference/access.ts';
import { registryAccess } from './registry/access.ts';
import { usersAccess } from './users/access.ts';
import { checklistsAccess } from './checklists/access.ts';
import { inspectionsAccess } from './inspections/access.ts';
import { hazardsAccess } from './hazards/access.ts';
import { enforcementAccess } from './enforcement/access.ts';
import { auditLogAccess } from './audit-log/access.ts';
import { devicesAccess } from './devices/access.ts';
import { gradingModule } from './grading/plugin.ts';
import { gradingAccess } from './grading/access.ts';
import { gradingDirtyJob, gradingNightlyJob } from './grading/jobs.ts';
import { creditModule } from './credit/plugin.ts';
import { creditAccess } from './credit/access.ts';
import { campaignsModule } from './campaigns/plugin.ts';
import { campaignsAccess } from './campaigns/access.ts';
import { accountabilityModule } from './accountability/plugin.ts';
import { accountabilityAccess } from './accountability/access.ts';
import { spotChecksModule } from './spot-checks/plugin.ts';
import { spotChecksAccess } from './spot-checks/access.ts';
import { accidentsModule } from './accidents/plugin.ts';
import { accidentsAccess } from './accidents/access.ts';
import { equipmentInspectionsModule } from './equipment-inspections/plugin.ts';
import { equipmentInspectionsAccess } from './equipment-inspections/access.ts';
import { equipmentReminderJob } from './equipment-inspections/reminders.ts';
import { riskPointsModule } from './risk-points/plugin.ts';
import { riskPointsAccess } from './risk-points/access.ts';
import { dashboardModule } from './dashboard/plugin.ts';
import { dashboardAccess } from './dashboard/access.ts';
import { reportsModule } from './reports/plugin.ts';
import { reportsAccess } from './reports/access.ts';
import { periodicReportsJob } from './reports/scheduled.ts';
import { workbenchModule } from './workbench/plugin.ts';
import { workbenchAccess } from './workbench/access.ts';
import { approvalsModule } from './approvals/plugin.ts';
import { approvalsAccess } from './approvals/access.ts';
import { modelProjectsModule } from './model-projects/plugin.ts';
import { modelProjectsAccess } from './model-projects/access.ts';
import { idempotencyExpiryJob } from '../http/idempotency-expiry-job.ts';
import { projectsModule } from './projects/plugin.ts';
import { projectsAccess } from './projects/access.ts';
import { publicReportsModule } from './public-reports/plugin.ts';
import { publicReportsAccess } from './public-reports/access.ts';
import { reportEscalationJob } from './public-reports/overdue.ts';
import { pointsModule } from './points/plugin.ts';
import { pointsAccess } from './points/access.ts';

/**
 * Every feature module of the server, listed once. The entry point (src/app.ts) hands this list to
 * the HTTP app; core folders never import a module. A new module adds one line here.
 */
export const MODULE_ROUTES: readonly RoutePlugin[] = [
  accountModule,
  usersModule,
  referenceModule,
  registryModule,
  checklistsModule,
  inspectionsModule,
  hazardsModule,
  enforcementModule,
  auditLogModule,
  notificationsModule,
  webhooksModule,
  devicesModule,
  gradingModule,
  creditModule,
  campaignsModule,
  accountabilityModule,
  spotChecksModule,
  accidentsModule,
  equipmentInspectionsModule,
  riskPointsModule,
  dashboardModule,
  reportsModule,
  workbenchModule,
  approvalsModule,
  modelProjectsModule,
  projectsModule,
  publicReportsModule,
  pointsModule,
];

/** The modules' periodic jobs (the scheduler runs each under an advisory lock). */
export const MODULE_JOBS: readonly Job[] = [
  overdueEscalationJob,
  auditCheckpointJob,
  webhookDeliveryJob,
  deviceEventPartitionsJob,
  gradingDirtyJob,
  gradingNightlyJob,
  equipmentReminderJob,
  periodicReportsJob,
  idempotencyExpiryJob,
  reportEscalationJob,
];

/** The modules' access rules (scopes, policies, grants, file owners), each from its access.ts. */
export const MODULE_ACCESS: readonly ModuleAccess[] = [
  accountAccess,
  referenceAccess,
  notificationsAccess,
  registryAccess,
  usersAccess,
  checklistsAccess,
  inspectionsAccess,
  hazardsAccess,
  enforcementAccess,
  auditLogAccess,
  webhooksAccess,
  devicesAccess,
  gradingAccess,
  creditAccess,
  campaignsAccess,
  accountabilityAccess,
  spotChecksAccess,
  accidentsAccess,
  equipmentInspectionsAccess,
  riskPointsAccess,
  dashboardAccess,
  reportsAccess,
  workbenchAccess,
  approvalsAccess,
  modelProjectsAccess,
  projectsAccess,
  publicReportsAccess,
  pointsAccess,
];
