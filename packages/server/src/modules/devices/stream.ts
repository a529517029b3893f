import type { ServerResponse } from 'node:http';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { alarmsByIds } from './alarms-repo.ts';
import { alarmView } from './presenters.ts';
import { wallClock } from '../../clock.ts';

interface Client {
  actor: Actor;
  res: ServerResponse;
  /** Actors with the same key see the same alarms: one scoped query serves them all. */
  key: string;
}

const scopeKey = (a: Actor) => `${a.role}|${a.regionCode}|${a.enterpriseId ?? ''}|${a.workerId ?? ''}`;

/**
 * Live alarms over server-sent events. Every instance listens on the feature's NOTIFY channel, so
 * an alarm raised or handled on any instance reaches every console. Each notification is re-read
 * through the same scoped query as the list (`inScope`), once per distinct jurisdiction among the
 * connected consoles: a console never receives an alarm it could not open.
 */
export class AlarmHub {
  private clients = new Set<Client>();
  private ping: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {
    this.ping = setInterval(() => {
      for (const c of this.clients) c.res.write(': ping\n\n');
    }, 20_000);
    this.ping.unref();
  }

  get size() {
    return this.clients.size;
  }

  add(actor: Actor, res: ServerResponse) {
    const client: Client = { actor, res, key: scopeKey(actor) };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
    res.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ at: wallClock().toISOString() })}\n\n`);
  }

  /** `c:<id>,u:<id>,…` from NOTIFY. Processed in order, one notification at a time. */
  onNotify(payload: string) {
    if (!this.clients.size) return;
    const created = new Set<string>();
    const ids: string[] = [];
    for (const part of payload.split(',')) {
      const [kind, id] = part.split(':');
      if (!id || !/^[0-9a-f-]{36}$/.test(id)) continue;
      if (kind === 'c') created.add(id);
      if (!ids.includes(id)) ids.push(id);
    }
    if (!ids.length) return;
    this.chain = this.chain.then(() => this.deliver(ids, created)).catch(() => undefined);
  }

  private async deliver(ids: string[], created: Set<string>) {
    const groups = new Map<string, Client[]>();
    for (const c of this.clients) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
    for (const clients of groups.values()) {
      const actor = clients[0].actor;
      const rows = await alarmsByIds(this.db, actor, ids);
      for (const alarm of rows.map((r) => alarmView(r, actor))) {
        const data = JSON.stringify({ kind: created.has(alarm.id) ? 'created' : 'updated', alarm });
        for (const c of clients)
          if (!c.res.writableEnded) c.res.write(`event: alarm\nid: ${alarm.id}\ndata: ${data}\n\n`);
      }
    }
  }

  close() {
    clearInterval(this.ping);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }
}
