import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  DUPLICATE_TEXT_SIMILARITY,
  DUPLICATE_WINDOW_DAYS,
  HANDLING_DAYS,
  REPORT_LIMITS,
  textSimilarity,
} from '@redline/domain';
import type { PublicReportBody, WorkerReportBody } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../http/context.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, notFound, validation } from '../../errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../audit/chain.ts';
import { storeFile } from '../../storage/files.ts';
import { newCode } from './codes.ts';
import { workerSites } from '../points/repo.ts';
import {
  authorityOfPlace,
  insertReport,
  placeRegion,
  recentAtPlace,
  reportsSince,
  siteByToken,
  type ReportRow,
} from './repo.ts';

type SubmitDeps = Pick<Deps, 'now' | 'config' | 'database' | 'secrets'>;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Who sent it, as keyed hashes (the address itself is never stored). */
export interface Origin {
  ip: string;
  deviceId: string | null;
}

export interface Place {
  regionCode: string;
  siteId: string | null;
  enterpriseId: string | null;
  projectId: string | null;
  address: string;
}

/**
 * Rate limits that leave honest reporters alone: the first reports of an address or device always
 * pass (no captcha); beyond REPORT_LIMITS in an hour or a day a 429 says when to come back and names
 * the 12350 hotline (national work-safety reporting number).
 */
export async function checkRateLimits(
  db: Kysely<DB>,
  now: Date,
  hashes: { address: string; device: string | null },
) {
  const over = async (
    column: 'client_address_hash' | 'device_hash',
    hash: string,
    hour: number,
    day: number,
  ) =>
    (await reportsSince(db, column, hash, new Date(now.getTime() - HOUR))) >= hour
      ? 'hour'
      : (await reportsSince(db, column, hash, new Date(now.getTime() - DAY))) >= day
        ? 'day'
        : null;
  const byAddress = await over(
    'client_address_hash',
    hashes.address,
    REPORT_LIMITS.perAddressHour,
    REPORT_LIMITS.perAddressDay,
  );
  const byDevice = hashes.device
    ? await over('device_hash', hashes.device, REPORT_LIMITS.perDeviceHour, REPORT_LIMITS.perDeviceDay)
    : null;
  const window = byAddress ?? byDevice;
  if (window) {
    const what = byAddress ? 'this network address' : 'this device';
    throw new AppError(
      'RATE_LIMITED',
      `Too many reports from ${what} in the last ${window}; please try again later, or call the 12350 work-safety reporting line`,
      undefined,
      { retryAfterSeconds: window === 'hour' ? 3600 : 86400 },
    );
  }
}

function decodePhotos(photos: PublicReportBody['photos'], maxBytes: number) {
  return photos.map((p, i) => {
    const buffer = Buffer.from(p.data, 'base64');
    if (buffer.length > maxBytes)
      throw new AppError(
        'FILE_TOO_LARGE',
        `Photo ${i + 1} is larger than ${maxBytes / 1024 / 1024} MB`,
        `photos/${i}`,
      );
    return { buffer, filename: p.name, sha256: createHash('sha256').update(buffer).digest('hex') };
  });
}

/** The place of a public report: the poster's site, or a county/town and an address. */
export async function publicPlace(db: Kysely<DB>, body: PublicReportBody): Promise<Place> {
  if (body.siteToken) {
    if (body.regionCode) throw validation('regionCode', 'Give either the poster site or a region, not both');
    const site = await siteByToken(db, body.siteToken);
    if (!site) throw notFound('Site of this poster (it may have been replaced)');
    return {
      regionCode: site.region_code,
      siteId: site.id,
      enterpriseId: site.enterprise_id,
      projectId: site.project_id,
      address: body.address?.trim() ?? '',
    };
  }
  if (!body.regionCode) throw validation('regionCode', 'Choose the county or town where the hazard is');
  const region = await placeRegion(db, body.regionCode);
  if (!region) throw validation('regionCode', `${body.regionCode} is not a division code`);
  if (region.level !== 'county' && region.level !== 'town')
    throw validation(
      'regionCode',
      'Choose a county or a town (a province or city is too wide to send someone)',
    );
  const address = body.address?.trim() ?? '';
  if (address.length < 2) throw validation('address', 'Say where the hazard is (street, building, landmark)');
  return { regionCode: region.code, siteId: null, enterpriseId: null, projectId: null, address };
}

interface Intake {
  kind: 'hazard' | 'suggestion';
  channel: 'public' | 'worker';
  place: Place;
  description: string;
  photos: PublicReportBody['photos'];
  reporter: {
    anonymous: boolean;
    name: string | null;
    contact: string | null;
    userId: string | null;
    workerId: string | null;
  };
  hashes: { address: string | null; device: string | null };
}

/** One report in: photos checked and stored, duplicates looked for, routed, deadline set, audited. */
async function intake(deps: SubmitDeps, x: Intake): Promise<{ row: ReportRow; merged: boolean }> {
  const now = deps.now();
  const maxBytes = deps.config.MAX_UPLOAD_MB * 1024 * 1024;
  const photos = decodePhotos(x.photos, maxBytes);
  const description = x.description.trim();
  if (description.length < 5)
    throw validation('description', 'Describe what you saw (at least 5 characters)');
  return inTransaction(deps.database.db, async (trx) => {
    const id = randomUUID();
    const fileIds: string[] = [];
    for (const [i, p] of photos.entries()) {
      try {
        const file = await storeFile(
          deps,
          {
            buffer: p.buffer,
            filename: p.filename,
            kinds: ['image'],
            maxBytes,
            uploadedBy: null, // the uploader is the reporter: never recorded on the file
            regionCode: x.place.regionCode,
            enterpriseId: x.place.enterpriseId,
            owner: { kind: 'public_report', id },
          },
          trx,
        );
        if (!fileIds.includes(file.id)) fileIds.push(file.id);
      } catch (e) {
        if (e instanceof AppError && e.field === 'file')
          throw AppError.refusal(e.code, `Photo ${i + 1}: ${e.message}`, e.status, `photos/${i}`);
        throw e;
      }
    }
    const hashes = [...new Set(photos.map((p) => p.sha256))];
    let merged: ReportRow['duplicate_of_report_id'] = null;
    let suspected: string | null = null;
    if (x.kind === 'hazard') {
      const since = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * DAY);
      const earlier = await recentAtPlace(trx, x.place, since, hashes);
      const samePhoto = earlier.find((r) => r.photo_hashes.some((h) => hashes.includes(h)));
      if (samePhoto) merged = samePhoto.duplicate_of_report_id ?? samePhoto.id;
      else
        suspected =
          earlier.find((r) => textSimilarity(r.description, description) >= DUPLICATE_TEXT_SIMILARITY)?.id ??
          null;
    }
    const row = await insertReport(trx, {
      id,
      tracking_code: newCode(),
      kind: x.kind,
      channel: x.channel,
      region_code: x.place.regionCode,
      site_id: x.place.siteId,
      enterprise_id: x.place.enterpriseId,
      project_id: x.place.projectId,
      authority_id: await authorityOfPlace(trx, x.place.regionCode),
      address: x.place.address,
      description,
      photo_file_ids: fileIds,
      photo_hashes: hashes,
      anonymous: x.reporter.anonymous,
      reporter_name: x.reporter.name,
      reporter_contact: x.reporter.contact,
      reporter_user_id: x.reporter.userId,
      reporter_worker_id: x.reporter.workerId,
      client_address_hash: x.hashes.address,
      device_hash: x.hashes.device,
      status: merged ? 'duplicate' : 'received',
      duplicate_of_report_id: merged,
      suspected_duplicate_of: suspected,
      outcome_reason: merged ? '与此前的举报为同一情况（相同照片），已并入该举报一并处理。' : null,
      handled_at: merged ? now : null,
      deadline: new Date(now.getTime() + HANDLING_DAYS * DAY),
      created_at: now,
    });
    await appendAudit(trx, {
      actor: { system: x.channel === 'public' ? 'public-report' : 'worker-report' },
      action: 'public_report.receive',
      subjectType: 'public_report',
      subjectId: row.id,
      regionCode: row.region_code,
      // nothing about the reporter: the audit log is read more widely than the report
      details: {
        kind: x.kind,
        channel: x.channel,
        siteId: x.place.siteId,
        photos: fileIds.length,
        duplicateOf: merged,
      },
      at: now,
    });
    return { row, merged: !!merged };
  });
}

export async function submitPublicReport(deps: SubmitDeps, body: PublicReportBody, origin: Origin) {
  const now = deps.now();
  const place = await publicPlace(deps.database.db, body);
  const name = body.name?.trim() || null;
  const contact = body.contact?.trim() || null;
  if (body.anonymous && (name || contact))
    throw validation(
      'anonymous',
      'An anonymous report carries no name or contact: clear them or untick anonymous',
    );
  if (!body.anonymous && !contact)
    throw validation('contact', 'Leave a phone number or e-mail to be contacted, or report anonymously');
  const hashes = {
    address: deps.secrets.mac(`report-address:${origin.ip}`),
    device: origin.deviceId ? deps.secrets.mac(`report-device:${origin.deviceId}`) : null,
  };
  await checkRateLimits(deps.database.db, now, hashes);
  return intake(deps, {
    kind: 'hazard',
    channel: 'public',
    place,
    description: body.description,
    photos: body.photos,
    reporter: { anonymous: body.anonymous, name, contact, userId: null, workerId: null },
    hashes,
  });
}

export async function submitWorkerReport(
  deps: SubmitDeps,
  actor: Actor,
  body: WorkerReportBody,
  origin: Origin,
) {
  if (!actor.workerId)
    throw new AppError('FORBIDDEN', 'Only a worker account linked to a worker reports from a site');
  const sites = await workerSites(deps.database.db, actor.workerId);
  const site = sites.find((s) => s.id === body.siteId);
  if (!site) throw notFound('Site');
  const hashes = {
    address: deps.secrets.mac(`report-address:${origin.ip}`),
    device: deps.secrets.mac(`report-user:${actor.userId}`),
  };
  await checkRateLimits(deps.database.db, deps.now(), hashes);
  return intake(deps, {
    kind: body.kind,
    channel: 'worker',
    place: {
      regionCode: site.region_code,
      siteId: site.id,
      enterpriseId: site.enterprise_id,
      projectId: site.project_id,
      address: site.address,
    },
    description: body.description,
    photos: body.photos,
    reporter: { anonymous: false, name: null, contact: null, userId: actor.userId, workerId: actor.workerId },
    hashes,
  });
}
