import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../http/context.ts';
import type { Actor } from '../../auth/actor.ts';
import { appendAudit } from '../../audit/chain.ts';
import { newCode } from './codes.ts';
import { linkOf, saveLink, visibleSite } from './repo.ts';

export const publicBase = (config: Deps['config']) =>
  (
    config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`
  ).replace(/\/$/, '');

/**
 * A site's public report address (/r/<token>) and its QR code for the printed poster. The token is
 * made at the first request; `rotate` replaces it (old posters then answer "not found").
 */
export async function siteReportLink(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'config' | 'now'>,
  actor: Actor,
  siteId: string,
  rotate: boolean,
) {
  const site = await visibleSite(trx, actor, siteId);
  const existing = await linkOf(trx, site.id);
  if (!existing || rotate) {
    await saveLink(trx, site.id, newCode(), actor.userId, rotate);
    await appendAudit(trx, {
      actor,
      action: rotate && existing ? 'public_report.rotate_poster' : 'public_report.create_poster',
      subjectType: 'site',
      subjectId: site.id,
      regionCode: site.region_code,
      at: deps.now(),
    });
  }
  const link = (await linkOf(trx, site.id))!;
  const path = `/r/${link.token}`;
  const url = `${publicBase(deps.config)}${path}`;
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { siteId: site.id, siteName: site.name, token: link.token, path, url, qrSvg };
}
