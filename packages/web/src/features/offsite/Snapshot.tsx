import { useState } from 'react';
import { Empty } from 'antd';
import { useT } from '../../i18n';
import { tx, type Alarm } from './shared';

const BOX_COLOURS: Record<string, string> = {
  welding: '#ff4d4f',
  sparks: '#ffa940',
  fire: '#ff4d4f',
  smoke: '#bfbfbf',
  person: '#40a9ff',
};

/** The snapshot with the detections' boxes drawn over it (boxes are fractions of the frame). */
export function Snapshot({ alarm }: { alarm: Alarm }) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  const url = alarm.evidence.snapshotUrl;
  if (!url || failed)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('os.d.noSnapshot')} />;
  const boxes = alarm.evidence.detections.filter((d) => d.box);
  return (
    <div
      style={{
        position: 'relative',
        width: '100%',
        aspectRatio: '16 / 9',
        background: '#000',
        borderRadius: 6,
        overflow: 'hidden',
      }}
    >
      <img
        src={url}
        alt={t('os.d.snapshot')}
        data-testid="alarm-snapshot"
        onError={() => setFailed(true)}
        style={{ width: '100%', height: '100%', objectFit: 'fill', display: 'block' }}
      />
      <svg
        viewBox="0 0 100 100"
        preserveAspectRatio="none"
        style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}
      >
        {boxes.map((d, i) => (
          <rect
            key={i}
            x={d.box!.x * 100}
            y={d.box!.y * 100}
            width={d.box!.w * 100}
            height={d.box!.h * 100}
            fill="none"
            stroke={BOX_COLOURS[d.type] ?? '#52c41a'}
            strokeWidth={0.6}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      {boxes.map((d, i) => (
        <span
          key={i}
          style={{
            position: 'absolute',
            left: `${d.box!.x * 100}%`,
            top: `calc(${d.box!.y * 100}% - 20px)`,
            background: BOX_COLOURS[d.type] ?? '#52c41a',
            color: '#fff',
            fontSize: 12,
            padding: '1px 6px',
            borderRadius: 3,
            whiteSpace: 'nowrap',
          }}
        >
          {tx(t, `os.det.${d.type}`, d.type)} {Math.round(d.confidence * 100)}%
        </span>
      ))}
    </div>
  );
}
