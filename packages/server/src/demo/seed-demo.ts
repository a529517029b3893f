import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Insertable, Kysely, Transaction } from 'kysely';
import {
  CREDIT_CODE_ALPHABET,
  addDays,
  addMonths,
  addYears,
  certificateStatus,
  computeCertificateDates,
  daysBetween,
  equipmentInspectionStatus,
  generateCreditCode,
  generateResidentId,
  isIsoDate,
  maskResidentId,
  type CertificateStatus,
} from '@redline/domain';
import { readMeta } from '../db/app-meta.ts';
import type { Secrets } from '../crypto.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { DB, Role } from '../db/schema.ts';
import { DATA_DIR } from '../modules/reference/load.ts';
import { Rng } from './rng.ts';
import {
  AREAS,
  AUTHORITIES,
  CONSTRUCTION_TRADES,
  ENTERPRISE_SITE_KINDS,
  HOMETOWNS,
  INDUSTRY_TRADES,
  KEY_RISK_CHANCE,
  MALE_HEAVY_TRADES,
  areaOf,
  placeOf,
  type AreaDef,
  type Place,
  type Scale,
  type Track,
} from './world.ts';
import {
  EQUIPMENT_TYPES,
  FIRM_BUSINESS,
  INDUSTRY_BUSINESS,
  OWNER_BUSINESS,
  companyRoot,
  companySuffix,
  personName,
  phoneNumber,
  projectName,
  siteName,
  streetAddress,
  streetName,
  type FirmRole,
  type Gender,
} from './names.ts';

/**
 * The demo data set: four fictional jurisdictions' worth of enterprises, projects, sites, workers
 * with certificates, and special equipment, generated deterministically from a seed and "today"
 * so that every status (valid / review due / expired, in date / due soon / overdue / failed)
 * occurs relative to the day the demo is started.
 */

export const DEMO_PASSWORD = 'Redline2026!';
export const DEFAULT_DEMO_SEED = 2026;

export interface DemoUser {
  username: string;
  password: string;
  role: string;
  displayName: string;
  jurisdiction: string;
}

/** The welding scenario: an enterprise in Jinshan Industrial Park with a key welding shop and an uncertified welder. */
export interface DemoScenario {
  enterpriseId: string;
  enterpriseName: string;
  enterpriseCreditCode: string;
  regionCode: string;
  weldingSiteId: string;
  weldingSiteName: string;
  uncertifiedWelderId: string;
  uncertifiedWelderName: string;
  /** The uncertified welder's employer: an external contractor, not the enterprise supervised at the site. */
  uncertifiedWelderEmployerId: string;
  /** Welders of that enterprise holding a welding certificate that is not expired. */
  certifiedWelderIds: string[];
  /** A welder of that enterprise whose only welding certificate has expired. */
  expiredWelderId: string;
  managerUsername: string;
  workerUsername: string;
  /** A project owned by the enterprise (its new plant), so the manager also sees a project. */
  projectId: string;
}

export interface DemoSummary {
  seed: number;
  today: string;
  scale: 'full' | 'small';
  users: DemoUser[];
  counts: Record<string, number>;
  scenario: DemoScenario;
}

export interface SeedDemoOptions {
  seed?: number;
  /** YYYY-MM-DD; statuses are arranged around this day. */
  today: string;
  /** 'small' makes about a tenth of the data (for tests). */
  scale?: 'full' | 'small';
}

type Tx = Transaction<DB> | Kysely<DB>;
type EntScale = 'large' | 'medium' | 'small' | 'micro';
type ProjectStatus = 'approved' | 'under_construction' | 'suspended' | 'completed';
type PartyRole = 'owner' | 'general_contractor' | 'supervision' | 'survey' | 'design';

// ---------------------------------------------------------------------------------------------
// In-memory records (ids are drawn from the seed so that a re-seed gives the same ids)

interface Ent {
  row: Insertable<DB['enterprises']> & { id: string };
  area: AreaDef;
  place: Place;
  lat: number;
  lng: number;
  firm: FirmRole | null;
  sites: SiteRec[];
}
interface Proj {
  row: Insertable<DB['projects']> & { id: string };
  area: AreaDef;
  place: Place;
  gc: Ent;
  sites: SiteRec[];
}
interface SiteRec {
  row: Insertable<DB['sites']> & { id: string };
  lat: number;
  lng: number;
}
interface WorkerRec {
  row: Insertable<DB['workers']> & { id: string };
  area: AreaDef;
  construction: boolean;
}
interface CertCategory {
  code: string;
  track: Track;
  validityYears: number;
  reviewEveryYears: number | null;
  windowDays: number;
  welding: boolean;
}
interface EquipCategory {
  code: string;
  intervalMonths: number;
  warnDays: number;
}
type EquipState = 'in_date' | 'due_soon' | 'overdue' | 'failed';

/**
 * Fills an empty database (reference data already loaded) with the demo data set, in one
 * transaction. When the demo was seeded before (app_meta key `demo`), nothing is written and the
 * stored summary is returned.
 */
export async function seedDemo(
  db: Kysely<DB>,
  secrets: Secrets,
  opts: SeedDemoOptions,
): Promise<DemoSummary> {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const scale: Scale = opts.scale ?? 'full';
  const today = opts.today;
  if (!isIsoDate(today))
    throw new RangeError(`seedDemo: today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seedDemo: seed must be an integer, got ${seed}`);

  const previous = await readMeta<StoredSummary>(db, 'demo');
  if (previous) return storedSummary(previous);

  // argon2id once, outside the transaction; every demo user shares the hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute((trx) => generate(trx, secrets, { seed, scale, today, passwordHash }));
}

type StoredSummary = Omit<DemoSummary, 'users'> & { users: Array<Omit<DemoUser, 'password'>> };

function storedSummary(v: StoredSummary): DemoSummary {
  return { ...v, users: v.users.map((u) => ({ ...u, password: DEMO_PASSWORD })) };
}

async function generate(
  trx: Tx,
  secrets: Secrets,
  ctx: { seed: number; scale: Scale; today: string; passwordHash: string },
): Promise<DemoSummary> {
  const { seed, scale, today } = ctx;
  const full = scale === 'full';
  const ids = Rng.derive(seed, 'ids');
  // Records a scenario or a demo user refers to get ids from their own label, so they depend on the
  // seed alone (not on how many other records came before them).
  const stableId = (label: string) => Rng.derive(seed, `id:${label}`).uuid();
  const year = Number(today.slice(0, 4));

  // --- reference data ------------------------------------------------------------------------
  const refs = await trx
    .selectFrom('ref_items')
    .select(['kind', 'code'])
    .orderBy('kind')
    .orderBy('sort')
    .orderBy('code')
    .execute();
  const refCodes = (kind: string) => refs.filter((r) => r.kind === kind).map((r) => r.code);
  const industries = refCodes('industry');
  const projectTypes = refCodes('project_type');
  const riskKinds = new Set(refCodes('risk_source_kind'));
  const trades = new Set(refCodes('trade'));
  for (const need of ['construction', 'machinery', 'chemicals', 'trade']) {
    if (!industries.includes(need))
      throw new Error(
        `seedDemo: industry "${need}" missing from the catalogue; load the reference data first`,
      );
  }
  const regionRows = await trx.selectFrom('regions').select(['code', 'name_zh']).execute();
  const regionName = new Map(regionRows.map((r) => [r.code, r.name_zh]));
  for (const p of AREAS.flatMap((a) => a.places)) {
    if (!regionName.has(p.code))
      throw new Error(`seedDemo: region ${p.code} missing; load the reference data first`);
  }
  const certCategories: CertCategory[] = (
    await trx.selectFrom('certificate_categories').selectAll().orderBy('code').execute()
  ).map((c) => ({
    code: c.code,
    track: c.track,
    validityYears: c.validity_years,
    reviewEveryYears: c.review_every_years,
    windowDays: c.review_window_days,
    welding: c.is_welding,
  }));
  const certByCode = new Map(certCategories.map((c) => [c.code, c]));
  const equipCategories = new Map<string, EquipCategory>(
    (await trx.selectFrom('equipment_categories').selectAll().orderBy('code').execute()).map((c) => [
      c.code,
      { code: c.code, intervalMonths: c.interval_months, warnDays: c.warn_days },
    ]),
  );
  // Which certificate categories a trade needs: the `trades` lists of the shipped file.
  const tradeCategories = new Map<string, CertCategory[]>();
  for (const c of readCertificateTrades()) {
    const cat = certByCode.get(c.code);
    if (!cat) continue;
    for (const t of c.trades) tradeCategories.set(t, [...(tradeCategories.get(t) ?? []), cat]);
  }
  const tradeOk = (t: string) => trades.has(t);

  // --- authorities ---------------------------------------------------------------------------
  const authorities = AUTHORITIES.map((a) => ({ ...a, id: stableId(`authority:${a.key}`) }));
  const authority = (key: string) => authorities.find((a) => a.key === key)!;
  const regulatorFor = (region: string) => {
    const within = authorities
      .filter((a) => region.startsWith(a.region))
      .sort((a, b) => b.region.length - a.region.length);
    return (
      (within.find((a) => a.kind === 'housing') ?? within.find((a) => a.kind === 'emergency'))?.id ?? null
    );
  };

  // --- enterprises ---------------------------------------------------------------------------
  const erng = Rng.derive(seed, 'enterprises');
  const usedNames = new Set<string>();
  const usedCodes = new Set<string>();
  const enterprises: Ent[] = [];
  const jitter = (r: Rng, c: number, spread: number) =>
    Math.round((c + r.float(-spread, spread)) * 1e6) / 1e6;

  const makeEnterprise = (
    area: AreaDef,
    place: Place,
    industry: string,
    entScale: EntScale,
    opts: {
      id?: string;
      name?: string;
      firm?: FirmRole | null;
      safetyPrincipal?: string;
      address?: string;
    } = {},
  ): Ent => {
    let name = opts.name;
    for (let i = 0; !name || usedNames.has(name); i++) {
      if (i > 200) throw new Error('seedDemo: ran out of enterprise names');
      const prefix = erng.pick(area.namePrefixes);
      const business = opts.firm
        ? erng.pick(FIRM_BUSINESS[opts.firm])
        : erng.pick(INDUSTRY_BUSINESS[industry] ?? ['实业']);
      name =
        prefix +
        companyRoot(erng) +
        business +
        companySuffix(erng, { large: entScale === 'large', ltdLiability: area.ltdLiability });
    }
    usedNames.add(name);
    let code = '';
    while (!code || usedCodes.has(code)) {
      const org = erng.chance(0.5)
        ? 'MA' + erng.pick(['1', '2', '6']) + randomChars(erng, CREDIT_CODE_ALPHABET, 6)
        : erng.digits(8) + erng.pick([...CREDIT_CODE_ALPHABET]);
      code = generateCreditCode(`91${place.county}${org}`);
    }
    usedCodes.add(code);
    const male = (p: number) => (erng.chance(p) ? 'male' : 'female') as Gender;
    const legal = personName(erng, male(0.8), { mongolian: area.mongolian });
    let principal = opts.safetyPrincipal ?? personName(erng, male(0.75), { mongolian: area.mongolian });
    while (principal === legal) principal = personName(erng, male(0.75), { mongolian: area.mongolian });
    const ent: Ent = {
      row: {
        id: opts.id ?? ids.uuid(),
        credit_code: code,
        name,
        industry_code: industry,
        scale: entScale,
        address: opts.address ?? place.address + streetAddress(erng),
        region_code: place.code,
        legal_representative: legal,
        safety_principal: principal,
        contact_phone: phoneNumber(erng),
      },
      area,
      place,
      lat: jitter(erng, place.lat, 0.035),
      lng: jitter(erng, place.lng, 0.045),
      firm: opts.firm ?? null,
      sites: [],
    };
    enterprises.push(ent);
    return ent;
  };

  const jinshan = areaOf('jinshan');
  const ordos = areaOf('ordos');
  // Anchors: the enterprises the scenarios and demo users are built around.
  const anchor = makeEnterprise(jinshan, placeOf('310116501'), 'machinery', 'medium', {
    id: stableId('enterprise:jinshan.anchor'),
    name: '上海恒锐精密机械有限公司',
    safetyPrincipal: '朱海明',
    address: '上海市金山区金山工业区创业路1288号',
  });
  const ordosAnchor = makeEnterprise(ordos, placeOf('150602'), 'chemicals', 'medium', {
    id: stableId('enterprise:ordos.anchor'),
    name: '鄂尔多斯市泰和能源化工有限责任公司',
    safetyPrincipal: '王永刚',
  });
  const tourismCz = makeEnterprise(areaOf('changzhou'), placeOf('320411'), 'trade', 'medium', {
    name: '常州嘉禾文化旅游发展有限公司',
  });
  const tourismOrdos = makeEnterprise(ordos, placeOf('150603'), 'trade', 'small', {
    name: '鄂尔多斯市康巴什区晟达文化旅游发展有限公司',
  });
  const anchors = [anchor, ordosAnchor, tourismCz, tourismOrdos];

  const entScaleFor = (r: Rng, firm: FirmRole | null): EntScale =>
    firm === 'general_contractor'
      ? r.choose<EntScale>({ large: 2, medium: 4, small: 2 })
      : firm
        ? r.choose<EntScale>({ medium: 3, small: 4, micro: 1 })
        : r.choose<EntScale>({ large: 1, medium: 3, small: 5, micro: 3 });
  const pickPlace = (r: Rng, area: AreaDef) => r.weighted(area.places.map((p) => [p, p.weight] as const));

  // Construction firms first, then slots for the other industries.
  for (const area of AREAS) {
    for (const [role, n] of Object.entries(area.firms[scale]) as Array<[FirmRole, number]>) {
      for (let i = 0; i < n; i++)
        makeEnterprise(area, pickPlace(erng, area), 'construction', entScaleFor(erng, role), { firm: role });
    }
  }
  const slots: Array<{ area: AreaDef; industry: string | null }> = [];
  for (const area of AREAS) {
    const taken = enterprises.filter((e) => e.area === area).length;
    for (let i = taken; i < area.enterprises[scale]; i++) slots.push({ area, industry: null });
  }
  // Every industry of the catalogue occurs at least once, in the area where it is most at home.
  const covered = new Set(enterprises.map((e) => e.row.industry_code));
  for (const industry of industries) {
    if (covered.has(industry)) continue;
    const ranked = AREAS.slice().sort(
      (a, b) => (b.industries[industry] ?? 0) - (a.industries[industry] ?? 0),
    );
    const slot =
      ranked.map((a) => slots.find((s) => s.area === a && s.industry === null)).find(Boolean) ??
      slots.find((s) => s.industry === null);
    if (!slot) throw new Error('seedDemo: too few enterprise slots to cover every industry');
    slot.industry = industry;
    covered.add(industry);
  }
  for (const slot of slots) {
    const weights = Object.entries(slot.area.industries).filter(([code]) => industries.includes(code));
    const industry = slot.industry ?? erng.weighted(weights);
    makeEnterprise(slot.area, pickPlace(erng, slot.area), industry, entScaleFor(erng, null));
  }
  const firms = (area: AreaDef, role: FirmRole) =>
    enterprises.filter((e) => e.area === area && e.firm === role);
  const anyFirms = (role: FirmRole) => enterprises.filter((e) => e.firm === role);
  const industrial = enterprises.filter((e) => e.row.industry_code !== 'construction');

  // --- projects ------------------------------------------------------------------------------
  const prng = Rng.derive(seed, 'projects');
  const projects: Proj[] = [];
  const parties: Array<Insertable<DB['project_parties']>> = [];
  const usedProjectNames = new Set<string>();
  const permitSeq = new Map<string, number>();
  const STATUSES: ProjectStatus[] = ['approved', 'under_construction', 'suspended', 'completed'];
  const projectSlots: Array<{ area: AreaDef; type: string; status: ProjectStatus }> = [];
  for (const area of AREAS) {
    for (let i = 0; i < area.projects[scale]; i++) {
      const types = Object.entries(area.projectTypes).filter(([t]) => projectTypes.includes(t));
      projectSlots.push({
        area,
        type: prng.weighted(types),
        status: prng.choose<ProjectStatus>({
          approved: 10,
          under_construction: 68,
          suspended: 8,
          completed: 14,
        }),
      });
    }
  }
  // The anchor's new plant: the first Jinshan project, under construction.
  projectSlots[0] = { area: jinshan, type: 'building', status: 'under_construction' };
  // Every status and every project type at least once (the anchor's project stays as it is).
  const adjustable = projectSlots.slice(1);
  STATUSES.forEach((status, i) => {
    const count = (st: ProjectStatus) => projectSlots.filter((s) => s.status === st).length;
    if (count(status) > 0) return;
    const slot =
      adjustable.find((s, j) => j % 4 === i % 4 && count(s.status) > 1) ??
      adjustable.find((s) => count(s.status) > 1);
    if (slot) slot.status = status;
  });
  for (const type of projectTypes) {
    if (projectSlots.some((s) => s.type === type)) continue;
    const count = (t: string) => projectSlots.filter((s) => s.type === t).length;
    const slot =
      adjustable.find((s) => (s.area.projectTypes[type] ?? 0) > 0 && count(s.type) > 1) ??
      adjustable.find((s) => count(s.type) > 1);
    if (slot) slot.type = type;
  }

  const contact = (r: Rng, area: AreaDef) =>
    `${personName(r, r.chance(0.8) ? 'male' : 'female', { mongolian: area.mongolian })} ${phoneNumber(r)}`;
  for (const [index, slot] of projectSlots.entries()) {
    const { area, type, status } = slot;
    const isAnchorProject = index === 0;
    const place = isAnchorProject ? anchor.place : pickPlace(prng, area);
    const projScale = prng.choose<'small' | 'medium' | 'large'>({ small: 3, medium: 5, large: 2 });
    // The owner: the anchor for its plant, sometimes another local factory, else a developer or a public investor.
    const localIndustrial = industrial.filter((e) => e.place.county === place.county && !anchors.includes(e));
    const ownerEnt = isAnchorProject
      ? anchor
      : type === 'building' && localIndustrial.length > 0 && prng.chance(0.2)
        ? prng.pick(localIndustrial)
        : null;
    let name = '';
    for (let i = 0; !name || usedProjectNames.has(name); i++) {
      if (i > 100) throw new Error('seedDemo: ran out of project names');
      name = projectName(prng, type, {
        place: place.label,
        district: place.district,
        city: area.city,
        ownerEnterprise: ownerEnt?.row.name,
      });
      if (i > 20) name = name.replace(/项目$|工程$/, (m) => `（${i - 19}标段）${m}`);
    }
    usedProjectNames.add(name);

    const durationMonths = { small: prng.int(10, 18), medium: prng.int(18, 30), large: prng.int(24, 42) }[
      projScale
    ];
    let start: string | null;
    let planned: string;
    if (status === 'approved') {
      start = prng.chance(0.8) ? addDays(today, prng.int(15, 180)) : null;
      planned = addMonths(start ?? addDays(today, 120), durationMonths);
    } else if (status === 'completed') {
      start = addDays(today, -prng.int(700, 1800));
      planned = addMonths(start, durationMonths);
      if (planned >= today) planned = addDays(today, -prng.int(10, 300));
    } else {
      start = addDays(today, -prng.int(status === 'suspended' ? 120 : 30, 900));
      planned = addMonths(start, durationMonths);
      if (planned <= today && prng.chance(0.85)) planned = addDays(today, prng.int(30, 400));
    }
    let permit = '';
    if (status !== 'approved' && start) {
      const issued = addDays(start, -prng.int(5, 40)).replaceAll('-', '');
      const key = place.county + issued;
      const n = (permitSeq.get(key) ?? 0) + 1;
      permitSeq.set(key, n);
      permit = `${place.county}${issued}${String(n).padStart(2, '0')}01`;
    }
    const floor =
      type === 'building' || type === 'decoration'
        ? { small: prng.int(3000, 20000), medium: prng.int(20000, 80000), large: prng.int(80000, 260000) }[
            projScale
          ]
        : null;
    const value =
      floor !== null
        ? Math.round(floor * prng.float(0.18, 0.42) * 100) / 100
        : Math.round(
            { small: prng.int(600, 3000), medium: prng.int(3000, 20000), large: prng.int(20000, 90000) }[
              projScale
            ] * 100,
          ) / 100;
    const lat = jitter(prng, place.lat, 0.035);
    const lng = jitter(prng, place.lng, 0.045);
    const gcPool = firms(area, 'general_contractor').length
      ? firms(area, 'general_contractor')
      : anyFirms('general_contractor');
    const gc = prng.weighted(
      gcPool.map((e) => [e, e.row.scale === 'large' ? 3 : e.row.scale === 'medium' ? 2 : 1] as const),
    );
    const proj: Proj = {
      row: {
        id: isAnchorProject ? stableId('project:jinshan.anchor') : ids.uuid(),
        name,
        permit_no: permit,
        type,
        scale: projScale,
        status,
        region_code: place.code,
        address: `${place.address}${streetName(prng)}以${prng.pick(['东', '西', '南', '北'])}、${streetName(prng)}以${prng.pick(['东', '西', '南', '北'])}`,
        lat,
        lng,
        regulator_authority_id: regulatorFor(place.code),
        floor_area_m2: floor,
        contract_value_wan: value,
        start_on: start,
        planned_completion_on: planned,
      },
      area,
      place,
      gc,
      sites: [],
    };
    projects.push(proj);

    const ownerName =
      ownerEnt?.row.name ??
      (type === 'rail_transit'
        ? `${area.city}${companyRoot(prng)}轨道交通建设发展有限公司`
        : `${prng.pick(area.namePrefixes)}${companyRoot(prng)}${prng.pick(type === 'building' ? OWNER_BUSINESS : OWNER_BUSINESS.slice(2, 5))}有限公司`);
    const party = (role: PartyRole, ent: Ent | null, partyName: string) =>
      parties.push({
        project_id: proj.row.id,
        role,
        enterprise_id: ent?.row.id ?? null,
        name: partyName,
        contact: contact(prng, area),
      });
    party('owner', ownerEnt, ownerName);
    party('general_contractor', gc, gc.row.name);
    for (const role of ['supervision', 'survey', 'design'] as const) {
      const pool = firms(area, role).length ? firms(area, role) : anyFirms(role);
      const firm = prng.pick(pool);
      party(role, firm, firm.row.name);
    }
  }
  const anchorProject = projects[0];

  // --- sites ---------------------------------------------------------------------------------
  const srng = Rng.derive(seed, 'sites');
  const sites: SiteRec[] = [];
  const colour = (r: Rng, key: boolean) =>
    key
      ? r.choose<'red' | 'orange' | 'yellow' | 'blue'>({ red: 1, orange: 3, yellow: 4, blue: 1 })
      : r.chance(0.5)
        ? null
        : r.choose<'yellow' | 'blue'>({ yellow: 1, blue: 2 });
  const addSite = (
    owner: { ent?: Ent; proj?: Proj },
    kind: string,
    opts: {
      id?: string;
      name?: string;
      n?: number;
      key?: boolean;
      colour?: 'red' | 'orange' | 'yellow' | 'blue' | null;
    } = {},
  ): SiteRec | null => {
    if (!riskKinds.has(kind)) return null;
    const base = owner.ent ?? owner.proj!;
    const key = opts.key ?? srng.chance(KEY_RISK_CHANCE[kind] ?? 0.3);
    const lat = jitter(srng, owner.ent ? owner.ent.lat : owner.proj!.row.lat!, 0.002);
    const lng = jitter(srng, owner.ent ? owner.ent.lng : owner.proj!.row.lng!, 0.002);
    const site: SiteRec = {
      row: {
        id: opts.id ?? ids.uuid(),
        name: opts.name ?? siteName(srng, kind, opts.n ?? 1),
        kind,
        key_risk_source: key,
        risk_colour: opts.colour !== undefined ? opts.colour : colour(srng, key),
        enterprise_id: owner.ent?.row.id ?? null,
        project_id: owner.proj?.row.id ?? null,
        region_code: base.row.region_code,
        address: base.row.address ?? '',
        lat,
        lng,
      },
      lat,
      lng,
    };
    sites.push(site);
    base.sites.push(site);
    return site;
  };

  const weldingSite = addSite({ ent: anchor }, 'welding_shop', {
    id: stableId('site:jinshan.anchor.welding'),
    name: '焊接车间',
    key: true,
    colour: 'orange',
  })!;
  addSite({ ent: anchor }, 'paint_shop', { name: '喷涂车间', key: true, colour: 'yellow' });
  addSite({ ent: anchor }, 'electrical_room', { name: '配电房', key: false, colour: 'blue' });
  addSite({ ent: ordosAnchor }, 'gas_storage', { name: '天然气调压站', key: true, colour: 'red' });
  addSite({ ent: ordosAnchor }, 'chemical_storage', { name: '甲醇罐区', key: true, colour: 'orange' });
  addSite({ ent: ordosAnchor }, 'boiler_room', { name: '锅炉房', key: true, colour: 'yellow' });
  addSite({ ent: ordosAnchor }, 'confined_space', { name: '污水处理池', key: false, colour: 'blue' });
  for (const ent of industrial) {
    if (anchors.includes(ent)) continue;
    const kinds = ENTERPRISE_SITE_KINDS[ent.row.industry_code] ?? { electrical_room: 1 };
    // How many risk sources: larger enterprises have more (weights by repetition).
    const n = srng.pick(
      ent.row.scale === 'large' || ent.row.scale === 'medium'
        ? [1, 1, 1, 1, 1, 1, 2, 2, 2, 3]
        : ent.row.scale === 'small'
          ? [0, 0, 0, 0, 1, 1, 1, 1, 1, 2]
          : [0, 0, 0, 1, 1],
    );
    const chosen: string[] = [];
    for (let i = 0; i < n; i++) {
      const left = Object.entries(kinds).filter(([k]) => !chosen.includes(k));
      if (!left.length) break;
      chosen.push(srng.weighted(left));
    }
    chosen.forEach((kind, i) => addSite({ ent }, kind, { n: i + 1 }));
  }
  const activeProjects = projects.filter(
    (p) => p.row.status === 'under_construction' || p.row.status === 'suspended',
  );
  for (const proj of activeProjects) {
    const s = proj.row.scale as 'small' | 'medium' | 'large';
    const type = proj.row.type;
    if (type === 'building') {
      const cranes =
        s === 'large' ? 2 : s === 'medium' ? (srng.chance(0.15) ? 2 : 1) : srng.chance(0.3) ? 1 : 0;
      for (let i = 1; i <= cranes; i++) addSite({ proj }, 'tower_crane_area', { n: i });
      const hoists = s === 'large' ? srng.int(1, 2) : s === 'medium' && srng.chance(0.4) ? 1 : 0;
      for (let i = 1; i <= hoists; i++) addSite({ proj }, 'hoist', { n: i });
      if (srng.chance(s === 'small' ? 0.2 : 0.5)) addSite({ proj }, 'foundation_pit');
      if (srng.chance(0.7)) addSite({ proj }, 'scaffold');
    } else if (type === 'municipal') {
      if (srng.chance(0.5)) addSite({ proj }, 'foundation_pit');
      if (srng.chance(0.1)) addSite({ proj }, 'tower_crane_area', { n: 1 });
    } else if (type === 'rail_transit') {
      addSite({ proj }, 'foundation_pit', { key: true });
      if (srng.chance(0.4)) addSite({ proj }, 'tower_crane_area', { n: 1 });
    } else if (type === 'decoration') {
      if (srng.chance(0.6)) addSite({ proj }, 'scaffold');
      if (srng.chance(0.2)) addSite({ proj }, 'hoist', { n: 1 });
    } else if (srng.chance(0.4)) addSite({ proj }, 'scaffold');
  }

  // --- workers -------------------------------------------------------------------------------
  const wrng = Rng.derive(seed, 'workers');
  const workers: WorkerRec[] = [];
  const usedIds = new Set<string>();
  const birthFrom = '1965-01-01';
  const birthSpan = daysBetween(birthFrom, '2003-12-31');
  const makeWorker = (
    employer: Ent,
    proj: Proj | null,
    trade: string,
    opts: { gender?: Gender; id?: string } = {},
  ): WorkerRec => {
    const area = proj?.area ?? employer.area;
    const place = proj?.place ?? employer.place;
    const pMale =
      MALE_HEAVY_TRADES.has(trade) || proj
        ? 0.96
        : ['textiles', 'light_industry', 'tobacco', 'trade'].includes(employer.row.industry_code)
          ? 0.45
          : 0.72;
    const gender = opts.gender ?? (wrng.chance(pMale) ? 'male' : 'female');
    let idNo = '';
    let birth = '';
    while (!idNo || usedIds.has(idNo)) {
      const division = wrng.chance(0.45) ? place.county : wrng.pick(HOMETOWNS);
      birth = addDays(birthFrom, wrng.int(0, birthSpan));
      const seq =
        wrng.int(0, 99) * 10 + (gender === 'male' ? wrng.pick([1, 3, 5, 7, 9]) : wrng.pick([0, 2, 4, 6, 8]));
      idNo = generateResidentId(`${division}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`);
    }
    usedIds.add(idNo);
    const w: WorkerRec = {
      row: {
        id: opts.id ?? ids.uuid(),
        name: personName(wrng, gender, { mongolian: area.mongolian }),
        id_number_masked: maskResidentId(idNo),
        id_number_cipher: secrets.encrypt(idNo),
        id_number_hash: secrets.mac(idNo),
        gender,
        birth_date: birth,
        employer_id: employer.row.id,
        project_id: proj?.row.id ?? null,
        trade,
        phone: phoneNumber(wrng),
        region_code: place.code,
      },
      area,
      construction: proj !== null,
    };
    workers.push(w);
    return w;
  };
  const tradeWeights = (list: Record<string, number>) => Object.entries(list).filter(([t]) => tradeOk(t));

  // The anchor's workforce is fixed, so the welding scenario is the same at every scale.
  const anchorWorkers = {
    welders: [0, 1, 2].map((i) =>
      makeWorker(anchor, null, 'welder', {
        gender: 'male',
        id: stableId(`worker:jinshan.anchor.welder.${i}`),
      }),
    ),
    reviewDueWelder: makeWorker(anchor, null, 'welder', {
      gender: 'male',
      id: stableId('worker:jinshan.anchor.welder.review-due'),
    }),
    expiredWelder: makeWorker(anchor, null, 'welder', {
      gender: 'male',
      id: stableId('worker:jinshan.anchor.welder.expired'),
    }),
    // An external contractor's welder (issue 11): employed by a Jinshan construction firm, working
    // in the anchor's welding shop — the documents must name his employer.
    uncertifiedWelder: makeWorker(firms(jinshan, 'general_contractor')[0] ?? anchor, null, 'welder', {
      gender: 'male',
      id: stableId('worker:jinshan.anchor.welder.uncertified'),
    }),
    electrician: makeWorker(anchor, null, 'electrician'),
    forklift: [makeWorker(anchor, null, 'forklift_driver'), makeWorker(anchor, null, 'forklift_driver')],
    crane: makeWorker(anchor, null, 'crane_operator'),
    operators: [0, 1, 2, 3].map((i) =>
      makeWorker(
        anchor,
        null,
        'operator',
        i === 0 ? { id: stableId('worker:jinshan.anchor.operator.0') } : {},
      ),
    ),
    labourer: makeWorker(anchor, null, 'labourer'),
  };
  const ordosAnchorWorkers = [
    makeWorker(ordosAnchor, null, 'chemical_operator', { id: stableId('worker:ordos.anchor.operator.0') }),
    makeWorker(ordosAnchor, null, 'chemical_operator'),
    makeWorker(ordosAnchor, null, 'boiler_operator'),
    makeWorker(ordosAnchor, null, 'electrician'),
    makeWorker(ordosAnchor, null, 'welder'),
  ];

  const totalWorkers = full ? 2000 : 200;
  const constructionTotal = Math.round(totalWorkers * 0.55);
  const industrialTotal = totalWorkers - constructionTotal - workers.length;
  const perProject = allocate(
    constructionTotal,
    activeProjects.map((p) => ({ large: 20, medium: 12, small: 6 })[p.row.scale as 'large'] ?? 8),
  );
  activeProjects.forEach((proj, i) => {
    const n = Math.max(perProject[i], 3);
    const forced: string[] = [];
    for (const site of proj.sites) {
      if (site.row.kind === 'tower_crane_area') forced.push('crane_operator', 'signaller');
      if (site.row.kind === 'hoist') forced.push('hoist_operator');
    }
    forced.push('electrician', 'welder');
    for (let k = 0; k < n; k++) {
      const trade =
        k < forced.length && tradeOk(forced[k])
          ? forced[k]
          : wrng.weighted(tradeWeights(CONSTRUCTION_TRADES));
      makeWorker(proj.gc, proj, trade);
    }
  });
  const others = industrial.filter((e) => !anchors.includes(e) || e === tourismCz || e === tourismOrdos);
  const perEnterprise = allocate(
    industrialTotal,
    others.map((e) => ({ large: 12, medium: 6, small: 3, micro: 1.5 })[e.row.scale]),
  );
  others.forEach((ent, i) => {
    const weights = tradeWeights(
      INDUSTRY_TRADES[ent.row.industry_code] ?? { operator: 5, labourer: 3, electrician: 1 },
    );
    for (let k = 0; k < perEnterprise[i]; k++)
      makeWorker(ent, null, weights.length ? wrng.weighted(weights) : 'labourer');
  });

  // --- certificates --------------------------------------------------------------------------
  const crng = Rng.derive(seed, 'certificates');
  const certificates: Array<Insertable<DB['certificates']>> = [];
  const usedCertNumbers = new Set<string>();
  const certSeq = new Map<string, number>();
  const trackCounter: Record<Track, number> = { emergency: 0, housing: 0, market: 0 };
  const STATES: CertificateStatus[] = ['valid', 'review_due', 'expired'];
  const stateTally: Record<CertificateStatus, number> = { valid: 0, review_due: 0, expired: 0 };

  const certDates = (cat: CertCategory, state: CertificateStatus) => {
    const W = cat.windowDays;
    const R = cat.reviewEveryYears && cat.reviewEveryYears < cat.validityYears ? cat.reviewEveryYears : null;
    const V = cat.validityYears;
    const between = (lo: string, hi: string) =>
      lo > hi ? hi : addDays(lo, crng.int(0, daysBetween(lo, hi)));
    for (let attempt = 0; attempt < 20; attempt++) {
      let issued: string;
      let reviewed: 'in_window' | 'no' = 'no';
      if (state === 'valid') {
        if (R && crng.chance(0.45)) {
          // Past its mid-term review, which was done in time.
          issued = between(addDays(addYears(today, -V), W + 10), addDays(addYears(today, -R), -1));
          reviewed = 'in_window';
        } else {
          issued = between(addDays(addYears(today, -(R ?? V)), W + 10), addDays(today, -7));
        }
      } else if (state === 'review_due') {
        const variant = R ? crng.choose<string>({ window: 5, missed: 2, expiry: 3 }) : 'expiry';
        if (variant === 'window') issued = addYears(addDays(today, crng.int(1, W - 1)), -R!);
        else if (variant === 'missed') issued = addDays(addYears(today, -R!), -crng.int(1, 200));
        else {
          issued = addYears(addDays(today, crng.int(1, W - 1)), -V);
          if (R) reviewed = 'in_window';
        }
      } else {
        issued = addDays(addYears(today, -V), -crng.int(1, 600));
        if (R && crng.chance(0.6)) reviewed = 'in_window';
      }
      const { expiresOn, nextReviewOn } = computeCertificateDates(
        { validityYears: V, reviewEveryYears: R },
        issued,
      );
      const lastReviewedOn =
        reviewed === 'in_window' && nextReviewOn ? addDays(nextReviewOn, -crng.int(1, W - 1)) : null;
      if (lastReviewedOn && lastReviewedOn > today) continue;
      const got = certificateStatus({ issuedOn: issued, expiresOn, nextReviewOn, lastReviewedOn }, today, {
        reviewWindowDays: W,
      });
      if (got.status === state) return { issued, expiresOn, nextReviewOn, lastReviewedOn };
    }
    throw new Error(`seedDemo: could not place a ${cat.code} certificate in state ${state}`);
  };
  const certNumber = (cat: CertCategory, w: WorkerRec, issued: string) => {
    for (;;) {
      let number: string;
      if (cat.track === 'emergency') {
        // "T" + an ID-like number that is NOT the holder's (the holder's stays encrypted).
        const birth = addDays(birthFrom, crng.int(0, birthSpan)).replaceAll('-', '');
        number = 'T' + generateResidentId(`${w.row.region_code.slice(0, 6)}${birth}${crng.digits(3)}`);
      } else {
        const key = `${cat.code}/${w.area.abbr}/${issued.slice(0, 4)}`;
        const n = (certSeq.get(key) ?? crng.int(1, 400)) + crng.int(1, 9);
        certSeq.set(key, n);
        const seq = String(n).padStart(6, '0');
        number =
          cat.track === 'housing'
            ? `${w.area.abbr}A${cat.code.slice(-2)}${issued.slice(0, 4)}${seq}`
            : `${w.area.abbr}TS${cat.code.slice(-2)}${issued.slice(0, 4)}${seq}`;
      }
      const unique = `${cat.code}|${number}`;
      if (!usedCertNumbers.has(unique)) {
        usedCertNumbers.add(unique);
        return number;
      }
    }
  };
  const addCertificate = (w: WorkerRec, cat: CertCategory, forced?: CertificateStatus) => {
    const i = trackCounter[cat.track]++;
    const state =
      forced ??
      (i < STATES.length
        ? STATES[i]
        : crng.choose<CertificateStatus>({ valid: 70, review_due: 15, expired: 15 }));
    const d = certDates(cat, state);
    stateTally[state]++;
    certificates.push({
      worker_id: w.row.id,
      category_code: cat.code,
      number: certNumber(cat, w, d.issued),
      issued_on: d.issued,
      expires_on: d.expiresOn,
      next_review_on: d.nextReviewOn,
      last_reviewed_on: d.lastReviewedOn,
      issuer: w.area.issuers[cat.track],
      region_code: w.row.region_code,
    });
  };
  const chooseCategory = (w: WorkerRec): CertCategory | null => {
    const cats = tradeCategories.get(w.row.trade) ?? [];
    if (!cats.length) return null;
    const housing = cats.filter((c) => c.track === 'housing');
    const other = cats.filter((c) => c.track !== 'housing');
    if (w.construction) {
      // Site welders and electricians hold either track; the rest the housing card.
      if (housing.length && other.length && ['welder', 'electrician'].includes(w.row.trade)) {
        return crng.chance(w.row.trade === 'welder' ? 0.6 : 0.75) ? crng.pick(housing) : crng.pick(other);
      }
      return crng.pick(housing.length ? housing : other);
    }
    return crng.pick(other.length ? other : housing);
  };
  const emCat = (code: string) => certByCode.get(code) ?? null;

  // The anchor's welders: three in order, one due for review, one expired, one with none at all.
  const em02 = emCat('EM-02') ?? certCategories.find((c) => c.welding)!;
  for (const w of anchorWorkers.welders) addCertificate(w, em02, 'valid');
  addCertificate(anchorWorkers.reviewDueWelder, em02, 'review_due');
  addCertificate(anchorWorkers.expiredWelder, em02, 'expired');
  const fixedCerts: Array<[WorkerRec, string, CertificateStatus]> = [
    [anchorWorkers.electrician, 'EM-01', 'valid'],
    [anchorWorkers.forklift[0], 'MK-02', 'valid'],
    [anchorWorkers.forklift[1], 'MK-02', 'review_due'],
    [anchorWorkers.crane, 'MK-01', 'valid'],
  ];
  for (const [w, code, state] of fixedCerts) {
    const cat = emCat(code);
    if (cat) addCertificate(w, cat, state);
  }
  const anchorSet = new Set(Object.values(anchorWorkers).flat());
  let weldersWithout = 1;
  for (const w of workers) {
    if (anchorSet.has(w)) continue;
    const cat = chooseCategory(w);
    if (cat) {
      const holds = crng.chance(w.row.trade === 'welder' ? 0.89 : 0.95);
      if (holds) addCertificate(w, cat);
      else if (w.row.trade === 'welder') weldersWithout++;
      // A few crane operators on sites also hold the market-track operator card.
      if (holds && w.row.trade === 'crane_operator' && w.construction && crng.chance(0.2)) {
        const mk = (tradeCategories.get('crane_operator') ?? []).find((c) => c.track === 'market');
        if (mk) addCertificate(w, mk);
      }
    } else if (
      w.construction &&
      ['scaffolder', 'labourer', 'carpenter'].includes(w.row.trade) &&
      crng.chance(0.05)
    ) {
      const height = emCat('EM-03');
      if (height) addCertificate(w, height);
    }
  }

  // --- special equipment ---------------------------------------------------------------------
  const qrng = Rng.derive(seed, 'equipment');
  const equipment: Array<Insertable<DB['equipment']>> = [];
  const regSeq = new Map<string, number>();
  const equipTally: Record<EquipState, number> = { in_date: 0, due_soon: 0, overdue: 0, failed: 0 };
  let equipCount = 0;
  const EQUIP_STATES: EquipState[] = ['in_date', 'due_soon', 'overdue', 'failed'];
  const addEquipment = (
    categoryCode: string,
    typePrefix: string,
    user: Ent,
    where: { proj?: Proj; site?: SiteRec | null; location: string },
    opts: { state?: EquipState; registeredNear?: string } = {},
  ) => {
    const cat = equipCategories.get(categoryCode);
    const type = (EQUIPMENT_TYPES[categoryCode] ?? []).find((t) => t.prefix === typePrefix);
    if (!cat || !type) return;
    const i = equipCount++;
    const state =
      opts.state ??
      (i < EQUIP_STATES.length
        ? EQUIP_STATES[i]
        : qrng.choose<EquipState>({ in_date: 65, due_soon: 14, overdue: 13, failed: 8 }));
    const M = cat.intervalMonths;
    let next: string;
    let last: string;
    let result: 'pass' | 'pass_with_remarks' | 'fail' = qrng.chance(0.15) ? 'pass_with_remarks' : 'pass';
    if (state === 'failed') {
      last = addDays(today, -qrng.int(3, 25));
      next = addDays(last, 30); // re-inspection after rectification
      result = 'fail';
    } else {
      const span = daysBetween(today, addMonths(today, M));
      next =
        state === 'in_date'
          ? addDays(today, qrng.int(cat.warnDays + 1, Math.max(cat.warnDays + 1, span - 5)))
          : state === 'due_soon'
            ? addDays(today, qrng.int(1, cat.warnDays - 1))
            : addDays(today, -qrng.int(1, 240));
      last = addMonths(next, -M);
    }
    const got = equipmentInspectionStatus(
      { nextInspectionOn: next, lastInspectionOn: last, lastResult: result === 'fail' ? 'fail' : 'pass' },
      today,
      { warnDays: cat.warnDays },
    );
    if (got.status !== state) throw new Error(`seedDemo: equipment state ${state} came out ${got.status}`);
    equipTally[state]++;
    let registered = opts.registeredNear
      ? addDays(opts.registeredNear, qrng.int(15, 60))
      : addDays(last, -qrng.int(0, 365 * 8));
    if (registered > last) registered = addDays(last, -qrng.int(1, 20));
    const county = (where.proj?.place ?? user.place).county;
    const regYear = registered.slice(0, 4);
    const key = county + regYear;
    const n = (regSeq.get(key) ?? qrng.int(40, 400)) + qrng.int(1, 7);
    regSeq.set(key, n);
    const anchorLat = where.site?.lat ?? where.proj?.row.lat ?? user.lat;
    const anchorLng = where.site?.lng ?? where.proj?.row.lng ?? user.lng;
    equipment.push({
      id: ids.uuid(),
      category_code: cat.code,
      type_name: type.name,
      registration_code: `${type.prefix}${county}${regYear}${String(n).padStart(5, '0')}`,
      model: qrng.pick(type.models),
      user_enterprise_id: user.row.id,
      project_id: where.proj?.row.id ?? null,
      site_id: where.site?.row.id ?? null,
      region_code: where.proj?.row.region_code ?? user.row.region_code,
      location: where.location,
      lat: jitter(qrng, anchorLat as number, 0.0008),
      lng: jitter(qrng, anchorLng as number, 0.0008),
      registered_on: registered,
      last_inspection_on: last,
      last_inspection_result: result,
      next_inspection_on: next,
    });
  };

  // The anchor: two bridge cranes over the welding shop, an air receiver, forklifts, a goods lift.
  addEquipment(
    '4000',
    '4110',
    anchor,
    { site: weldingSite, location: '焊接车间1号行车' },
    { state: 'in_date' },
  );
  addEquipment(
    '4000',
    '4110',
    anchor,
    { site: weldingSite, location: '焊接车间2号行车' },
    { state: 'due_soon' },
  );
  addEquipment('2000', '2110', anchor, { location: '空压站储气罐' }, { state: 'in_date' });
  addEquipment('5000', '5110', anchor, { location: '成品仓库' }, { state: 'in_date' });
  addEquipment('5000', '5110', anchor, { location: '原料仓库' }, { state: 'overdue' });
  addEquipment('3000', '3120', anchor, { location: '综合楼货梯' }, { state: 'failed' });
  // The Ordos chemical works.
  const siteOf = (ent: Ent, kind: string) => ent.sites.find((s) => s.row.kind === kind) ?? null;
  addEquipment('1000', '1100', ordosAnchor, {
    site: siteOf(ordosAnchor, 'boiler_room'),
    location: '锅炉房1号炉',
  });
  addEquipment('2000', '2120', ordosAnchor, {
    site: siteOf(ordosAnchor, 'chemical_storage'),
    location: '甲醇罐区',
  });
  addEquipment('2000', '2130', ordosAnchor, { location: '合成车间' });
  addEquipment('8000', '8310', ordosAnchor, {
    site: siteOf(ordosAnchor, 'chemical_storage'),
    location: '罐区至合成车间工艺管道',
  });
  // Amusement rides and a ropeway only at the two tourism operators.
  for (const [i, prefix] of (full ? ['6100', '6200', '6200', '6600'] : ['6200']).entries()) {
    addEquipment('6000', prefix, tourismCz, { location: `游乐园${'ABCD'[i]}区` });
  }
  addEquipment('5000', '5220', tourismCz, { location: '园区观光线' });
  addEquipment('9000', '9120', tourismOrdos, { location: '景区索道' });
  if (full) addEquipment('5000', '5220', tourismOrdos, { location: '景区观光线' });

  // Tower cranes and hoists on the projects.
  for (const proj of activeProjects) {
    for (const site of proj.sites) {
      const n = site.row.name.match(/\d+/)?.[0] ?? '1';
      if (site.row.kind === 'tower_crane_area') {
        addEquipment(
          '4000',
          '4310',
          proj.gc,
          { proj, site, location: `${n}#塔吊` },
          { registeredNear: proj.row.start_on ?? undefined },
        );
      } else if (site.row.kind === 'hoist') {
        addEquipment(
          '4000',
          '4860',
          proj.gc,
          { proj, site, location: `${n}#楼施工升降机` },
          { registeredNear: proj.row.start_on ?? undefined },
        );
      }
    }
  }
  // Everything else, by who plausibly uses it.
  const plan: Array<{
    cat: string;
    target: number;
    types: Record<string, number>;
    industries: Record<string, number>;
    per: [number, number];
    site?: string[];
    only?: (e: Ent) => boolean;
    location: (r: Rng, k: number) => string;
  }> = [
    {
      cat: '3000',
      target: full ? 90 : 8,
      types: { '3110': 6, '3120': 3 },
      per: [1, 4],
      industries: {
        trade: 6,
        warehousing: 2,
        light_industry: 1,
        manufacturing: 1,
        machinery: 1,
        textiles: 1,
        tobacco: 1,
        chemicals: 0.5,
      },
      location: (r, k) => `${r.int(1, 6)}号楼${k}号梯`,
    },
    {
      cat: '4000',
      target: full ? 18 : 3,
      types: { '4110': 4, '4210': 1 },
      per: [1, 3],
      site: ['welding_shop'],
      industries: { machinery: 4, metallurgy: 4, manufacturing: 2, building_materials: 2, warehousing: 1 },
      location: (_r, k) => `${k}号车间`,
    },
    {
      cat: '2000',
      target: full ? 40 : 5,
      types: { '2110': 3, '2120': 2, '2130': 1 },
      per: [1, 4],
      site: ['gas_storage', 'chemical_storage', 'confined_space'],
      industries: {
        chemicals: 5,
        hazardous_chemicals: 4,
        light_industry: 2,
        manufacturing: 2,
        machinery: 2,
        metallurgy: 2,
        textiles: 1,
      },
      location: (r) => r.pick(['空压站', '罐区', '1号车间', '2号车间', '气体站']),
    },
    {
      cat: '1000',
      target: full ? 18 : 2,
      types: { '1100': 3, '1200': 1 },
      per: [1, 2],
      site: ['boiler_room'],
      industries: {
        textiles: 3,
        light_industry: 3,
        chemicals: 2,
        tobacco: 1,
        metallurgy: 1,
        building_materials: 1,
      },
      only: (e) => e.sites.some((s) => s.row.kind === 'boiler_room'),
      location: (_r, k) => `锅炉房${k}号炉`,
    },
    {
      cat: '5000',
      target: full ? 28 : 3,
      types: { '5110': 1 },
      per: [1, 4],
      industries: {
        warehousing: 5,
        manufacturing: 2,
        machinery: 2,
        trade: 1,
        tobacco: 1,
        building_materials: 1,
        light_industry: 1,
      },
      location: (r) => r.pick(['仓库', '成品仓库', '原料仓库', '1号车间', '装卸区']),
    },
    {
      cat: '8000',
      target: full ? 14 : 2,
      types: { '8310': 3, '8220': 1 },
      per: [1, 2],
      site: ['chemical_storage', 'gas_storage'],
      industries: { chemicals: 4, hazardous_chemicals: 3, metallurgy: 1 },
      location: (r) => r.pick(['厂区工艺管廊', '燃气调压站至锅炉房', '罐区管道', '装卸站管道']),
    },
  ];
  const scaleWeight = { large: 4, medium: 2, small: 1, micro: 0.5 } as const;
  for (const p of plan) {
    const pool = industrial.filter(
      (e) => !anchors.includes(e) && (p.industries[e.row.industry_code] ?? 0) > 0 && (!p.only || p.only(e)),
    );
    let made = 0;
    const used = new Set<Ent>();
    while (made < p.target && used.size < pool.length) {
      const left = pool.filter((e) => !used.has(e));
      const ent = qrng.weighted(
        left.map((e) => [e, p.industries[e.row.industry_code] * scaleWeight[e.row.scale]] as const),
      );
      used.add(ent);
      const k = Math.min(qrng.int(p.per[0], p.per[1]), p.target - made);
      for (let j = 1; j <= k; j++) {
        const site = p.site ? (ent.sites.find((s) => p.site!.includes(s.row.kind)) ?? null) : null;
        const prefix =
          ent.row.industry_code === 'trade' && p.cat === '3000' && qrng.chance(0.3)
            ? '3310'
            : qrng.choose(p.types);
        addEquipment(p.cat, prefix, ent, {
          site,
          location: prefix === '3310' ? `商场${j}号扶梯` : p.location(qrng, j),
        });
        made++;
      }
    }
  }

  // --- users ---------------------------------------------------------------------------------
  const licence = (region: string, n: number) =>
    `${region.padEnd(6, '0')}${year}${String(n).padStart(4, '0')}`;
  const jinshanWorker = anchorWorkers.operators[0];
  const ordosWorker = ordosAnchorWorkers[0];
  const urng = Rng.derive(seed, 'users');
  const userDefs: Array<{
    username: string;
    role: Role;
    displayName: string;
    authority?: string;
    enterprise?: Ent;
    worker?: WorkerRec;
    region?: string;
    licence?: string;
  }> = [
    { username: 'admin', role: 'admin', displayName: '系统管理员', region: '' },
    {
      username: 'jinshan.leader',
      role: 'leader',
      displayName: '周建华',
      authority: 'jinshan',
      licence: licence('310116', 4),
    },
    {
      username: 'jinshan.inspector',
      role: 'inspector',
      displayName: '陈志远',
      authority: 'jinshan',
      licence: licence('310116', 1),
    },
    {
      username: 'jinshan.inspector2',
      role: 'inspector',
      displayName: '陆晓峰',
      authority: 'jinshan',
      licence: licence('310116', 2),
    },
    { username: 'jinshan.duty', role: 'duty_officer', displayName: '沈晓燕', authority: 'jinshan' },
    {
      username: 'jinshan.housing',
      role: 'inspector',
      displayName: '顾文斌',
      authority: 'jinshan.housing',
      licence: licence('310116', 3),
    },
    { username: 'jinshan.manager', role: 'enterprise_manager', displayName: '朱海明', enterprise: anchor },
    {
      username: 'jinshan.worker',
      role: 'worker',
      displayName: jinshanWorker.row.name,
      worker: jinshanWorker,
    },
    {
      username: 'ordos.leader',
      role: 'leader',
      displayName: '乌日娜',
      authority: 'ordos',
      licence: licence('1506', 3),
    },
    {
      username: 'ordos.inspector',
      role: 'inspector',
      displayName: '李振华',
      authority: 'ordos',
      licence: licence('1506', 1),
    },
    {
      username: 'ordos.inspector2',
      role: 'inspector',
      displayName: '郝志刚',
      authority: 'ordos',
      licence: licence('1506', 2),
    },
    { username: 'ordos.duty', role: 'duty_officer', displayName: '高丽娟', authority: 'ordos' },
    { username: 'ordos.manager', role: 'enterprise_manager', displayName: '王永刚', enterprise: ordosAnchor },
    { username: 'ordos.worker', role: 'worker', displayName: ordosWorker.row.name, worker: ordosWorker },
    {
      username: 'changzhou.inspector',
      role: 'inspector',
      displayName: '钱立新',
      authority: 'changzhou',
      licence: licence('3204', 1),
    },
    {
      username: 'changzhou.inspector2',
      role: 'inspector',
      displayName: '蒋文涛',
      authority: 'changzhou',
      licence: licence('3204', 2),
    },
    {
      username: 'hefei.inspector',
      role: 'inspector',
      displayName: '汪志勇',
      authority: 'hefei',
      licence: licence('3401', 1),
    },
    {
      username: 'hefei.inspector2',
      role: 'inspector',
      displayName: '许家明',
      authority: 'hefei',
      licence: licence('3401', 2),
    },
  ];
  const regionPath = (code: string) => {
    if (code === '') return '全国';
    const parts = [2, 4, 6, 9]
      .filter((n) => n <= code.length)
      .map((n) => regionName.get(code.slice(0, n)))
      .filter((s): s is string => !!s && !s.endsWith('市辖区'));
    return `${code} ${parts.join('')}`;
  };
  const employerName = (w: WorkerRec) =>
    enterprises.find((e) => e.row.id === w.row.employer_id)?.row.name ?? '';
  const users: Array<Insertable<DB['users']>> = [];
  const demoUsers: DemoUser[] = [];
  for (const u of userDefs) {
    const auth = u.authority ? authority(u.authority) : null;
    const region =
      u.region ?? auth?.region ?? u.enterprise?.row.region_code ?? u.worker?.row.region_code ?? '';
    users.push({
      id: stableId(`user:${u.username}`),
      username: u.username,
      display_name: u.displayName,
      password_hash: ctx.passwordHash,
      role: u.role,
      authority_id: auth?.id ?? null,
      region_code: region,
      enterprise_id: u.enterprise?.row.id ?? null,
      worker_id: u.worker?.row.id ?? null,
      licence_no: u.licence ?? null,
      phone: phoneNumber(urng),
      must_change_password: false,
    });
    const where = auth
      ? auth.name
      : u.enterprise
        ? u.enterprise.row.name
        : u.worker
          ? employerName(u.worker)
          : '';
    demoUsers.push({
      username: u.username,
      password: DEMO_PASSWORD,
      role: u.role,
      displayName: u.displayName,
      jurisdiction: where ? `${regionPath(region)} · ${where}` : regionPath(region),
    });
  }
  // The device simulator's own account (`redline simulate` logs in with it): a program, not a person, so
  // the devices it registers and re-keys are audited as "system:device-simulator" (migration 0970).
  // Not among the login page's demo accounts.
  const jinshanAuthority = authority('jinshan');
  users.push({
    id: stableId('user:demo.simulator'),
    username: 'demo.simulator',
    display_name: '设备模拟器',
    password_hash: ctx.passwordHash,
    role: 'inspector',
    authority_id: jinshanAuthority.id,
    region_code: jinshanAuthority.region,
    enterprise_id: null,
    worker_id: null,
    licence_no: null,
    phone: '',
    must_change_password: false,
    system_name: 'device-simulator',
  });

  // --- write ---------------------------------------------------------------------------------
  await insertAll(
    trx,
    'authorities',
    authorities.map((a) => ({
      id: a.id,
      name: a.name,
      short_name: a.short,
      kind: a.kind,
      region_code: a.region,
    })),
  );
  await insertAll(
    trx,
    'enterprises',
    enterprises.map((e) => e.row),
  );
  await insertAll(
    trx,
    'projects',
    projects.map((p) => p.row),
  );
  await insertAll(trx, 'project_parties', parties);
  await insertAll(
    trx,
    'sites',
    sites.map((s) => s.row),
  );
  await insertAll(
    trx,
    'workers',
    workers.map((w) => w.row),
  );
  await insertAll(trx, 'certificates', certificates);
  await insertAll(trx, 'equipment', equipment);
  await insertAll(trx, 'users', users);

  const counts: Record<string, number> = {
    authorities: authorities.length,
    users: users.length,
    enterprises: enterprises.length,
    projects: projects.length,
    project_parties: parties.length,
    sites: sites.length,
    key_risk_sources: sites.filter((s) => s.row.key_risk_source).length,
    workers: workers.length,
    welders: workers.filter((w) => w.row.trade === 'welder').length,
    welders_without_certificate: weldersWithout,
    certificates: certificates.length,
    certificates_valid: stateTally.valid,
    certificates_review_due: stateTally.review_due,
    certificates_expired: stateTally.expired,
    equipment: equipment.length,
    equipment_in_date: equipTally.in_date,
    equipment_due_soon: equipTally.due_soon,
    equipment_overdue: equipTally.overdue,
    equipment_failed: equipTally.failed,
  };
  const scenario: DemoScenario = {
    enterpriseId: anchor.row.id,
    enterpriseName: anchor.row.name,
    enterpriseCreditCode: anchor.row.credit_code,
    regionCode: anchor.row.region_code,
    weldingSiteId: weldingSite.row.id,
    weldingSiteName: weldingSite.row.name,
    uncertifiedWelderId: anchorWorkers.uncertifiedWelder.row.id,
    uncertifiedWelderName: anchorWorkers.uncertifiedWelder.row.name,
    uncertifiedWelderEmployerId: anchorWorkers.uncertifiedWelder.row.employer_id,
    certifiedWelderIds: [...anchorWorkers.welders, anchorWorkers.reviewDueWelder].map((w) => w.row.id),
    expiredWelderId: anchorWorkers.expiredWelder.row.id,
    managerUsername: 'jinshan.manager',
    workerUsername: 'jinshan.worker',
    projectId: anchorProject.row.id,
  };
  const summary: DemoSummary = { seed, today, scale, users: demoUsers, counts, scenario };
  const stored = { ...summary, users: demoUsers.map(({ password: _password, ...u }) => u) };
  await trx
    .insertInto('app_meta')
    .values({ key: 'demo', value: JSON.stringify(stored) })
    .execute();
  return summary;
}

// ---------------------------------------------------------------------------------------------

const BATCH = 400;

async function insertAll<T extends keyof DB & string>(trx: Tx, table: T, rows: Array<Insertable<DB[T]>>) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

/** Splits `total` over the weights by largest remainder (deterministic, sums exactly to total). */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

function randomChars(rng: Rng, alphabet: string, n: number) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

function readCertificateTrades(): Array<{ code: string; trades: string[] }> {
  const file = JSON.parse(
    readFileSync(path.join(DATA_DIR, 'reference', 'certificate-categories.json'), 'utf8'),
  ) as {
    categories: Array<{ code: string; trades?: string[] }>;
  };
  return file.categories.map((c) => ({ code: c.code, trades: c.trades ?? [] }));
}
