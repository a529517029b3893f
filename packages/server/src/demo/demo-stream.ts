import type { Deps } from '../http/context.ts';
import { demoDeviceToken, type DemoDevices } from './seed-devices.ts';
import { topicOf } from '../modules/devices/device-cache.ts';
import { runSimulation } from '../modules/devices/simulator/runner.ts';
import type { SimDevice } from '../modules/devices/simulator/scenarios.ts';

type Log = { info: (o: object | string, msg?: string) => void; warn: (o: object, msg: string) => void };

/**
 * The demo's gentle stream, so the console is alive after `npm start`: every demo device reports
 * about twice a minute; soon after start, and then every 45 minutes, the Jinshan welding scenario
 * runs (the gate checks in the welder without a certificate, the camera sees welding and sends a
 * snapshot); every 20 minutes a short gas spike. Stops with the server.
 */
export function startDemoStream(
  deps: Deps,
  opts: { demo: DemoDevices; mqttUrl: string | null; httpUrl: string; log: Log; weldingDelayMs?: number },
): () => Promise<void> {
  const abort = new AbortController();
  const rows = opts.demo.devices;
  const devices: SimDevice[] = rows.map((d) => ({
    code: d.code,
    kind: d.kind,
    token: demoDeviceToken(deps.secrets, d.code),
    topic: topicOf({ regionCode: d.regionCode, siteId: d.siteId, code: d.code }),
  }));
  const transport = opts.mqttUrl ? ('mqtt' as const) : ('http' as const);
  const common = {
    transport,
    mqttUrl: opts.mqttUrl ?? undefined,
    httpUrl: opts.httpUrl,
    signal: abort.signal,
  };
  const running: Promise<unknown>[] = [];
  const timers: NodeJS.Timeout[] = [];
  const safely = (p: Promise<unknown>) => {
    const q = p.catch((e: Error) => opts.log.warn({ err: e }, `demo stream: ${e.message}`));
    running.push(q);
    return q;
  };

  // A steady trickle from every device, for a day at a time.
  const steady = async () => {
    while (!abort.signal.aborted) {
      await runSimulation({
        ...common,
        devices,
        scenario: 'normal',
        rate: Math.max(0.2, devices.length / 30),
        durationS: 86_400,
      });
    }
  };
  safely(steady());

  const w = opts.demo.welding;
  const welders = devices.filter((d) => d.code === w.gateCode || d.code === w.cameraCode);
  const welding = () =>
    safely(
      runSimulation({
        ...common,
        devices: welders,
        scenario: 'welding',
        rate: 0.5,
        maxEvents: 8,
        workerId: w.uncertifiedWelderId,
        // the certified colleague beside him (issue 11: he covers nobody)
        colleagueId: w.certifiedColleagueId ?? undefined,
        snapshot: true,
      }).then((s) =>
        opts.log.info(
          { sent: s.sent, acked: s.acked, failed: s.failed, lastError: s.lastError },
          'demo stream: welding scenario sent',
        ),
      ),
    );
  timers.push(setTimeout(welding, opts.weldingDelayMs ?? 15_000));
  timers.push(setInterval(welding, 45 * 60_000));

  const gas =
    devices.find((d) => d.code === 'JS-GAS-0105') ?? devices.find((d) => d.kind === 'combustible_gas_sensor');
  if (gas)
    timers.push(
      setInterval(
        () =>
          safely(runSimulation({ ...common, devices: [gas], scenario: 'gas-leak', rate: 1, maxEvents: 28 })),
        20 * 60_000,
      ),
    );
  for (const t of timers) t.unref();

  return async () => {
    abort.abort();
    timers.forEach((t) => clearTimeout(t));
    await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 5_000))]);
  };
}
