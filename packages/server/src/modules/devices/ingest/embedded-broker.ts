import net from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { DeviceServices } from './services.ts';
import { topicOf, type DeviceInfo } from '../device-cache.ts';
import { parseMessage } from './validate.ts';

/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1) for a single-machine install, on its own port.
 *
 * Devices log in with their code and token and publish QoS 1 to their own topic. The broker hands
 * each message straight to the ingest pipeline and sends the device its PUBACK only after the events
 * are committed — so in the embedded configuration "acknowledged" means "in the database", and a
 * `kill -9` of the server cannot lose an acknowledged event. While a device's messages wait, aedes
 * reads no more from that connection: back-pressure reaches the device through TCP.
 *
 * Devices may not subscribe (nothing is published to them) or publish to another device's topic.
 */
export interface EmbeddedBroker {
  port: number;
  close(): Promise<void>;
}

type Log = { info: (o: object | string, msg?: string) => void; warn: (o: object, msg: string) => void };

export class PortTakenError extends Error {}

export async function startEmbeddedBroker(
  services: DeviceServices,
  opts: { host: string; port: number; log: Log },
): Promise<EmbeddedBroker> {
  const devices = new WeakMap<Client, DeviceInfo>();
  const broker = await Aedes.createBroker({
    concurrency: 1000,
    drainTimeout: 30_000,
    heartbeatInterval: 60_000,
    authenticate: (client, username, password, done) => {
      const token = password?.toString('utf8') ?? '';
      services.devices
        .byTokenValue(token)
        .then((d) => {
          if (d && d.code === username) {
            devices.set(client, d);
            done(null, true);
          } else {
            const err = Object.assign(new Error('bad device code or token'), { returnCode: 4 as const });
            done(err as never, false);
          }
        })
        .catch((e: Error) => done(Object.assign(e, { returnCode: 3 as const }) as never, false));
    },
    authorizeSubscribe: (_client, _sub, callback) => callback(null, null),
    authorizePublish: (client, packet, callback) => {
      const device = client ? devices.get(client) : undefined;
      if (!device) return callback(new Error('not a device'));
      if (packet.topic.startsWith('$SYS')) return callback(new Error('$SYS is reserved'));
      const transport = 'mqtt';
      const expected = topicOf(device);
      if (packet.topic !== expected) {
        services.pipeline.reject(
          {
            code: 'TOPIC_MISMATCH',
            reason: `device ${device.code} publishes on ${expected}, not ${packet.topic}`,
            deviceCode: device.code,
            regionCode: device.regionCode,
          },
          transport,
        );
        return callback(null);
      }
      const parsed = parseMessage(packet.payload as Buffer);
      if (!parsed.ok) {
        services.pipeline.reject(
          { ...parsed.rejection, deviceCode: device.code, regionCode: device.regionCode },
          transport,
        );
        return callback(null);
      }
      services
        .accept(parsed.items, { transport, device })
        .then((r) => {
          // Not committed (the server is stopping): no PUBACK, so the device sends it again.
          if (r.failed > 0) client?.close();
          else callback(null);
        })
        .catch((e: Error) => {
          opts.log.warn({ err: e }, 'embedded broker: ingest failed');
          client?.close();
        });
    },
    // Nothing subscribes, but never forward device traffic to anyone.
    authorizeForward: () => null,
  });
  const server = net.createServer(broker.handle);
  // Connections are tracked so close() does not wait for idle device connections to time out.
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      broker.close();
      if (e.code === 'EADDRINUSE')
        reject(
          new PortTakenError(
            `MQTT port ${opts.port} on ${opts.host} is already in use (another MQTT broker, such as Mosquitto on 1883?)`,
          ),
        );
      else reject(e);
    });
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  services.transports.add('mqtt-embedded');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        broker.close();
        for (const s of sockets) s.destroy();
      }),
  };
}
