import type { MessageKey, TFunction } from '../../i18n';

/**
 * Words for the codes of the audit trail (issue 16): an action code (`alarm.raise`) reads 产生告警 /
 * Alarm raised, a subject type reads 企业 / Enterprise, a system actor (`system:device-simulator`)
 * reads 系统：设备模拟器 / System: device simulator — never a raw code. Notification kinds:
 * features/notifications/labels.ts.
 */
const has = (t: TFunction, key: string, vars?: Record<string, string>) => {
  const s = t(key as MessageKey, vars);
  return s === key ? null : s;
};

export const subjectTypeLabel = (t: TFunction, type: string): string =>
  has(t, `audit.obj.${type}`) ?? type.replace(/_/g, ' ');

/** An action code in words: its own label, else the verb of a registry change, else "object: code". */
export function actionLabel(t: TFunction, code: string): string {
  const own = has(t, `audit.act.${code}`);
  if (own) return own;
  const dot = code.lastIndexOf('.');
  const type = dot > 0 ? code.slice(0, dot) : code;
  const verb = dot > 0 ? code.slice(dot + 1) : '';
  const obj = subjectTypeLabel(t, type);
  return has(t, `audit.verb.${verb}`, { obj }) ?? t('audit.unknownAction', { obj, code: verb || code });
}

/** Who did it: a person by name, a system as the system (never a person). */
export function actorLabel(t: TFunction, actorName: string, actorRole: string): string {
  const system = actorName.startsWith('system:') ? actorName.slice('system:'.length) : null;
  if (system === null && actorRole !== 'system') return actorName;
  const name = system ?? actorName;
  return t('audit.systemActor', { name: has(t, `audit.sys.${name}`) ?? name });
}

export const isSystemActor = (actorName: string, actorRole: string) =>
  actorRole === 'system' || actorName.startsWith('system:');

/** A subject: its type in words and its name (or a short id when it has none). */
export const subjectLabel = (t: TFunction, type: string, id: string, name?: string | null): string =>
  `${subjectTypeLabel(t, type)} ${name ?? id.slice(0, 8)}`;
