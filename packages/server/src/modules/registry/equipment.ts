import { Static } from '@sinclair/typebox';
import { Equipment, EquipmentInput, EquipmentPatch, EquipmentQuery } from '@redline/contracts';
import { equipmentInspectionStatus, nextInspectionDate, daysBetween } from '@redline/domain';
import { conflict, notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { iso } from '../../db/paging.ts';
import { assertRegion, assertVisible } from './references.ts';
import { choice, date, enterprise, number, region, text } from './cells.ts';
import {
  equipmentCategoryExists,
  equipmentWithRegistrationCode,
  findEquipmentRow,
  insertEquipment,
  inspectionIntervalMonths,
  listEquipment,
  updateEquipment,
  type EquipmentRow,
} from './repo/equipment.ts';

type Input = Static<typeof EquipmentInput>;
type Schemas = {
  view: typeof Equipment;
  input: typeof EquipmentInput;
  patch: typeof EquipmentPatch;
  query: typeof EquipmentQuery;
};

const view =
  (today: string) =>
  (r: EquipmentRow): Static<typeof Equipment> => {
    const assessed = equipmentInspectionStatus(
      {
        nextInspectionOn: r.next_inspection_on,
        lastInspectionOn: r.last_inspection_on,
        lastResult: r.last_inspection_result === 'fail' ? 'fail' : r.last_inspection_result ? 'pass' : null,
      },
      today,
      { warnDays: r.warn_days },
    );
    return {
      id: r.id,
      categoryCode: r.category_code,
      categoryName: r.category_name,
      typeName: r.type_name,
      registrationCode: r.registration_code,
      model: r.model,
      userEnterpriseId: r.user_enterprise_id,
      userEnterpriseName: r.enterprise_name,
      projectId: r.project_id,
      siteId: r.site_id,
      regionCode: r.region_code,
      regionName: r.region_name,
      location: r.location,
      lat: r.lat,
      lng: r.lng,
      registeredOn: r.registered_on,
      lastInspectionOn: r.last_inspection_on,
      lastInspectionResult: r.last_inspection_result,
      nextInspectionOn: r.next_inspection_on,
      status: assessed.status,
      daysToNextInspection: r.next_inspection_on ? daysBetween(today, r.next_inspection_on) : null,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    };
  };

async function checkInput(tx: Tx, actor: Actor, input: Partial<Input>, selfId?: string) {
  if (input.categoryCode !== undefined) {
    if (!(await equipmentCategoryExists(tx, input.categoryCode)))
      throw validation(
        'categoryCode',
        `Unknown special-equipment category ${input.categoryCode}; use one of the eight category codes (1000 boilers … 9000 ropeways)`,
      );
  }
  if (input.registrationCode !== undefined) {
    const dup = await equipmentWithRegistrationCode(tx, input.registrationCode.trim());
    if (dup !== undefined && dup !== selfId)
      throw conflict(`Registration code ${input.registrationCode} is already registered`, 'registrationCode');
  }
  if (input.projectId)
    await assertVisible(tx, actor, 'projects', 'project', input.projectId, 'projectId', 'project');
  if (input.siteId) await assertVisible(tx, actor, 'sites', 'site', input.siteId, 'siteId', 'site');
  if (input.regionCode) await assertRegion(tx, actor, input.regionCode);
  if (input.lastInspectionOn && input.nextInspectionOn && input.nextInspectionOn <= input.lastInspectionOn) {
    throw validation('nextInspectionOn', 'The next inspection date must be after the last inspection');
  }
}

export const equipment: RegistryKind<Schemas> = {
  kind: 'equipment',
  path: 'equipment',
  label: { zh: '特种设备', en: 'Special equipment' },
  schemas: { view: Equipment, input: EquipmentInput, patch: EquipmentPatch, query: EquipmentQuery },

  async list(deps, actor, q, opts) {
    const page = await listEquipment(deps.database.db, actor, q, deps.today(), opts?.limit);
    return { ...page, items: page.items.map(view(deps.today())) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await findEquipmentRow(tx, actor, id);
    if (!row) throw notFound('Equipment');
    return view(deps.today())(row);
  },

  async create(_deps, actor, input, tx) {
    const user = await assertVisible(
      tx,
      actor,
      'enterprises',
      'enterprise',
      input.userEnterpriseId,
      'userEnterpriseId',
      'use unit',
    );
    await checkInput(tx, actor, input);
    let next = input.nextInspectionOn ?? null;
    if (!next && input.lastInspectionOn) {
      const months = await inspectionIntervalMonths(tx, input.categoryCode);
      next = nextInspectionDate(months, input.lastInspectionOn);
    }
    const regionCode = input.regionCode ?? user.region_code;
    await assertRegion(tx, actor, regionCode);
    return insertEquipment(tx, {
      category_code: input.categoryCode,
      type_name: input.typeName ?? '',
      registration_code: input.registrationCode.trim(),
      model: input.model ?? '',
      user_enterprise_id: input.userEnterpriseId,
      project_id: input.projectId ?? null,
      site_id: input.siteId ?? null,
      region_code: regionCode,
      location: input.location ?? '',
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      registered_on: input.registeredOn ?? null,
      last_inspection_on: input.lastInspectionOn ?? null,
      last_inspection_result: input.lastInspectionResult ?? null,
      next_inspection_on: next,
    });
  },

  async update(deps, actor, id, patch, tx) {
    const current = await this.get(deps, actor, id, tx);
    if (patch.userEnterpriseId)
      await assertVisible(
        tx,
        actor,
        'enterprises',
        'enterprise',
        patch.userEnterpriseId,
        'userEnterpriseId',
        'use unit',
      );
    await checkInput(
      tx,
      actor,
      {
        lastInspectionOn: current.lastInspectionOn ?? undefined,
        nextInspectionOn: current.nextInspectionOn ?? undefined,
        ...patch,
      } as Partial<Input>,
      id,
    );
    await updateEquipment(tx, id, {
      ...(patch.categoryCode !== undefined && { category_code: patch.categoryCode }),
      ...(patch.typeName !== undefined && { type_name: patch.typeName }),
      ...(patch.registrationCode !== undefined && { registration_code: patch.registrationCode }),
      ...(patch.model !== undefined && { model: patch.model }),
      ...(patch.userEnterpriseId !== undefined && { user_enterprise_id: patch.userEnterpriseId }),
      ...(patch.projectId !== undefined && { project_id: patch.projectId }),
      ...(patch.siteId !== undefined && { site_id: patch.siteId }),
      ...(patch.regionCode !== undefined && { region_code: patch.regionCode }),
      ...(patch.location !== undefined && { location: patch.location }),
      ...(patch.lat !== undefined && { lat: patch.lat }),
      ...(patch.lng !== undefined && { lng: patch.lng }),
      ...(patch.registeredOn !== undefined && { registered_on: patch.registeredOn }),
      ...(patch.lastInspectionOn !== undefined && { last_inspection_on: patch.lastInspectionOn }),
      ...(patch.lastInspectionResult !== undefined && { last_inspection_result: patch.lastInspectionResult }),
      ...(patch.nextInspectionOn !== undefined && { next_inspection_on: patch.nextInspectionOn }),
    });
  },

  columns: [
    {
      key: 'categoryCode',
      zh: '设备类别代码',
      en: 'Category code',
      required: true,
      parse: text,
      format: (v) => v.categoryCode,
    },
    { key: 'typeName', zh: '设备品种', en: 'Type', parse: text, format: (v) => v.typeName },
    {
      key: 'registrationCode',
      zh: '使用登记证编号',
      en: 'Registration code',
      required: true,
      parse: text,
      format: (v) => v.registrationCode,
    },
    { key: 'model', zh: '型号', en: 'Model', parse: text, format: (v) => v.model },
    {
      key: 'userEnterpriseId',
      zh: '使用单位',
      en: 'Use unit',
      required: true,
      parse: enterprise,
      format: (v) => v.userEnterpriseName,
    },
    { key: 'regionCode', zh: '行政区划代码', en: 'Region code', parse: region, format: (v) => v.regionCode },
    { key: 'location', zh: '设备地点', en: 'Location', parse: text, format: (v) => v.location },
    { key: 'lat', zh: '纬度', en: 'Latitude', parse: number, format: (v) => v.lat },
    { key: 'lng', zh: '经度', en: 'Longitude', parse: number, format: (v) => v.lng },
    { key: 'registeredOn', zh: '登记日期', en: 'Registered on', parse: date, format: (v) => v.registeredOn },
    {
      key: 'lastInspectionOn',
      zh: '上次检验日期',
      en: 'Last inspection',
      parse: date,
      format: (v) => v.lastInspectionOn,
    },
    {
      key: 'lastInspectionResult',
      zh: '检验结论',
      en: 'Result',
      parse: choice({ pass: '合格', pass_with_remarks: '基本符合要求', fail: '不合格' }),
      format: (v) => v.lastInspectionResult,
    },
    {
      key: 'nextInspectionOn',
      zh: '下次检验日期',
      en: 'Next inspection',
      parse: date,
      format: (v) => v.nextInspectionOn,
    },
    { key: 'status', zh: '检验状态', en: 'Status', exportOnly: true, format: (v) => v.status },
  ],
  naturalKey: (input) => String(input.registrationCode ?? '').trim(),
};
