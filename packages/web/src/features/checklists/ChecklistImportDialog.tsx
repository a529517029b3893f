import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { ChecklistImportReport } from '@redline/contracts';
import { uploadFile } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';

/** Import a library file (YAML / JSON / Excel): validate with a problem per line or row, then commit as a draft. */
export function ChecklistImportDialog({
  open,
  onClose,
  libraryId,
}: {
  open: boolean;
  onClose: () => void;
  libraryId?: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ChecklistImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (mode: 'validate' | 'commit') => {
    if (!file) return;
    setBusy(true);
    try {
      const qs = new URLSearchParams({ mode, ...(libraryId && { libraryId }) }).toString();
      const r = await uploadFile<ChecklistImportReport>(`/checklists/import?${qs}`, file);
      setReport(r);
      if (mode === 'commit' && r.versionId) {
        message.success(t('cl.importDone'));
        await qc.invalidateQueries({ queryKey: ['checklists'] });
        close();
        navigate(`/checklists/${r.libraryId}?version=${r.versionId}`);
      }
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setFile(null);
    setReport(null);
    onClose();
  };

  return (
    <Modal open={open} onCancel={close} title={t('cl.importTitle')} width={760} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cl.importHint')}</Typography.Text>
        <Upload.Dragger
          accept=".yaml,.yml,.json,.xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          data-testid="cl-import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>YAML · JSON · Excel (.xlsx)</p>
        </Upload.Dragger>
        <Space>
          <Button
            onClick={() => run('validate')}
            disabled={!file}
            loading={busy}
            data-testid="cl-import-validate"
          >
            {t('cl.importValidate')}
          </Button>
          <Button
            type="primary"
            onClick={() => run('commit')}
            disabled={!file || !report?.ok}
            loading={busy}
            data-testid="cl-import-commit"
          >
            {t('cl.importCommit')}
          </Button>
        </Space>
        {report?.ok && report.library ? (
          <Alert
            type="success"
            showIcon
            message={t('cl.importOk', {
              code: report.library.code,
              modules: report.library.modules,
              items: report.library.items,
            })}
          />
        ) : null}
        {report && !report.ok ? (
          <>
            <Alert type="error" showIcon message={t('cl.importProblems', { n: report.problems.length })} />
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={{ pageSize: 8 }}
              dataSource={report.problems}
              data-testid="cl-import-problems"
              columns={[
                {
                  title: '',
                  width: 150,
                  render: (_, p) =>
                    p.row
                      ? t('cl.where.row', { sheet: p.sheet ?? '', n: p.row })
                      : p.line
                        ? t('cl.where.line', { n: p.line })
                        : p.path,
                },
                { title: '', dataIndex: 'column', width: 140 },
                { title: '', dataIndex: 'message' },
              ]}
            />
          </>
        ) : null}
      </Space>
    </Modal>
  );
}
