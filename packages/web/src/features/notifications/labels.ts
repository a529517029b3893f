import type { MessageKey, TFunction } from '../../i18n';

const own = (t: TFunction, kind: string) => {
  const key = `notif.kind.${kind}`;
  const s = t(key as MessageKey);
  return s === key ? null : s;
};

/**
 * A notification kind in words (bell, workbench), never the raw code: its own label, else its parent
 * kind's (`hazard.overdue.3` reads as `hazard.overdue`), else 通知 / Notice.
 */
export function notificationKindLabel(t: TFunction, kind: string): string {
  for (let k = kind; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const s = own(t, k);
    if (s) return s;
  }
  return t('notif.kind.other');
}
