import type { accidentsZh } from './accidents.zh';

/** English of accidentsZh (the pages themselves are Chinese only for now). */
export const accidentsEn: Record<keyof typeof accidentsZh, string> = {
  'nav.accidents': 'Accidents',
  'nav.accidentList': 'Accident reports',
  'nav.accidentStats': 'Accident figures',
  'nav.equipmentDue': 'Equipment inspections due',
  'acc.filter.grade': 'Accident grade',
  'acc.filter.type': 'Accident type',
};
