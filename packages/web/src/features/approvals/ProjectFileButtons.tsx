import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, GlobalOutlined } from '@ant-design/icons';
import { downloadFile } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';

/** The project's supervision file (PDF, Excel of its records) and its public page — for the project page and approvals. */
export function ProjectFileButtons({
  projectId,
  publicLink = true,
}: {
  projectId: string;
  publicLink?: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const get = async (ext: 'pdf' | 'xlsx') => {
    setBusy(ext);
    try {
      await downloadFile(`/projects/${projectId}/file.${ext}`, {}, `project-file.${ext}`);
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap>
      <Button
        icon={<FilePdfOutlined />}
        loading={busy === 'pdf'}
        onClick={() => get('pdf')}
        data-testid="project-file-pdf"
      >
        {t('appr.filePdf')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === 'xlsx'}
        onClick={() => get('xlsx')}
        data-testid="project-file-xlsx"
      >
        {t('appr.fileXlsx')}
      </Button>
      {publicLink && (
        <Button icon={<GlobalOutlined />} href={`/public/projects/${projectId}`} target="_blank">
          {t('appr.publicPage')}
        </Button>
      )}
    </Space>
  );
}
