import type { RoutePlugin } from '../../http/context.ts';
import { deviceServices } from './ingest/index.ts';
import { devicesRoutes } from './routes/devices.ts';
import { deviceTokensRoutes } from './routes/device-tokens.ts';
import { deviceEventsRoutes } from './routes/device-events.ts';
import { attendanceRoutes } from './routes/attendance.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { snapshotsRoutes } from './routes/snapshots.ts';
import { ingestHealthRoutes } from './routes/ingest-health.ts';
import { alarmsRoutes } from './routes/alarms.ts';
import { streamRoutes } from './routes/stream.ts';
import { alarmEvidenceRoutes } from './routes/alarm-evidence.ts';
import { alarmActionsRoutes } from './routes/alarm-actions.ts';
import { alarmEnforcementRoutes } from './routes/alarm-enforcement.ts';
import { rulesRoutes } from './routes/rules.ts';

const RESOURCES: readonly RoutePlugin[] = [
  devicesRoutes,
  deviceTokensRoutes,
  deviceEventsRoutes,
  attendanceRoutes,
  ingestRoutes,
  snapshotsRoutes,
  ingestHealthRoutes,
  alarmsRoutes,
  streamRoutes,
  alarmEvidenceRoutes,
  alarmActionsRoutes,
  alarmEnforcementRoutes,
  rulesRoutes,
];

/**
 * The devices module: registry, attendance, ingest, alarms and their live stream, rules. Its
 * running services (caches, ingest pipeline, live listener) stop with the app.
 */
export const devicesModule: RoutePlugin = async (app, deps) => {
  const services = deviceServices(deps);
  services.log = app.log;
  app.addHook('onClose', async () => {
    await services.stop();
  });
  for (const resource of RESOURCES) await resource(app, deps);
};
