/**
 * Words for the notification kinds the server emits (`kind` of a notice: bell, workbench). Every kind
 * has its own label in both languages; test/notification-labels.test.ts scans the server for them.
 */
export const notificationLabelsZh = {
  'notif.kind.alarm_escalated': '告警升级',
  'notif.kind.alarm_hand_over': '告警移交',
  'notif.kind.hazard.accepted': '整改通过',
  'notif.kind.hazard.extension_decided': '延期审批结果',
  'notif.kind.hazard.extension_requested': '延期申请',
  'notif.kind.hazard.listed': '挂牌督办',
  'notif.kind.hazard.ordered': '责令整改',
  'notif.kind.hazard.returned': '整改退回',
  'notif.kind.hazard.submitted': '整改材料已提交',
  // hazard.overdue.<stage>: stages are reference data (data/hazards/escalation.json); 1 and 2 shipped
  'notif.kind.hazard.overdue': '隐患逾期',
  'notif.kind.hazard.overdue.1': '隐患整改逾期',
  'notif.kind.hazard.overdue.2': '逾期督办提醒',
  'notif.kind.equipment': '特种设备检验提醒',
  'notif.kind.equipment.due_soon': '特种设备检验即将到期',
  'notif.kind.equipment.overdue': '特种设备超期未检',
  'notif.kind.public_report.overdue': '举报逾期未处理',
  'notif.kind.other': '通知',
};
