import type { phoneZh } from './phone.zh';

/** English of phoneZh. */
export const phoneEn: Record<keyof typeof phoneZh, string> = {
  'wz.searchAny': 'Type an enterprise, project or site name, or an equipment registration code',
  'wz.kindAll': 'All',
  'wz.picked': 'Chosen: {name} ({kind})',
  'wz.noHitsAny':
    'No enterprise, project, site or special equipment is called “{q}”. Check the name, or type fewer characters.',
  'wz.noHitsKind': 'No {kind} matches “{q}”. It may be another kind of target:',
  'wz.searchAll': 'Search all kinds',
  'wz.noTargets': 'Nothing to inspect.',
  'cap.restPassConfirmTitle': 'Pass the rest of this module?',
  'cap.restPassConfirm':
    '{n, plural, one {The # item of this module not checked yet will be recorded as passed.} other {The # items of this module not checked yet will be recorded as passed.}} Only do this when you have looked at each; any can be changed afterwards.',
  'cap.restPassNone': 'Every item of this module is already checked.',
  'cap.restPassOk': '{n, plural, one {Pass # item} other {Pass # items}}',
  'cap.markup': 'Mark up',
  'cap.markupTitle': 'Mark up the photo',
  'cap.markupCircle': 'Circle',
  'cap.markupArrow': 'Arrow',
  'cap.markupUndo': 'Undo',
  'cap.markupSave': 'Save mark-up',
  'cap.markupHint':
    'Drag on the photo to draw a circle or an arrow. The original photo is kept as evidence; the marked-up copy is saved beside it, linked to it.',
  'cap.markupSaved': 'Marked-up photo saved (the original is kept)',
  'cap.markedUp': 'Marked up',
  'time.zoneHint': 'All times in {zone}',
};
