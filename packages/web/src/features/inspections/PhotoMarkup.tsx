import { useEffect, useRef, useState } from 'react';
import { App, Button, Modal, Segmented, Space, Typography } from 'antd';
import { UndoOutlined } from '@ant-design/icons';
import type { FileView } from '@redline/contracts';
import { uploadFile } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';

type Shape = { kind: 'circle' | 'arrow'; x0: number; y0: number; x1: number; y1: number };

/**
 * Circles and arrows drawn on a photo before it is saved (issue 16). The original is never changed:
 * the drawing is a copy, uploaded to …/photos/:fileId/markup, which the server keeps linked to the
 * original (derivedFrom). Shapes are kept in image pixels, so the copy has the photo's full size.
 */
export function PhotoMarkup({
  photo,
  uploadPath,
  onClose,
  onSaved,
}: {
  photo: FileView;
  uploadPath: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = useRef<HTMLImageElement | null>(null);
  const [tool, setTool] = useState<Shape['kind']>('circle');
  const [shapes, setShapes] = useState<Shape[]>([]);
  const [drag, setDrag] = useState<Shape | null>(null);
  const [ready, setReady] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const img = new Image();
    img.onload = () => {
      image.current = img;
      setReady(true);
    };
    img.src = photo.url;
  }, [photo.url]);

  // redraw: the photo, then every shape (and the one being dragged)
  useEffect(() => {
    const c = canvas.current;
    const img = image.current;
    if (!c || !img) return;
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const w = Math.max(3, Math.round(Math.min(c.width, c.height) / 120));
    g.lineWidth = w;
    g.strokeStyle = '#ff1f1f';
    g.fillStyle = '#ff1f1f';
    g.lineCap = 'round';
    for (const s of drag ? [...shapes, drag] : shapes) {
      if (s.kind === 'circle') {
        const cx = (s.x0 + s.x1) / 2;
        const cy = (s.y0 + s.y1) / 2;
        g.beginPath();
        g.ellipse(cx, cy, Math.abs(s.x1 - s.x0) / 2 + 1, Math.abs(s.y1 - s.y0) / 2 + 1, 0, 0, Math.PI * 2);
        g.stroke();
      } else {
        const a = Math.atan2(s.y1 - s.y0, s.x1 - s.x0);
        const head = w * 5;
        g.beginPath();
        g.moveTo(s.x0, s.y0);
        g.lineTo(s.x1, s.y1);
        g.stroke();
        g.beginPath();
        g.moveTo(s.x1, s.y1);
        g.lineTo(s.x1 - head * Math.cos(a - 0.45), s.y1 - head * Math.sin(a - 0.45));
        g.lineTo(s.x1 - head * Math.cos(a + 0.45), s.y1 - head * Math.sin(a + 0.45));
        g.closePath();
        g.fill();
      }
    }
  }, [ready, shapes, drag]);

  // A pointer position in image pixels. The canvas is shown with object-fit: contain (a tall photo is
  // capped at 60vh and letterboxed), so the drawn picture may be narrower than the element's box.
  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const c = canvas.current!;
    const r = c.getBoundingClientRect();
    const scale = Math.min(r.width / c.width, r.height / c.height);
    const left = r.left + (r.width - c.width * scale) / 2;
    const top = r.top + (r.height - c.height * scale) / 2;
    const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
    return [clamp((e.clientX - left) / scale, c.width), clamp((e.clientY - top) / scale, c.height)] as const;
  };

  async function save() {
    const c = canvas.current;
    if (!c || shapes.length === 0) return;
    setSaving(true);
    try {
      const blob = await new Promise<Blob>((resolve, reject) =>
        c.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas'))), 'image/jpeg', 0.9),
      );
      const name = photo.originalName.replace(/\.[^.]+$/, '') + '-marked.jpg';
      await uploadFile(uploadPath, new File([blob], name, { type: 'image/jpeg' }));
      message.success(t('cap.markupSaved'));
      onSaved();
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t('cap.markupTitle')}
      onCancel={onClose}
      width={720}
      centered
      rootClassName="markup-modal"
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={shapes.length === 0}
            loading={saving}
            onClick={save}
            data-testid="markup-save"
          >
            {t('cap.markupSave')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('cap.markupHint')}</Typography.Text>
        <Space wrap>
          <Segmented<Shape['kind']>
            size="large"
            value={tool}
            onChange={setTool}
            options={[
              { value: 'circle', label: t('cap.markupCircle') },
              { value: 'arrow', label: t('cap.markupArrow') },
            ]}
            data-testid="markup-tool"
          />
          <Button
            size="large"
            icon={<UndoOutlined />}
            disabled={shapes.length === 0}
            onClick={() => setShapes((s) => s.slice(0, -1))}
          >
            {t('cap.markupUndo')}
          </Button>
        </Space>
        <canvas
          ref={canvas}
          className="markup-canvas"
          role="img"
          aria-label={t('cap.markupTitle')}
          data-testid="markup-canvas"
          data-shapes={shapes.length}
          data-ready={ready}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            const [x, y] = at(e);
            setDrag({ kind: tool, x0: x, y0: y, x1: x, y1: y });
          }}
          onPointerMove={(e) => {
            if (!drag) return;
            const [x, y] = at(e);
            setDrag({ ...drag, x1: x, y1: y });
          }}
          onPointerUp={() => {
            if (drag && Math.hypot(drag.x1 - drag.x0, drag.y1 - drag.y0) > 4) setShapes((s) => [...s, drag]);
            setDrag(null);
          }}
          onPointerCancel={() => setDrag(null)}
        />
      </Space>
    </Modal>
  );
}
