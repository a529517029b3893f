import type { Rng } from './rng.ts';

/**
 * Word lists for the demo data set. Everything composed from them is fiction: person names are a
 * common surname plus common given-name characters, enterprise names are a place prefix, a
 * two-character trade name (字号) and a line of business, streets and estates are stock words.
 * Any likeness to a real person or company is coincidence.
 */

export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤葛倪俞',
];

/** Surnames weighted toward the most common ones (first entries), as in a real register. */
const COMMON_SURNAMES = SURNAMES.slice(0, 20);

export const GIVEN_MALE = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林峰建国东海亮成志晨阳博振春德兵庆福兴力松胜文武彬远顺',
];
export const GIVEN_FEMALE = [...'芳娜敏静丽艳娟霞燕玲丹萍红梅琳雪婷慧莉倩颖佳洁琴云月英兰萱悦蕾薇'];
/** First characters of two-character given names. */
export const GIVEN_LEAD_MALE = [...'建志永国海晓春文德小立振宏俊家子明新'];
export const GIVEN_LEAD_FEMALE = [...'秀丽晓春雪美玉桂小佳静思雨欣海梦'];
/** Mongolian given names, often used without a surname in Ordos. */
export const MONGOLIAN_MALE = '巴特尔 额尔敦 朝鲁 苏和 孟和 吉日格勒 宝音 巴图 阿拉坦'.split(' ');
export const MONGOLIAN_FEMALE = ['乌日娜', '其木格', '萨仁', '托娅', '高娃', '斯琴', '娜仁', '乌兰'] as const;

export type Gender = 'male' | 'female';

export function personName(rng: Rng, gender: Gender, opts: { mongolian?: boolean } = {}): string {
  if (opts.mongolian && rng.chance(0.15))
    return rng.pick(gender === 'male' ? MONGOLIAN_MALE : MONGOLIAN_FEMALE);
  const surname = rng.chance(0.55) ? rng.pick(COMMON_SURNAMES) : rng.pick(SURNAMES);
  const chars = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  if (rng.chance(0.3)) return surname + rng.pick(chars);
  const lead = rng.pick(gender === 'male' ? GIVEN_LEAD_MALE : GIVEN_LEAD_FEMALE);
  let second = rng.pick(chars);
  while (second === lead) second = rng.pick(chars);
  return surname + lead + second;
}

/** A fake mobile number in the 13x/15x/18x ranges. */
export function phoneNumber(rng: Rng): string {
  return '1' + rng.pick(['39', '38', '37', '36', '35', '58', '59', '88', '89']) + rng.digits(8);
}

// ---------------------------------------------------------------------------------------------
// Enterprises

const ROOT_FIRST = [
  ...'恒鑫华永金宏瑞海天联博中锦嘉富隆泰润佳德荣长新远东凯旭宝通盛顺益昌广聚兴鼎福安祥正明万康伟诚信丰源晶卓铭睿骏',
];
const ROOT_SECOND = [
  ...'达源泰盛诚远丰纳合创瑞程禾强鑫和联宇航升辉通利隆昌兴祥泽邦晟峰川汇凯格驰锐恒澜拓科际润发茂嘉',
];

/** A two-character trade name (字号) such as 恒达 or 瑞丰. */
export function companyRoot(rng: Rng): string {
  const a = rng.pick(ROOT_FIRST);
  let b = rng.pick(ROOT_SECOND);
  while (b === a) b = rng.pick(ROOT_SECOND);
  return a + b;
}

/** Line of business words per industry code of the catalogue. */
export const INDUSTRY_BUSINESS: Record<string, readonly string[]> = {
  manufacturing:
    '精密机械 电子科技 汽车零部件 五金制品 精密模具 新材料科技 金属制品 电器 塑胶制品 智能装备'.split(' '),
  chemicals: '化工 精细化工 化学 化工新材料 涂料 树脂 助剂 高分子材料'.split(' '),
  hazardous_chemicals: '化工贸易 化工物资 危险化学品经营 燃气 石化贸易 能源贸易 气体'.split(' '),
  metallurgy: '特钢 钢铁 铝业 金属材料 铸造 冶金 合金材料 硅铁'.split(' '),
  building_materials: '建材 新型建材 混凝土 水泥制品 玻璃 石材 管桩 保温材料'.split(' '),
  machinery: '机械 重工 机械制造 机电设备 液压机械 数控机床 传动设备 起重设备 泵阀'.split(' '),
  light_industry: '食品 日用品 塑料制品 纸业 家具 包装 饮料 乳业 调味品'.split(' '),
  textiles: '纺织 服饰 印染 织造 化纤 家纺 针织 羊绒制品'.split(' '),
  tobacco: '烟用材料 卷烟材料 烟草机械配件'.split(' '),
  trade: '商贸 商业管理 购物中心 超市 百货 酒店管理'.split(' '),
  warehousing: '物流 仓储 供应链管理 冷链物流 储运'.split(' '),
  fireworks: '烟花爆竹 烟花爆竹批发 烟花爆竹经营'.split(' '),
  mining: '矿业 砂石 石材开采 建材矿业 非金属矿业'.split(' '),
};

/** Construction firms by the party role they usually play. */
export type FirmRole = 'general_contractor' | 'supervision' | 'design' | 'survey';
export const FIRM_BUSINESS: Record<FirmRole, readonly string[]> = {
  general_contractor: '建设工程 建筑工程 建工集团 建设集团 市政工程 建筑安装工程 路桥工程 建设发展'.split(
    ' ',
  ),
  supervision: '工程监理 建设监理 工程咨询 工程建设监理 建设项目管理'.split(' '),
  design: '建筑设计研究院 建筑设计院 规划建筑设计研究院 工程设计 城市规划设计院'.split(' '),
  survey: '岩土工程勘察 勘察设计研究院 工程勘察院 地质工程勘察 岩土勘测'.split(' '),
};

/** Suffix by legal form; 有限责任公司 is common in Inner Mongolia, 股份有限公司 for large companies. */
export function companySuffix(rng: Rng, opts: { large?: boolean; ltdLiability?: boolean } = {}): string {
  if (opts.large && rng.chance(0.35)) return '股份有限公司';
  if (opts.ltdLiability && rng.chance(0.5)) return '有限责任公司';
  return '有限公司';
}

/** Developers and public investment companies that own projects (not in the registry). */
export const OWNER_BUSINESS = '置业 房地产开发 城市建设投资 城市发展 产业园开发 实业 投资发展'.split(' ');

// ---------------------------------------------------------------------------------------------
// Places

const STREET_WORDS =
  '兴业 创业 振兴 建设 新华 工业 科技 园区 发展 文明 和平 团结 胜利 幸福 育才 滨江 新城 金港 环城 朝阳 临港 永安 青年 民主 光明 丰收 长兴 海港 创新 致远 迎宾 通达 富民 景明 锦绣 博学 开元 安澜'.split(
    ' ',
  );
const STREET_KINDS = ['路', '路', '路', '大道', '街', '公路'] as const;

export function streetName(rng: Rng): string {
  return rng.pick(STREET_WORDS) + rng.pick(STREET_KINDS);
}

export function streetAddress(rng: Rng): string {
  return `${streetName(rng)}${rng.int(1, 1888)}号`;
}

const ESTATE_ROOTS =
  '锦绣 翠湖 枫林 金色 阳光 碧水 书香 紫薇 海棠 桂语 云栖 青枫 丽景 和园 玉兰 澜湾 悦澜 天悦 御景 春晓 湖畔 滨河 东方 时代 星澜 观澜 嘉禾 景秀 溪岸 铂悦'.split(
    ' ',
  );
const ESTATE_KINDS = ['花园', '苑', '家园', '府', '名邸', '雅苑', '公馆', '新城', '华庭', '嘉园'] as const;
const PHASES = ['', '一期', '二期', '二期', '三期', 'A地块', 'B地块', '北块'] as const;

export const estateRoot = (rng: Rng) => rng.pick(ESTATE_ROOTS);

/** Project names per project type code; `place` is the district (and town) written before it. */
export function projectName(
  rng: Rng,
  type: string,
  ctx: { place: string; district: string; city: string; ownerEnterprise?: string },
): string {
  const root = estateRoot(rng);
  switch (type) {
    case 'building': {
      if (ctx.ownerEnterprise) {
        return (
          ctx.ownerEnterprise +
          rng.pick([
            '新建厂房项目',
            '二期厂房扩建项目',
            '综合楼新建项目',
            '研发中心新建项目',
            '仓储中心新建项目',
          ])
        );
      }
      const kind = rng.choose({ housing: 6, public: 2, commercial: 2 });
      if (kind === 'housing')
        return `${ctx.place}${root}${rng.pick(ESTATE_KINDS)}${rng.pick(PHASES)}住宅项目`;
      if (kind === 'public') {
        return `${ctx.district}${root}${rng.pick(['实验学校', '中心小学', '幼儿园', '文体中心', '社区服务中心', '养老院', '职业技术学校'])}${rng.pick(['新建工程', '迁建工程', '扩建工程', '改扩建工程'])}`;
      }
      return `${ctx.district}${root}${rng.pick(['商业综合体', '科创中心', '产业园', '总部大楼', '酒店'])}${rng.pick(['', '一期', '二期'])}项目`;
    }
    case 'municipal': {
      const kind = rng.choose({ road: 6, bridge: 3, plant: 1 });
      if (kind === 'road') {
        return `${ctx.district}${streetName(rng)}${rng.pick(['道路新建工程', '道路拓宽改造工程', '排水管网改造工程', '雨污分流改造工程', '综合管廊工程'])}`;
      }
      if (kind === 'bridge') {
        return `${ctx.district}${root}${rng.pick(['河', '港', '浦', '泾'])}${rng.pick(['桥梁新建工程', '桥梁改建工程', '河道整治工程'])}`;
      }
      return `${ctx.district}${root}污水处理厂提标改造工程`;
    }
    case 'rail_transit':
      return `${ctx.city}轨道交通${rng.int(2, 8)}号线${rng.pick(['一期', '二期', '延伸段'])}工程土建施工第${rng.int(1, 12)}标段`;
    case 'decoration':
      return `${ctx.district}${root}${rng.pick(['大厦', '酒店', '办公楼', '商场', '医院门诊楼'])}装饰装修工程`;
    case 'demolition':
      return `${ctx.district}${root}${rng.pick(['旧厂房', '老旧仓库', '棚户区', '闲置厂区'])}拆除工程`;
    default:
      return `${ctx.district}${root}${rng.pick(['新建工程', '改造工程'])}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Sites and equipment

/** Site names per risk_source_kind code; `#` is replaced by a number. */
export const SITE_NAMES: Record<string, readonly string[]> = {
  welding_shop: '焊接车间 #号车间焊接区 结构件焊接车间 焊装工段'.split(' '),
  gas_storage: '液化气瓶库 天然气调压站 氧气乙炔气瓶间 LNG储罐区'.split(' '),
  chemical_storage: '甲类仓库 危化品仓库 原料罐区 乙类仓库 成品库'.split(' '),
  paint_shop: '喷涂车间 喷漆房 涂装线'.split(' '),
  dust_area: '抛光打磨车间 粉尘涉爆作业区 筛分车间 除尘器区域'.split(' '),
  boiler_room: '锅炉房 燃气锅炉房 蒸汽锅炉房'.split(' '),
  electrical_room: '配电房 10kV配电室 变配电所'.split(' '),
  confined_space: '污水处理池 发酵罐区 地下污水井 反应釜检修区 储罐检修区'.split(' '),
  tower_crane_area: '#号塔吊作业区'.split(' '),
  foundation_pit: '深基坑（开挖深度#米）'.split(' '),
  scaffold: '外墙悬挑脚手架 落地式脚手架 附着式升降脚手架'.split(' '),
  hoist: '#号施工升降机'.split(' '),
};

export function siteName(rng: Rng, kind: string, n = 1): string {
  const names = SITE_NAMES[kind] ?? ['作业区'];
  const depth = (rng.int(10, 36) / 2).toFixed(1).replace(/\.0$/, '');
  return rng.pick(names).replace('#', kind === 'foundation_pit' ? depth : String(n));
}

export interface EquipmentType {
  /** Four-character type code used at the front of the registration code. */
  prefix: string;
  name: string;
  models: readonly string[];
}

/** Equipment types per equipment category code (the eight categories of the Special Equipment Safety Law). */
export const EQUIPMENT_TYPES: Record<string, readonly EquipmentType[]> = {
  '1000': [
    {
      prefix: '1100',
      name: '承压蒸汽锅炉',
      models: ['WNS4-1.25-Q', 'WNS6-1.25-Y.Q', 'DZL6-1.25-AII', 'SZS10-1.6-Q'],
    },
    { prefix: '1200', name: '承压热水锅炉', models: ['WNS2.8-1.0/95/70-Q', 'CWNS1.4-85/60-Y.Q'] },
  ],
  '2000': [
    { prefix: '2110', name: '固定式压力容器（储气罐）', models: ['C-2.0/0.8', 'C-3.0/1.0', 'C-1.0/0.8'] },
    {
      prefix: '2120',
      name: '固定式压力容器（储罐）',
      models: ['液氨储罐 50m³', '液化石油气储罐 30m³', '氮气储罐 20m³', 'LNG储罐 60m³'],
    },
    { prefix: '2130', name: '固定式压力容器（反应釜）', models: ['K-5000L', 'F-3000L', 'K-2000L'] },
  ],
  '3000': [
    {
      prefix: '3110',
      name: '曳引驱动乘客电梯',
      models: ['TKJ1000/1.75-JXW', 'TKJ1350/2.0-JXW', 'TKJ800/1.0-JXW'],
    },
    { prefix: '3120', name: '曳引驱动载货电梯', models: ['THJ2000/0.5-JXW', 'THJ3000/0.5-JXW'] },
    { prefix: '3310', name: '自动扶梯', models: ['FT-800/30°', 'FT-1000/30°'] },
  ],
  '4000': [
    {
      prefix: '4110',
      name: '通用桥式起重机',
      models: ['QD16t-22.5m', 'LD5t-16.5m', 'QD10t-19.5m', 'LD10t-22.5m'],
    },
    { prefix: '4210', name: '通用门式起重机', models: ['MH10t-24m', 'MG32t-30m'] },
    {
      prefix: '4310',
      name: '塔式起重机',
      models: ['QTZ63(TC5610)', 'QTZ80(TC6010)', 'QTZ125(TC6015)', 'QTZ160(TC6517)', 'QTZ250(TC7030)'],
    },
    { prefix: '4860', name: '施工升降机', models: ['SC200/200', 'SC200/200G', 'SC100/100'] },
  ],
  '5000': [
    { prefix: '5110', name: '叉车', models: ['CPD30', 'CPCD30', 'CPCD50', 'CPD20', 'CQD16'] },
    { prefix: '5220', name: '非公路用旅游观光车辆', models: ['LQY112', 'LQY082'] },
  ],
  '6000': [
    { prefix: '6100', name: '观览车类', models: ['摩天轮 MT-50', '观览车 GL-30'] },
    { prefix: '6200', name: '滑行车类', models: ['过山车 GS-450', '矿山车 KS-300'] },
    { prefix: '6600', name: '转马类', models: ['旋转木马 XM-36'] },
  ],
  '8000': [
    { prefix: '8310', name: '工业管道（工艺管道）', models: ['GC2 DN100', 'GC2 DN150', 'GC1 DN80'] },
    { prefix: '8220', name: '公用管道（燃气管道）', models: ['GB1 DN200', 'GB1 DN150'] },
  ],
  '9000': [
    { prefix: '9120', name: '客运架空索道（循环式）', models: ['脱挂式吊厢 8人', '固定抱索器吊椅 4人'] },
  ],
};
