import type { notificationLabelsZh } from './notification-labels.zh';

/** English of notificationLabelsZh. */
export const notificationLabelsEn: Record<keyof typeof notificationLabelsZh, string> = {
  'notif.kind.alarm_escalated': 'Alarm escalated',
  'notif.kind.alarm_hand_over': 'Alarm handed over',
  'notif.kind.hazard.accepted': 'Rectification accepted',
  'notif.kind.hazard.extension_decided': 'Extension decided',
  'notif.kind.hazard.extension_requested': 'Extension requested',
  'notif.kind.hazard.listed': 'Listed for supervision',
  'notif.kind.hazard.ordered': 'Rectification ordered',
  'notif.kind.hazard.returned': 'Rectification sent back',
  'notif.kind.hazard.submitted': 'Evidence submitted',
  'notif.kind.hazard.overdue': 'Hazard overdue',
  'notif.kind.hazard.overdue.1': 'Rectification overdue',
  'notif.kind.hazard.overdue.2': 'Overdue: follow up',
  'notif.kind.equipment': 'Equipment inspection reminder',
  'notif.kind.equipment.due_soon': 'Equipment inspection due soon',
  'notif.kind.equipment.overdue': 'Equipment inspection overdue',
  'notif.kind.public_report.overdue': 'Public report overdue',
  'notif.kind.other': 'Notice',
};
