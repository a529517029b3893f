import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from 'antd';
import { liveQuery } from 'dexie';
import { useT } from '../../i18n';
import { offlineDb } from './db';
import { useOnline } from './client';

/** On the field pages: this inspection's writes not yet sent (live), and whether the page shows device data. */
export function NotSentNotice({ inspectionId }: { inspectionId: string }) {
  const t = useT();
  const online = useOnline();
  const [n, setN] = useState(0);
  useEffect(() => {
    const sub = liveQuery(() =>
      offlineDb().outbox.where('inspectionId').equals(inspectionId).count(),
    ).subscribe({
      next: setN,
      error: () => undefined,
    });
    return () => sub.unsubscribe();
  }, [inspectionId]);
  if (online && !n) return null;
  return (
    <Alert
      type={online ? 'info' : 'warning'}
      showIcon
      banner
      data-testid="not-sent"
      message={
        <>
          {!online && `${t('off.fromDevice')}。`}
          {n > 0 && <Link to="/offline">{t('off.queuedHere', { count: n })}</Link>}
        </>
      }
    />
  );
}
