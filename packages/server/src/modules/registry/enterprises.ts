import { Static } from '@sinclair/typebox';
import { Enterprise, EnterpriseInput, EnterprisePatch, EnterpriseQuery } from '@redline/contracts';
import { validateCreditCode } from '@redline/domain';
import { conflict, notFound, validation } from '../../errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { RegistryKind, Tx } from './kind.ts';
import { iso } from '../../db/paging.ts';
import { assertRefItem, assertRegion } from './references.ts';
import { choice, ref, region, text } from './cells.ts';
import {
  enterpriseWithCreditCode,
  findEnterpriseRow,
  insertEnterprise,
  listEnterprises,
  updateEnterprise,
  type EnterpriseRow,
} from './repo/enterprises.ts';

type Input = Static<typeof EnterpriseInput>;
type Schemas = {
  view: typeof Enterprise;
  input: typeof EnterpriseInput;
  patch: typeof EnterprisePatch;
  query: typeof EnterpriseQuery;
};

const view = (r: EnterpriseRow): Static<typeof Enterprise> => ({
  id: r.id,
  creditCode: r.credit_code,
  name: r.name,
  industryCode: r.industry_code,
  scale: r.scale,
  address: r.address,
  regionCode: r.region_code,
  regionName: r.region_name,
  legalRepresentative: r.legal_representative,
  safetyPrincipal: r.safety_principal,
  contactPhone: r.contact_phone,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

async function checkInput(tx: Tx, actor: Actor, input: Partial<Input>, selfId?: string) {
  if (input.creditCode !== undefined) {
    const checked = validateCreditCode(input.creditCode);
    if (!checked.ok) throw validation('creditCode', checked.message);
    input.creditCode = checked.value;
    const dup = await enterpriseWithCreditCode(tx, checked.value);
    if (dup !== undefined && dup !== selfId)
      throw conflict(`An enterprise with credit code ${checked.value} is already registered`, 'creditCode');
  }
  if (input.regionCode !== undefined) await assertRegion(tx, actor, input.regionCode);
  if (input.industryCode !== undefined)
    await assertRefItem(tx, 'industry', input.industryCode, 'industryCode');
}

export const enterprises: RegistryKind<Schemas> = {
  kind: 'enterprise',
  path: 'enterprises',
  label: { zh: '企业', en: 'Enterprises' },
  schemas: { view: Enterprise, input: EnterpriseInput, patch: EnterprisePatch, query: EnterpriseQuery },

  async list(deps, actor, q, opts) {
    const page = await listEnterprises(deps.database.db, actor, q, opts?.limit);
    return { ...page, items: page.items.map(view) };
  },

  async get(deps, actor, id, tx = deps.database.db) {
    const row = await findEnterpriseRow(tx, actor, id);
    if (!row) throw notFound('Enterprise');
    return view(row);
  },

  async create(_deps, actor, input, tx) {
    await checkInput(tx, actor, input);
    return insertEnterprise(tx, {
      credit_code: input.creditCode,
      name: input.name.trim(),
      industry_code: input.industryCode,
      scale: input.scale,
      address: input.address ?? '',
      region_code: input.regionCode,
      legal_representative: input.legalRepresentative ?? '',
      safety_principal: input.safetyPrincipal ?? '',
      contact_phone: input.contactPhone ?? '',
    });
  },

  async update(deps, actor, id, patch, tx) {
    await this.get(deps, actor, id, tx);
    if (
      actor.role === 'enterprise_manager' &&
      (patch.regionCode !== undefined || patch.creditCode !== undefined)
    ) {
      throw validation(
        patch.regionCode !== undefined ? 'regionCode' : 'creditCode',
        'Only the regulator can change the credit code or region of an enterprise',
      );
    }
    await checkInput(tx, actor, patch, id);
    await updateEnterprise(tx, id, {
      ...(patch.creditCode !== undefined && { credit_code: patch.creditCode }),
      ...(patch.name !== undefined && { name: patch.name.trim() }),
      ...(patch.industryCode !== undefined && { industry_code: patch.industryCode }),
      ...(patch.scale !== undefined && { scale: patch.scale }),
      ...(patch.address !== undefined && { address: patch.address }),
      ...(patch.regionCode !== undefined && { region_code: patch.regionCode }),
      ...(patch.legalRepresentative !== undefined && { legal_representative: patch.legalRepresentative }),
      ...(patch.safetyPrincipal !== undefined && { safety_principal: patch.safetyPrincipal }),
      ...(patch.contactPhone !== undefined && { contact_phone: patch.contactPhone }),
    });
  },

  columns: [
    {
      key: 'creditCode',
      zh: '统一社会信用代码',
      en: 'Credit code',
      required: true,
      parse: text,
      format: (v) => v.creditCode,
    },
    { key: 'name', zh: '企业名称', en: 'Name', required: true, parse: text, format: (v) => v.name },
    {
      key: 'industryCode',
      zh: '行业',
      en: 'Industry',
      required: true,
      parse: ref('industry'),
      format: (v) => v.industryCode,
    },
    {
      key: 'scale',
      zh: '规模',
      en: 'Scale',
      required: true,
      parse: choice({ large: '大型', medium: '中型', small: '小型', micro: '微型' }),
      format: (v) => v.scale,
    },
    {
      key: 'regionCode',
      zh: '行政区划代码',
      en: 'Region code',
      required: true,
      parse: region,
      format: (v) => v.regionCode,
    },
    { key: 'address', zh: '地址', en: 'Address', parse: text, format: (v) => v.address },
    {
      key: 'legalRepresentative',
      zh: '法定代表人',
      en: 'Legal representative',
      parse: text,
      format: (v) => v.legalRepresentative,
    },
    {
      key: 'safetyPrincipal',
      zh: '安全负责人',
      en: 'Safety principal',
      parse: text,
      format: (v) => v.safetyPrincipal,
    },
    { key: 'contactPhone', zh: '联系电话', en: 'Contact phone', parse: text, format: (v) => v.contactPhone },
  ],
  naturalKey: (input) => (input.creditCode ?? '').toUpperCase(),
};
