import { readMeta } from './db/app-meta.ts';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { boot, countUsers } from './boot.ts';
import { buildApp, installModules } from './app.ts';
import { redactUrl } from './db/database.ts';

/**
 * Starts the whole platform in one process: database (embedded PGlite unless DATABASE_URL),
 * migrations, reference data, demo data on a first start, and the HTTP server with the web app.
 */
export async function start(config: Config) {
  const t0 = performance.now();
  const deps = await boot(config);
  installModules(); // the demo seeds through the use cases, which read through the modules' access rules
  let demoUsers: Array<{
    username: string;
    password: string;
    role: string;
    displayName: string;
    jurisdiction: string;
  }> = [];
  if ((await countUsers(deps.database)) === 0 && config.DEMO) {
    const { seedDemo } = await import('./demo/seed-demo.ts');
    const summary = await seedDemo(deps.database.db, deps.secrets, { today: deps.today() });
    demoUsers = summary.users;
    await deps.database.db
      .insertInto('app_meta')
      .values({ key: 'demo_users', value: JSON.stringify(demoUsers) })
      .execute();
  } else if (config.DEMO) {
    // Demo passwords are fiction printed at every start so a newcomer can always log in.
    demoUsers = (await readMeta<typeof demoUsers>(deps.database.db, 'demo_users')) ?? [];
  }
  // Demo inspections and hazards through their lifecycle, so lists and figures are not empty; idempotent.
  const demoHistory = config.DEMO
    ? await (await import('./demo/seed-inspections.ts')).seedDemoInspections(deps)
    : null;
  // Demo devices, people on duty and a little alarm history (issue 5); idempotent.
  const demoDevices = config.DEMO
    ? await (await import('./demo/seed-devices.ts')).seedDemoDevices(deps)
    : null;
  // Demo grades (issue 14): one credit listing, every target graded, one override; idempotent.
  if (config.DEMO) await (await import('./demo/seed-grades.ts')).seedDemoGrades(deps);
  // A demo campaign with groups over that history and one interview (issue 14); idempotent.
  if (config.DEMO) await (await import('./demo/seed-campaigns.ts')).seedDemoCampaigns(deps);
  // Demo enforcement: a case at the filing stage and accountability actions on overdue orders; idempotent.
  if (config.DEMO) await (await import('./demo/seed-enforcement.ts')).seedDemoEnforcement(deps);
  // A published spot-check plan with a revealed draw (issue 14); idempotent.
  if (config.DEMO) await (await import('./demo/seed-spot-checks.ts')).seedDemoSpotChecks(deps);
  // Demo accidents over two years (issue 15), so grades and year-on-year figures show; idempotent.
  if (config.DEMO) await (await import('./demo/seed-accidents.ts')).seedDemoAccidents(deps);
  // Demo risk points, assessments and risk maps (issue 14); idempotent.
  if (config.DEMO) await (await import('./demo/seed-risk.ts')).seedDemoRisk(deps);
  // Demo approvals with bound expert opinions and a Prairie Cup application (issue 17); idempotent.
  if (config.DEMO) await (await import('./demo/seed-approvals.ts')).seedDemoApprovals(deps);
  // An expert's own login (ordos.expert) and a plan waiting at its expert review (issue 17); idempotent.
  if (config.DEMO) await (await import('./demo/seed-expert-review.ts')).seedDemoExpertReview(deps);
  // Demo smart site: Ordos parties' accounts, key personnel, stage steps, a hazard (issue 17); idempotent.
  if (config.DEMO) await (await import('./demo/seed-site.ts')).seedDemoSite(deps);
  const pretty = process.stdout.isTTY;
  const app = await buildApp(deps, {
    logger: {
      level: config.LOG_LEVEL,
      ...(pretty && {
        transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } },
      }),
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const { startScheduler } = await import('./jobs/index.ts');
  const scheduler = startScheduler(deps, (msg) => app.log.info(msg));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  // Device ingest (embedded MQTT broker or workers on MQTT_URL), the alarm clock, and the demo's gentle stream.
  const { startDeviceIngest } = await import('./modules/devices/ingest/index.ts');
  const ingest = await startDeviceIngest(deps, app.log);
  const stopDemoStream =
    demoDevices && config.DEMO_SIMULATOR
      ? (await import('./demo/demo-stream.ts')).startDemoStream(deps, {
          demo: demoDevices,
          mqttUrl: ingest.mqttUrl,
          httpUrl: url,
          log: app.log,
        })
      : null;
  const lines = [
    '',
    `Redline is ready at ${url}  (started in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    `  database: ${config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : `embedded PGlite in ${config.dataDir}`}`,
    `  API docs: ${url}/api/docs`,
    `  ${ingest.summary}`,
  ];
  if (demoHistory && demoHistory.ms !== null)
    lines.push(
      `  demo history: ${demoHistory.inspections} inspections, ${demoHistory.hazards} hazards (${demoHistory.overdue} overdue) over the last 60 days, seeded in ${(demoHistory.ms / 1000).toFixed(1)} s`,
    );
  if (demoUsers.length) {
    lines.push('  demo logins (password for all: ' + demoUsers[0].password + '):');
    for (const u of demoUsers)
      lines.push(`    ${u.username.padEnd(20)} ${u.role.padEnd(19)} ${u.displayName} · ${u.jurisdiction}`);
  } else if ((await countUsers(deps.database)) === 0) {
    lines.push(
      '  no accounts yet: create the first administrator with',
      '    npm run redline -- create-admin --username admin --password "<at least 10 characters>"',
    );
  }
  console.log(lines.join('\n') + '\n');
  const stop = async () => {
    await stopDemoStream?.();
    await ingest.stop();
    await scheduler.stop();
    await app.close();
    await deps.database.close();
  };
  return { app, deps, url, stop };
}

export function configOrExit(overrides: Partial<Config> = {}): Config {
  try {
    return loadConfig(process.env, overrides);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}
