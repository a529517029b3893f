/** Strings of accidents and special-equipment due-date work (issue 15); merged into zh.ts. */
export const accidentsZh = {
  'nav.accidents': '生产安全事故',
  'nav.accidentList': '事故报告',
  'nav.accidentStats': '事故统计',
  'nav.equipmentDue': '特种设备定期检验',
  'acc.filter.grade': '事故等级',
  'acc.filter.type': '事故类型',
};
