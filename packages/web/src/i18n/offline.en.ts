import type { offlineZh } from './offline.zh';

/** English of offlineZh. */
export const offlineEn: Record<keyof typeof offlineZh, string> = {
  'nav.offline': 'Offline & outbox',
  'off.title': 'Inspections without a signal',
  'off.intro':
    'Before inspecting a basement, tunnel, mine or any place without a signal, take the day’s work offline: your inspections, their targets, checklists and the targets’ open hazards are kept on this device. Without a network you record items, take photos, collect signatures and finish as usual; everything is kept here and sent in order when the network is back, each write stored once.',
  'off.take': 'Take today’s work offline',
  'off.taken': 'Taken offline: {inspections} inspections, {hazards} open hazards',
  'off.packAt': 'Offline pack of {at}: {inspections} inspections, {hazards} hazards',
  'off.noPack': 'No offline pack on this device yet',
  'off.online': 'Online',
  'off.offline': 'No network: records are kept on this device and sent when it is back',
  'off.syncNow': 'Send now',
  'off.synced': '{sent} sent; {failed} failed; {conflicts} conflicts',
  'off.queue': 'Not yet sent to the server',
  'off.empty': 'Nothing waiting to be sent',
  'off.badge': '{count} not sent',
  'off.status.pending': 'Not yet sent',
  'off.status.failed': 'Sending failed, will retry',
  'off.status.conflict': 'Conflict: needs you',
  'off.kind.create': 'New inspection',
  'off.kind.finding': 'Item recorded',
  'off.kind.photo': 'Photo',
  'off.kind.signature': 'Signature',
  'off.kind.finish': 'Finish inspection',
  'off.kind.edit': 'Inspection details',
  'off.kind.participate': 'Participation',
  'off.capturedAt': 'Recorded {at}',
  'off.attempts': '{n} attempts',
  'off.answer': 'The server answered: {message}',
  'off.discard': 'Discard my change',
  'off.keepServer': 'Keep the server’s',
  'off.retry': 'Retry',
  'off.open': 'Open inspection',
  'off.discardConfirm': 'Discard this unsent record? This cannot be undone.',
  'off.keepServerConfirm': 'Discard every unsent record of this inspection and keep what the server has?',
  'off.what.INSPECTION_CHANGED':
    'The inspection was changed or reassigned while you were offline. Open it, check, and record again — or keep the server’s.',
  'off.what.CHECKLIST_VERSION_RETIRED':
    'The checklist version you used was retired. Keep the server’s and choose the items again from the version in force.',
  'off.what.NOT_FOUND':
    'The inspection or its target is no longer in your jurisdiction (or was removed). Discard these records and call your leader.',
  'off.what.TWO_OFFICERS_REQUIRED':
    'Two certified officers must confirm they took part before finishing. Ask your colleague to confirm, then retry.',
  'off.what.ALREADY_SIGNED':
    'The inspection is signed; items can no longer change. Discard this record, or clear the signatures and retry.',
  'off.what.ILLEGAL_TRANSITION': 'The inspection’s state changed (finished or cancelled). Keep the server’s.',
  'off.what.FORBIDDEN':
    'You are no longer on the inspection team (reassigned?). Discard these records and call your leader.',
  'off.what.other': 'Read the answer, correct and retry, or discard the record.',
  'off.storageLow':
    'This device is running out of space ({used} of {quota} used): send your records first, or free space on the phone.',
  'off.storage': 'Storage on this device: {used} of {quota} used',
  'off.notSent': 'Not yet sent',
  'off.queuedHere': '{count} records of this inspection not yet sent',
  'off.savedLocal': 'Saved on this device; it will be sent when the network is back',
  'off.fromDevice': 'Offline: showing what this device has stored',
};
