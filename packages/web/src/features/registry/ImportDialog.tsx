import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Flex,
  Grid,
  Modal,
  Progress,
  Result,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { ImportReport } from '@redline/contracts';
import { downloadFile, uploadFile } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import type { KindConfig } from './types';

type Mode = 'validate' | 'commit' | 'commit_valid';
type Phase = 'pick' | 'uploading' | 'report' | 'done';
type RowError = ImportReport['errors'][number];

const ACCEPT = ['.csv', '.xlsx'];

/** Import from CSV/Excel: validate first and show the row-by-row report, then import all or only the valid rows. */
export function ImportDialog({
  config,
  open,
  onClose,
}: {
  config: KindConfig;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [phase, setPhase] = useState<Phase>('pick');
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<Mode>('validate');
  const [percent, setPercent] = useState(0);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kindName = t(config.sentenceKey);

  function reset() {
    setPhase('pick');
    setFile(null);
    setReport(null);
    setResult(null);
    setError(null);
    setPercent(0);
  }

  function close() {
    reset();
    onClose();
  }

  async function send(f: File, m: Mode) {
    setMode(m);
    setPhase('uploading');
    setPercent(0);
    setError(null);
    try {
      const rep = await uploadFile<ImportReport>(`/${config.kind}/import?mode=${m}`, f, setPercent);
      if (m === 'validate') {
        setReport(rep);
        setPhase('report');
      } else {
        setResult(rep);
        setPhase('done');
        if (rep.imported > 0) await qc.invalidateQueries({ queryKey: [config.kind] });
      }
    } catch (e) {
      setError(errorMessage(t, e));
      setPhase(m === 'validate' ? 'pick' : 'report');
    }
  }

  function pick(f: File) {
    const name = f.name.toLowerCase();
    if (!ACCEPT.some((ext) => name.endsWith(ext))) {
      setError(t('import.badType'));
      return;
    }
    setFile(f);
    void send(f, 'validate');
  }

  async function template(format: 'csv' | 'xlsx') {
    try {
      await downloadFile(`/${config.kind}/import-template`, { format }, `${config.kind}-template.${format}`);
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  }

  const errors = report?.errors ?? [];
  const invalidRows = report ? report.totalRows - report.validRows : 0;
  const footer =
    phase === 'report' && report ? (
      <Flex justify="flex-end" gap={8} wrap>
        <Button onClick={reset} data-testid="import-reset">
          {t('import.another')}
        </Button>
        {errors.length > 0 && report.validRows > 0 && (
          <Button onClick={() => file && send(file, 'commit_valid')} data-testid="import-commit-valid">
            {t('import.commitValid', { n: report.validRows })}
          </Button>
        )}
        <Button
          type="primary"
          disabled={errors.length > 0 || report.validRows === 0}
          onClick={() => file && send(file, 'commit')}
          data-testid="import-commit-all"
        >
          {t('import.commitAll')}
        </Button>
      </Flex>
    ) : phase === 'done' ? (
      <Flex justify="flex-end" gap={8}>
        <Button onClick={reset} data-testid="import-reset">
          {t('import.another')}
        </Button>
        <Button type="primary" onClick={close} data-testid="import-close">
          {t('common.close')}
        </Button>
      </Flex>
    ) : (
      <Button onClick={close}>{t('common.cancel')}</Button>
    );

  return (
    <Modal
      open={open}
      onCancel={close}
      title={t('import.title', { kind: kindName })}
      width={screens.md ? 780 : '100%'}
      footer={footer}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="import-dialog"
    >
      <div data-testid="import-dialog-body">
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 12 }}
            data-testid="import-error"
            role="alert"
          />
        )}

        {phase === 'pick' && (
          <Flex vertical gap={12}>
            <Typography.Paragraph style={{ margin: 0 }}>{t('import.intro')}</Typography.Paragraph>
            <Space wrap>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => template('csv')}
                data-testid="import-template-csv"
              >
                {t('import.templateCsv')}
              </Button>
              <Button
                icon={<FileExcelOutlined />}
                onClick={() => template('xlsx')}
                data-testid="import-template-xlsx"
              >
                {t('import.templateXlsx')}
              </Button>
            </Space>
            <div data-testid="import-upload">
              <Upload.Dragger
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                showUploadList={false}
                beforeUpload={(f) => {
                  pick(f);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('import.pick')}</p>
                <p className="ant-upload-hint">{t('import.pickHint')}</p>
              </Upload.Dragger>
            </div>
          </Flex>
        )}

        {phase === 'uploading' && (
          <Flex vertical align="center" gap={12} style={{ padding: '24px 0' }} data-testid="import-progress">
            <Typography.Text>{file?.name}</Typography.Text>
            <Progress
              percent={percent}
              status="active"
              style={{ maxWidth: 420, width: '100%' }}
              aria-label={file?.name}
            />
            <Typography.Text type="secondary">
              {t(mode === 'validate' ? 'import.uploading' : 'import.committing')}
            </Typography.Text>
          </Flex>
        )}

        {phase === 'report' && report && (
          <Flex
            vertical
            gap={12}
            data-testid="import-report"
            data-total={report.totalRows}
            data-valid={report.validRows}
            data-errors={errors.length}
          >
            <Typography.Text strong>{file?.name}</Typography.Text>
            <Flex gap={8} wrap data-testid="import-summary">
              <Tag>
                {t('import.summary', {
                  total: report.totalRows,
                  valid: report.validRows,
                  invalid: invalidRows,
                })}
              </Tag>
            </Flex>
            {errors.length === 0 ? (
              <Alert type="success" showIcon title={t('import.allValid', { total: report.totalRows })} />
            ) : (
              <Alert type="warning" showIcon title={t('import.hasErrors', { count: errors.length })} />
            )}
            {errors.length > 0 && <ErrorsTable errors={errors} />}
            {report.columns.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('import.columns')}：{report.columns.join('、')}
              </Typography.Text>
            )}
          </Flex>
        )}

        {phase === 'done' && result && (
          <div data-testid="import-result" data-imported={result.imported}>
            <Result
              status={result.imported > 0 ? 'success' : 'warning'}
              title={result.imported > 0 ? t('import.done', { n: result.imported }) : t('import.doneNone')}
              subTitle={file?.name}
              style={{ padding: '16px 0' }}
            />
            {result.errors.length > 0 && <ErrorsTable errors={result.errors} />}
          </div>
        )}
      </div>
    </Modal>
  );
}

function ErrorsTable({ errors }: { errors: RowError[] }) {
  const t = useT();
  return (
    <div data-testid="import-errors">
      <Table<RowError>
        size="small"
        rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}-${e.message}`}
        dataSource={errors}
        pagination={errors.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
        tableLayout="fixed"
        columns={[
          {
            key: 'row',
            title: t('import.row'),
            dataIndex: 'row',
            width: 68,
            sorter: (a, b) => a.row - b.row,
            defaultSortOrder: 'ascend',
          },
          {
            key: 'column',
            title: t('import.column'),
            dataIndex: 'column',
            width: 128,
            sorter: (a, b) => (a.column ?? '').localeCompare(b.column ?? ''),
            render: (c: string | null) => (c ? <code>{c}</code> : '—'),
          },
          {
            key: 'message',
            title: t('import.message'),
            dataIndex: 'message',
            render: (m: string) => <span style={{ overflowWrap: 'anywhere' }}>{m}</span>,
          },
        ]}
      />
    </div>
  );
}
