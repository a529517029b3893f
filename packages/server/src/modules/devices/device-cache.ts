import { randomToken, sha256Hex } from '../../crypto.ts';
import type { Db } from '../../db/database.ts';
import type { DeviceKindCode } from '../../db/schema-devices.ts';
import { elapsedMs } from '../../clock.ts';
import { deviceCodeByTokenHash, devicesByCodes, type DeviceRecord } from './repo.ts';

/** Device tokens: `rld_` + 32 random bytes; only the SHA-256 is stored. */
export const DEVICE_TOKEN_PREFIX = 'rld_';
export const newDeviceToken = () => DEVICE_TOKEN_PREFIX + randomToken(32);
export const tokenPrefixOf = (token: string) => token.slice(0, 10);

/** Where a device publishes: topics per jurisdiction, site and device. */
export const topicOf = (d: { regionCode: string; siteId: string; code: string }) =>
  `redline/v1/${d.regionCode}/${d.siteId}/${d.code}/events`;
export const TOPIC_RE =
  /^redline\/v1\/(\d{2,9})\/([0-9a-f-]{36})\/([A-Za-z0-9][A-Za-z0-9._-]{0,63})\/events$/;

/** What ingest needs to know about a device, cached in memory. */
export interface DeviceInfo {
  id: string;
  code: string;
  kind: DeviceKindCode;
  siteId: string;
  enterpriseId: string | null;
  projectId: string | null;
  /** The project's life-cycle stage (issue 17): stage-bound alarm rules apply only in their stages. */
  projectStage?: string | null;
  equipmentId: string | null;
  regionCode: string;
  active: boolean;
  tokenHash: string;
  heartbeatSeconds: number;
  createdAt: number;
}

export const deviceInfoOf = (
  r: Omit<DeviceRecord, 'project_stage'> & { project_stage?: string | null },
): DeviceInfo => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  siteId: r.site_id,
  enterpriseId: r.enterprise_id,
  projectId: r.project_id,
  projectStage: r.project_stage ?? null,
  equipmentId: r.equipment_id,
  regionCode: r.region_code,
  active: r.active,
  tokenHash: r.token_hash,
  heartbeatSeconds: r.heartbeat_seconds,
  createdAt: new Date(r.created_at).getTime(),
});

const TTL_MS = 60_000;

/**
 * Device look-ups by code and by token hash, cached for a minute and dropped at once when any
 * instance changes a device (NOTIFY redline_live 'D<code>'). Unknown codes are cached briefly too, so a
 * flood from an unregistered device costs no query per message.
 */
export class DeviceCache {
  private byCode = new Map<string, { info: DeviceInfo | null; at: number }>();
  private byToken = new Map<string, { code: string | null; at: number }>();

  constructor(private readonly db: Db) {}

  invalidate(code?: string) {
    if (!code) {
      this.byCode.clear();
      this.byToken.clear();
      return;
    }
    this.byCode.delete(code);
    for (const [k, v] of this.byToken) if (v.code === code) this.byToken.delete(k);
  }

  /** Devices by code; one query for all codes not cached. */
  async getMany(codes: Iterable<string>): Promise<Map<string, DeviceInfo | null>> {
    const now = elapsedMs();
    const out = new Map<string, DeviceInfo | null>();
    const missing: string[] = [];
    for (const code of new Set(codes)) {
      const hit = this.byCode.get(code);
      if (hit && now - hit.at < (hit.info ? TTL_MS : 5_000)) out.set(code, hit.info);
      else missing.push(code);
    }
    if (missing.length) {
      const rows = await devicesByCodes(this.db, missing);
      const found = new Map(rows.map((r) => [r.code, r]));
      for (const code of missing) {
        const r = found.get(code);
        const info: DeviceInfo | null = r ? deviceInfoOf(r) : null;
        if (this.byCode.size > 100_000) this.byCode.clear();
        this.byCode.set(code, { info, at: now });
        out.set(code, info);
      }
    }
    return out;
  }

  async get(code: string): Promise<DeviceInfo | null> {
    return (await this.getMany([code])).get(code) ?? null;
  }

  /** The active device a token belongs to, or null. */
  async byTokenValue(token: string): Promise<DeviceInfo | null> {
    if (!token.startsWith(DEVICE_TOKEN_PREFIX)) return null;
    const hash = sha256Hex(token);
    const now = elapsedMs();
    const hit = this.byToken.get(hash);
    let code = hit && now - hit.at < TTL_MS ? hit.code : undefined;
    if (code === undefined) {
      code = await deviceCodeByTokenHash(this.db, hash);
      if (this.byToken.size > 100_000) this.byToken.clear();
      this.byToken.set(hash, { code, at: now });
    }
    if (!code) return null;
    const info = await this.get(code);
    return info && info.active && info.tokenHash === hash ? info : null;
  }
}
