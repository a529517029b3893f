import type { FirmRole } from './names.ts';

/**
 * The fictional world of the demo: four jurisdictions (Jinshan, Ordos, Changzhou, Hefei) with
 * their towns, authorities and industrial mix, and what each industry does (its risk sources and
 * its workers' trades). Plain data; the seeder in seed-demo.ts draws from it.
 */

export type Scale = 'full' | 'small';
export type AreaKey = 'jinshan' | 'ordos' | 'changzhou' | 'hefei';
export type Track = 'emergency' | 'housing' | 'market';

// ---------------------------------------------------------------------------------------------
// Geography of the demo

export interface Place {
  code: string;
  county: string;
  district: string;
  /** Written before a housing project's name, e.g. 金山区朱泾镇. */
  label: string;
  /** Written before a street address. */
  address: string;
  lat: number;
  lng: number;
  weight: number;
}

export interface AreaDef {
  key: AreaKey;
  city: string;
  abbr: string;
  issuers: Record<Track, string>;
  places: Place[];
  namePrefixes: string[];
  enterprises: Record<Scale, number>;
  projects: Record<Scale, number>;
  firms: Record<Scale, Record<FirmRole, number>>;
  industries: Record<string, number>;
  projectTypes: Record<string, number>;
  mongolian: boolean;
  ltdLiability: boolean;
}

export const AREAS: AreaDef[] = [
  {
    key: 'jinshan',
    city: '上海市',
    abbr: '沪',
    issuers: {
      emergency: '上海市应急管理局',
      housing: '上海市住房和城乡建设管理委员会',
      market: '上海市金山区市场监督管理局',
    },
    places: [
      {
        code: '310116101',
        county: '310116',
        district: '金山区',
        label: '金山区朱泾镇',
        address: '上海市金山区朱泾镇',
        lat: 30.897,
        lng: 121.163,
        weight: 3,
      },
      {
        code: '310116102',
        county: '310116',
        district: '金山区',
        label: '金山区枫泾镇',
        address: '上海市金山区枫泾镇',
        lat: 30.889,
        lng: 121.012,
        weight: 2,
      },
      {
        code: '310116501',
        county: '310116',
        district: '金山区',
        label: '金山工业区',
        address: '上海市金山区金山工业区',
        lat: 30.806,
        lng: 121.262,
        weight: 5,
      },
    ],
    namePrefixes: ['上海', '上海', '上海金山', '上海市金山区'],
    enterprises: { full: 105, small: 12 },
    projects: { full: 40, small: 4 },
    firms: {
      full: { general_contractor: 7, supervision: 3, design: 2, survey: 2 },
      small: { general_contractor: 1, supervision: 1, design: 1, survey: 1 },
    },
    industries: {
      chemicals: 18,
      manufacturing: 18,
      machinery: 14,
      light_industry: 10,
      textiles: 6,
      hazardous_chemicals: 6,
      building_materials: 4,
      metallurgy: 3,
      warehousing: 6,
      trade: 6,
      tobacco: 1,
    },
    projectTypes: { building: 62, municipal: 20, decoration: 10, demolition: 8 },
    mongolian: false,
    ltdLiability: false,
  },
  {
    key: 'ordos',
    city: '鄂尔多斯市',
    abbr: '蒙',
    issuers: {
      emergency: '内蒙古自治区应急管理厅',
      housing: '内蒙古自治区住房和城乡建设厅',
      market: '鄂尔多斯市市场监督管理局',
    },
    places: [
      {
        code: '150602',
        county: '150602',
        district: '东胜区',
        label: '东胜区',
        address: '内蒙古自治区鄂尔多斯市东胜区',
        lat: 39.82,
        lng: 109.99,
        weight: 2,
      },
      {
        code: '150603',
        county: '150603',
        district: '康巴什区',
        label: '康巴什区',
        address: '内蒙古自治区鄂尔多斯市康巴什区',
        lat: 39.61,
        lng: 109.78,
        weight: 1,
      },
    ],
    namePrefixes: ['鄂尔多斯市', '鄂尔多斯市', '内蒙古', '鄂尔多斯'],
    enterprises: { full: 95, small: 10 },
    projects: { full: 35, small: 4 },
    firms: {
      full: { general_contractor: 6, supervision: 2, design: 2, survey: 1 },
      small: { general_contractor: 1, supervision: 1, design: 1, survey: 1 },
    },
    industries: {
      chemicals: 14,
      mining: 12,
      hazardous_chemicals: 10,
      building_materials: 8,
      metallurgy: 6,
      warehousing: 7,
      trade: 8,
      machinery: 4,
      manufacturing: 4,
      light_industry: 4,
      fireworks: 2,
      tobacco: 1,
      textiles: 3,
    },
    projectTypes: { building: 60, municipal: 25, decoration: 8, demolition: 7 },
    mongolian: true,
    ltdLiability: true,
  },
  {
    key: 'changzhou',
    city: '常州市',
    abbr: '苏',
    issuers: {
      emergency: '江苏省应急管理厅',
      housing: '江苏省住房和城乡建设厅',
      market: '常州市市场监督管理局',
    },
    places: [
      {
        code: '320411',
        county: '320411',
        district: '新北区',
        label: '常州市新北区',
        address: '江苏省常州市新北区',
        lat: 31.83,
        lng: 119.97,
        weight: 1,
      },
      {
        code: '320412',
        county: '320412',
        district: '武进区',
        label: '常州市武进区',
        address: '江苏省常州市武进区',
        lat: 31.7,
        lng: 119.94,
        weight: 1,
      },
    ],
    namePrefixes: ['常州', '常州市', '江苏', '常州市新北区'],
    enterprises: { full: 55, small: 6 },
    projects: { full: 25, small: 2 },
    firms: {
      full: { general_contractor: 4, supervision: 2, design: 1, survey: 1 },
      small: { general_contractor: 1, supervision: 0, design: 0, survey: 0 },
    },
    industries: {
      machinery: 12,
      manufacturing: 12,
      textiles: 6,
      metallurgy: 5,
      chemicals: 4,
      trade: 4,
      warehousing: 3,
      light_industry: 3,
      building_materials: 2,
      hazardous_chemicals: 1,
      tobacco: 1,
    },
    projectTypes: { building: 55, municipal: 20, rail_transit: 10, decoration: 8, demolition: 7 },
    mongolian: false,
    ltdLiability: false,
  },
  {
    key: 'hefei',
    city: '合肥市',
    abbr: '皖',
    issuers: {
      emergency: '安徽省应急管理厅',
      housing: '安徽省住房和城乡建设厅',
      market: '合肥市市场监督管理局',
    },
    places: [
      {
        code: '340104',
        county: '340104',
        district: '蜀山区',
        label: '合肥市蜀山区',
        address: '安徽省合肥市蜀山区',
        lat: 31.85,
        lng: 117.22,
        weight: 1,
      },
      {
        code: '340111',
        county: '340111',
        district: '包河区',
        label: '合肥市包河区',
        address: '安徽省合肥市包河区',
        lat: 31.79,
        lng: 117.31,
        weight: 1,
      },
    ],
    namePrefixes: ['合肥', '合肥市', '安徽', '安徽'],
    enterprises: { full: 45, small: 5 },
    projects: { full: 20, small: 2 },
    firms: {
      full: { general_contractor: 4, supervision: 2, design: 1, survey: 1 },
      small: { general_contractor: 1, supervision: 0, design: 0, survey: 0 },
    },
    industries: {
      manufacturing: 8,
      machinery: 6,
      light_industry: 6,
      trade: 6,
      warehousing: 4,
      chemicals: 3,
      building_materials: 3,
      hazardous_chemicals: 2,
      fireworks: 1,
      mining: 2,
      textiles: 1,
      metallurgy: 1,
      tobacco: 1,
    },
    projectTypes: { building: 55, municipal: 20, rail_transit: 12, decoration: 8, demolition: 5 },
    mongolian: false,
    ltdLiability: false,
  },
];
export const areaOf = (key: AreaKey) => AREAS.find((a) => a.key === key)!;
export const placeOf = (code: string) => AREAS.flatMap((a) => a.places).find((p) => p.code === code)!;

export interface AuthorityDef {
  key: string;
  name: string;
  short: string;
  kind: 'emergency' | 'housing' | 'market';
  region: string;
}
export const AUTHORITIES: AuthorityDef[] = [
  { key: 'sh', name: '上海市应急管理局', short: '沪', kind: 'emergency', region: '31' },
  { key: 'jinshan', name: '上海市金山区应急管理局', short: '金', kind: 'emergency', region: '310116' },
  {
    key: 'jinshan.housing',
    name: '上海市金山区住房和城乡建设管理委员会',
    short: '金',
    kind: 'housing',
    region: '310116',
  },
  {
    key: 'jinshan.market',
    name: '上海市金山区市场监督管理局',
    short: '金',
    kind: 'market',
    region: '310116',
  },
  { key: 'ordos', name: '鄂尔多斯市应急管理局', short: '鄂', kind: 'emergency', region: '1506' },
  { key: 'ordos.housing', name: '鄂尔多斯市住房和城乡建设局', short: '鄂', kind: 'housing', region: '1506' },
  { key: 'ordos.market', name: '鄂尔多斯市市场监督管理局', short: '鄂', kind: 'market', region: '1506' },
  { key: 'dongsheng', name: '鄂尔多斯市东胜区应急管理局', short: '东', kind: 'emergency', region: '150602' },
  {
    key: 'kangbashi',
    name: '鄂尔多斯市康巴什区应急管理局',
    short: '康',
    kind: 'emergency',
    region: '150603',
  },
  { key: 'changzhou', name: '常州市应急管理局', short: '常', kind: 'emergency', region: '3204' },
  { key: 'changzhou.housing', name: '常州市住房和城乡建设局', short: '常', kind: 'housing', region: '3204' },
  { key: 'xinbei', name: '常州市新北区应急管理局', short: '新', kind: 'emergency', region: '320411' },
  { key: 'wujin', name: '常州市武进区应急管理局', short: '武', kind: 'emergency', region: '320412' },
  { key: 'hefei', name: '合肥市应急管理局', short: '合', kind: 'emergency', region: '3401' },
  { key: 'hefei.housing', name: '合肥市城乡建设局', short: '合', kind: 'housing', region: '3401' },
  { key: 'shushan', name: '合肥市蜀山区应急管理局', short: '蜀', kind: 'emergency', region: '340104' },
  { key: 'baohe', name: '合肥市包河区应急管理局', short: '包', kind: 'emergency', region: '340111' },
];

/** Birthplace division codes for the resident ID numbers of workers who are not local. */
export const HOMETOWNS =
  '341221 341222 341225 341226 342221 342422 411525 411522 412726 411323 510921 511321 500235 500236 430524 362421 320923 321323 150621 150622 150627 130481 370826 522121 450821'.split(
    ' ',
  );

// ---------------------------------------------------------------------------------------------
// What each industry does: its risk sources and its workers' trades

export const ENTERPRISE_SITE_KINDS: Record<string, Record<string, number>> = {
  manufacturing: { welding_shop: 3, paint_shop: 3, dust_area: 2, electrical_room: 2, gas_storage: 1 },
  machinery: { welding_shop: 4, paint_shop: 3, electrical_room: 2, dust_area: 1, gas_storage: 1 },
  metallurgy: {
    dust_area: 3,
    gas_storage: 3,
    welding_shop: 2,
    electrical_room: 2,
    confined_space: 1,
    boiler_room: 1,
  },
  chemicals: { chemical_storage: 4, confined_space: 3, gas_storage: 2, boiler_room: 2, electrical_room: 1 },
  hazardous_chemicals: { chemical_storage: 5, gas_storage: 3, electrical_room: 1 },
  building_materials: { dust_area: 3, electrical_room: 2, boiler_room: 1, confined_space: 1 },
  light_industry: { boiler_room: 3, dust_area: 2, confined_space: 2, gas_storage: 1, electrical_room: 1 },
  textiles: { boiler_room: 3, dust_area: 2, electrical_room: 2, chemical_storage: 1 },
  tobacco: { dust_area: 3, electrical_room: 2, boiler_room: 1 },
  trade: { electrical_room: 3, gas_storage: 2 },
  warehousing: { electrical_room: 2, chemical_storage: 2, gas_storage: 1 },
  fireworks: { chemical_storage: 4, electrical_room: 1 },
  mining: { electrical_room: 2, chemical_storage: 2, dust_area: 2, confined_space: 1 },
};
export const KEY_RISK_CHANCE: Record<string, number> = {
  chemical_storage: 0.7,
  gas_storage: 0.6,
  dust_area: 0.6,
  confined_space: 0.5,
  welding_shop: 0.35,
  paint_shop: 0.4,
  boiler_room: 0.4,
  electrical_room: 0.15,
  foundation_pit: 0.6,
  tower_crane_area: 0.5,
  hoist: 0.3,
  scaffold: 0.3,
};

export const INDUSTRY_TRADES: Record<string, Record<string, number>> = {
  manufacturing: {
    operator: 40,
    welder: 12,
    electrician: 8,
    forklift_driver: 8,
    labourer: 15,
    crane_operator: 3,
  },
  machinery: {
    operator: 35,
    welder: 18,
    electrician: 8,
    forklift_driver: 8,
    labourer: 12,
    crane_operator: 5,
  },
  metallurgy: {
    operator: 40,
    welder: 8,
    electrician: 8,
    forklift_driver: 6,
    labourer: 15,
    crane_operator: 6,
    boiler_operator: 2,
  },
  chemicals: {
    chemical_operator: 40,
    operator: 15,
    electrician: 8,
    boiler_operator: 4,
    forklift_driver: 6,
    labourer: 10,
    welder: 3,
  },
  hazardous_chemicals: { chemical_operator: 30, forklift_driver: 10, labourer: 10, electrician: 5 },
  building_materials: { operator: 35, forklift_driver: 10, electrician: 6, welder: 5, labourer: 20 },
  light_industry: { operator: 45, forklift_driver: 8, boiler_operator: 5, electrician: 5, labourer: 20 },
  textiles: { operator: 50, boiler_operator: 5, electrician: 5, labourer: 20 },
  tobacco: { operator: 40, forklift_driver: 10, electrician: 5 },
  trade: { electrician: 10, labourer: 20, forklift_driver: 5, operator: 10 },
  warehousing: { forklift_driver: 40, labourer: 30, electrician: 5, operator: 10 },
  fireworks: { operator: 30, labourer: 20, chemical_operator: 5 },
  mining: { operator: 40, electrician: 10, labourer: 20, welder: 5, forklift_driver: 5 },
};
export const CONSTRUCTION_TRADES: Record<string, number> = {
  rebar_worker: 14,
  carpenter: 14,
  mason: 10,
  concrete_worker: 10,
  labourer: 16,
  scaffolder: 8,
  welder: 8,
  electrician: 6,
  signaller: 3,
};
export const MALE_HEAVY_TRADES = new Set([
  'welder',
  'scaffolder',
  'rebar_worker',
  'concrete_worker',
  'mason',
  'signaller',
  'carpenter',
]);
