import { useState } from 'react';
import { App } from 'antd';
import { downloadFile } from '../api/client';
import type { QueryValue } from '../lib/url';
import { useT } from '../i18n';
import { errorMessage } from './ErrorState';
import { todayInZone } from '../lib/time';

export type ExportFormat = 'csv' | 'xlsx';

/**
 * Downloads a list export (CSV or Excel) with a progress message; failures are shown as a message,
 * worded by `explain` when it knows the error (e.g. too many rows), else the usual way.
 */
export function useExport(explain?: (error: unknown) => string | undefined) {
  const t = useT();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  async function exportFile(
    path: string,
    params: Record<string, QueryValue>,
    stem: string,
    format: ExportFormat,
  ) {
    setExporting(format);
    const hide = message.loading(t('list.exporting'), 0);
    try {
      const day = todayInZone();
      await downloadFile(path, { ...params, format }, `${stem}-${day}.${format}`);
    } catch (e) {
      message.error(explain?.(e) ?? errorMessage(t, e));
    } finally {
      hide();
      setExporting(null);
    }
  }
  return { exporting, exportFile };
}
