import type { App, Deps } from '../../http/context.ts';
import './policy.ts';
import { deviceRoutes } from './device-routes.ts';
import { ingestRoutes } from './ingest-routes.ts';
import { alarmRoutes } from './alarm-routes.ts';
import { ruleRoutes } from './rule-routes.ts';
import { deviceServices } from './services.ts';

/** Routes of the devices feature: registry, ingest, alarms, rules; the live services stop with the app. */
export async function devicesRoutes(app: App, deps: Deps) {
  const services = deviceServices(deps);
  services.log = app.log;
  app.addHook('onClose', async () => {
    await services.stop();
  });
  await deviceRoutes(app, deps);
  await ingestRoutes(app, deps);
  await alarmRoutes(app, deps);
  await ruleRoutes(app, deps);
}
