import { useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Flex, Layout, Tag, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import type { REPORT_STATUSES } from '@redline/contracts';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { LangSwitch } from '../../components/LangSwitch';

export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const STATUS_COLOURS: Record<ReportStatus, string> = {
  received: 'processing',
  hazard: 'red',
  duplicate: 'default',
  not_hazard: 'default',
  adopted: 'green',
  not_adopted: 'default',
};
export const statusKey = (s: ReportStatus) => `rpt.status.${s}` as MessageKey;
export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="report-status" data-status={status}>
      {t(statusKey(status))}
    </Tag>
  );
}

export const fmtTime = (iso: string | null | undefined) =>
  iso
    ? new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(iso))
    : '—';

/** A page without login, narrow enough for a phone (the QR poster's visitors). */
export function PublicShell({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}
      >
        <Link to="/t" style={{ color: '#fff', fontWeight: 600, fontSize: 16 }}>
          {t('rpt.public.brand')}
        </Link>
        <LangSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 640, width: '100%', margin: '0 auto' }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}

export interface PickedPhoto {
  name: string;
  data: string;
  url: string;
}

/** Reads a picked photo as base64 (the server checks its content and size). */
export function readPhoto(file: File): Promise<PickedPhoto> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve({ name: file.name, data: s.slice(s.indexOf(',') + 1), url: s });
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Up to three photos from the camera or the gallery, with thumbnails and a remove button each. */
export function PhotoPicker({
  photos,
  onChange,
}: {
  photos: PickedPhoto[];
  onChange: (p: PickedPhoto[]) => void;
}) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const add = async (files: FileList | null) => {
    if (!files) return;
    const picked = await Promise.all([...files].slice(0, 3 - photos.length).map(readPhoto));
    onChange([...photos, ...picked]);
    if (input.current) input.current.value = '';
  };
  return (
    <Flex wrap gap={8} data-testid="report-photos">
      {photos.map((p, i) => (
        <div key={i} style={{ position: 'relative' }}>
          <img
            src={p.url}
            alt={p.name}
            style={{ width: 88, height: 88, objectFit: 'cover', borderRadius: 6 }}
          />
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('rpt.photo.remove')}
            style={{ position: 'absolute', top: 2, right: 2 }}
            onClick={() => onChange(photos.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      {photos.length < 3 ? (
        <label
          style={{
            width: 88,
            height: 88,
            border: '1px dashed #bbb',
            borderRadius: 6,
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'center',
            justifyContent: 'center',
            cursor: 'pointer',
            fontSize: 12,
            color: '#555',
          }}
        >
          <CameraOutlined style={{ fontSize: 22 }} />
          <span>{t('rpt.photo.add')}</span>
          <input
            ref={input}
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            style={{ display: 'none' }}
            onChange={(e) => void add(e.target.files)}
            data-testid="report-photo-input"
          />
        </label>
      ) : null}
      <Typography.Text type="secondary" style={{ width: '100%', fontSize: 12 }}>
        {t('rpt.photo.hint')}
      </Typography.Text>
    </Flex>
  );
}
