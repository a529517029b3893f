import os from 'node:os';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { DeviceServices } from './services.ts';
import { parseMessage } from './validate.ts';
import { elapsedMs } from '../../../clock.ts';

/**
 * Ingest workers on an external broker (Mosquitto, EMQX): `MQTT_SUBSCRIBERS` connections share the
 * subscription `$share/<group>/redline/v1/+/+/+/events`, so several workers — in this and other
 * server instances — split the stream.
 *
 * Acknowledgement after commit: mqtt.js sends the PUBACK of a QoS 1 message when `handleMessage`
 * calls back without an error. We call back at once *with* a marker error (the client then sends no
 * PUBACK and goes on reading), and send the PUBACK ourselves when the events are committed. The
 * session is persistent (clean = false, fixed client id, MQTT 5 session expiry), so whatever was not
 * acknowledged when the server died is delivered again when it comes back.
 *
 * Back-pressure: a worker holds at most `budget` messages not yet acknowledged (all workers
 * together: the ingest queue's capacity). With MQTT 5 it announces that as its receive maximum, but
 * brokers do not all keep to it (Mosquitto 2.0.11 sent ten times as many once acknowledgements
 * flowed), so the worker also enforces it: at the budget it stops reading its socket until commits
 * free room, and the broker keeps the rest in the session queue.
 */
export interface Subscribers {
  clients: MqttClient[];
  close(): Promise<void>;
}

type Log = {
  info: (o: object | string, msg?: string) => void;
  warn: (o: object, msg: string) => void;
  error: (o: object, msg: string) => void;
};

export const SUBSCRIPTION = 'redline/v1/+/+/+/events';

class DeferAck extends Error {
  constructor() {
    super('ack deferred until commit');
  }
}
const DEFER = new DeferAck();

export async function startSubscribers(
  services: DeviceServices,
  opts: {
    url: string;
    username?: string;
    password?: string;
    group: string;
    count: number;
    protocolVersion: 4 | 5;
    clientIdPrefix?: string;
    log: Log;
  },
): Promise<Subscribers> {
  const topic = opts.group ? `$share/${opts.group}/${SUBSCRIPTION}` : SUBSCRIPTION;
  const count = opts.group ? opts.count : 1;
  const prefix =
    opts.clientIdPrefix ??
    `redline-ingest-${os.hostname()}-${process.env.PORT ?? 'x'}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 60);
  const budget = Math.max(20, Math.min(65_535, Math.floor(services.pipeline.capacity / count)));
  const clients: MqttClient[] = [];
  for (let i = 0; i < count; i++) {
    const client = mqtt.connect(opts.url, {
      protocolVersion: opts.protocolVersion,
      clientId: `${prefix}-${i}`,
      clean: false,
      ...(opts.protocolVersion === 5 && {
        properties: { sessionExpiryInterval: 3600, receiveMaximum: budget },
      }),
      username: opts.username,
      password: opts.password,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: KEEPALIVE_S,
      // subscribed again on every connect (below)
      resubscribe: false,
    });
    // Each connection has its own signal, aborted when it closes: its messages' PUBACKs are not
    // sent on a later connection, and those still waiting for queue room are dropped with it (the
    // broker delivers them again) — so reconnects never pile up copies in memory.
    let connection = new AbortController();
    const alive = keepAliveWhileReading(client, KEEPALIVE_S);
    const pubacks = pubackWriter(client, alive.sent);
    // Messages taken and not yet answered; at the budget the packet loop is held (no more reads).
    let outstanding = 0;
    let held: (() => void) | null = null;
    const release = () => {
      const next = held;
      held = null;
      next?.();
    };
    client.on('close', () => {
      connection.abort();
      connection = new AbortController();
      release(); // a closed connection's packet loop is dropped by mqtt.js anyway
    });
    client.handleMessage = (packet, callback) => {
      const signal = connection.signal;
      outstanding++;
      void handle(services, packet, opts.log, signal).then((ack) => {
        outstanding--;
        if (ack && packet.qos === 1 && packet.messageId !== undefined) pubacks.add(packet.messageId, signal);
        if (outstanding < budget) release();
      });
      // The callback's error tells mqtt.js not to send a PUBACK itself (we do, after the commit).
      const next = () => callback(DEFER);
      if (outstanding < budget) next();
      else held = next;
    };
    client.on('error', (e) => opts.log.warn({ err: e }, `MQTT ingest worker ${i}: ${e.message}`));
    client.on('reconnect', () => {
      services.pipeline.stats.reconnects++;
      opts.log.warn({}, `MQTT ingest worker ${i}: reconnecting`);
    });
    clients.push(client);
  }
  // Connect (the broker must be reachable at start: a wrong MQTT_URL stops the start with a clear
  // message), then subscribe on every (re)connection; later connection trouble is logged and healed by
  // the client's reconnects, it never stops the server.
  for (const [i, c] of clients.entries()) {
    c.on('connect', () => {
      c.subscribe(topic, { qos: 1 }, (err, granted) => {
        const g = granted?.[0];
        if (err)
          opts.log.warn({ err }, `MQTT ingest worker ${i}: subscribing failed, will retry on reconnect`);
        else if (!g || g.qos === 128 || g.qos > 2)
          opts.log.error({}, `MQTT ingest worker ${i}: the broker refused the subscription ${topic}`);
      });
    });
  }
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          if (c.connected) return resolve();
          const timer = setTimeout(
            () => reject(new Error(`cannot connect to MQTT_URL ${redact(opts.url)} within 10 s`)),
            10_000,
          );
          c.once('connect', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
  services.transports.add(`mqtt ${redact(opts.url)} (${count} worker${count > 1 ? 's' : ''}, ${topic})`);
  return {
    clients,
    close: async () => {
      // Stop reading first; what was taken is committed and acknowledged before the sockets close.
      await services.pipeline.drain();
      await Promise.all(clients.map((c) => c.endAsync(false).catch(() => {})));
    },
  };
}

const KEEPALIVE_S = 60;

/**
 * mqtt.js counts only acknowledgements and PINGRESP as signs of life, so a worker busy reading a
 * backlog of publishes (its PINGRESP queued behind them) timed out its own keep-alive and
 * reconnected, again and again, under bursts. Any packet from the broker proves the connection
 * alive; and the broker, in turn, hears from us at least every half keep-alive even when nothing is
 * being acknowledged.
 */
function keepAliveWhileReading(client: MqttClient, keepaliveS: number) {
  let lastSent = elapsedMs();
  let lastSeen = -Infinity;
  const sent = () => (lastSent = elapsedMs());
  client.on('packetsend', sent);
  client.on('packetreceive', () => {
    const now = elapsedMs();
    if (now - lastSeen < 1000) return;
    lastSeen = now;
    client.reschedulePing(true);
    if (now - lastSent > keepaliveS * 500 && client.connected) client.sendPing();
  });
  return { sent };
}

/**
 * PUBACKs, written ourselves: those of one turn of the event loop leave as one buffer in one write
 * (through mqtt.js each was a packet object serialised and written on its own). A PUBACK is 4 bytes
 * in MQTT 3.1.1 and 5 alike (reason "success" may be left out).
 * Each goes only on the connection its message came on: after a reconnect the broker delivers the
 * message again, and its packet id may by then name another message.
 */
function pubackWriter(client: MqttClient, onWrite: () => void) {
  let ids: number[] = [];
  let on: AbortSignal | null = null;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = ids;
    ids = [];
    if (!batch.length || !on || on.aborted || !client.connected) return;
    const buf = Buffer.allocUnsafe(batch.length * 4);
    batch.forEach((id, k) => {
      buf[k * 4] = 0x40;
      buf[k * 4 + 1] = 2;
      buf.writeUInt16BE(id, k * 4 + 2);
    });
    client.stream.write(buf);
    onWrite();
  };
  return {
    add(messageId: number, connection: AbortSignal) {
      if (connection.aborted) return;
      if (on !== connection) {
        flush(); // what is pending belongs to an earlier connection, which is closed: dropped
        on = connection;
      }
      ids.push(messageId);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

/** True when the message may be acknowledged (all its events committed, duplicates or refused). */
async function handle(
  services: DeviceServices,
  packet: IPublishPacket,
  log: Log,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const parsed = parseMessage(packet.payload as Buffer);
    if (!parsed.ok) {
      services.pipeline.reject(parsed.rejection, 'mqtt');
      return true;
    }
    const report = await services.accept(
      parsed.items,
      { transport: 'mqtt', topic: packet.topic },
      { signal },
    );
    return report.failed === 0;
  } catch (e) {
    log.error({ err: e }, 'MQTT ingest: message could not be handled');
    return false;
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
