import type { Deps } from '../../../http/context.ts';
import { deviceServices } from './services.ts';
import { startAlarmClock } from '../jobs.ts';
import { PortTakenError, startEmbeddedBroker } from './embedded-broker.ts';
import { startSubscribers } from './mqtt-subscriber.ts';
import { eventLoopDelay } from './loop-delay.ts';

type Log = {
  info: (o: object | string, msg?: string) => void;
  warn: (o: object, msg: string) => void;
  error: (o: object, msg: string) => void;
};

export interface RunningIngest {
  /** One line for the start banner. */
  summary: string;
  /** The broker URL devices (and the demo simulator) publish to, if any. */
  mqttUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Starts device ingest for `npm start` / production: the embedded broker on MQTT_PORT when no
 * MQTT_URL is set, otherwise ingest workers on the external broker; plus the alarm clock (offline
 * devices, escalation). HTTP ingest is always on (it lives in the routes).
 */
export async function startDeviceIngest(deps: Deps, log: Log): Promise<RunningIngest> {
  const services = deviceServices(deps);
  services.log = log;
  await services.start();
  const c = deps.config;
  const stopClock = startAlarmClock(services);
  eventLoopDelay(); // starts measuring, for the ingest counters
  if (c.MQTT_URL) {
    const subs = await startSubscribers(services, {
      url: c.MQTT_URL,
      username: c.MQTT_USERNAME,
      password: c.MQTT_PASSWORD,
      group: c.MQTT_SHARED_GROUP,
      count: c.MQTT_SUBSCRIBERS,
      protocolVersion: c.MQTT_PROTOCOL as 4 | 5,
      log,
    });
    return {
      summary: `MQTT ingest: ${subs.clients.length} worker(s) on ${c.MQTT_URL.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@')}`,
      mqttUrl: c.MQTT_URL,
      stop: async () => {
        stopClock();
        await subs.close();
      },
    };
  }
  try {
    const broker = await startEmbeddedBroker(services, { host: c.HOST, port: c.MQTT_PORT, log });
    const host = c.HOST === '0.0.0.0' ? '127.0.0.1' : c.HOST;
    return {
      summary: `MQTT: embedded broker on mqtt://${host}:${broker.port} (devices log in with code + token)`,
      mqttUrl: `mqtt://${host}:${broker.port}`,
      stop: async () => {
        stopClock();
        await broker.close();
      },
    };
  } catch (e) {
    if (!(e instanceof PortTakenError)) throw e;
    const message = `${e.message}. The embedded MQTT broker is NOT running: set MQTT_PORT to a free port, or MQTT_URL to use that broker. HTTP ingest still works.`;
    log.warn({}, message);
    return { summary: `MQTT: not running — ${message}`, mqttUrl: null, stop: async () => stopClock() };
  }
}
