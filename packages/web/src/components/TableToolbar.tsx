import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Button, Checkbox, Divider, Dropdown, Flex, Popover, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  ColumnHeightOutlined,
  FullscreenExitOutlined,
  FullscreenOutlined,
  ReloadOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { useT } from '../i18n';

export type Density = 'large' | 'middle' | 'small';
const DENSITIES: Density[] = ['large', 'middle', 'small'];

interface Saved {
  hidden: string[];
  density: Density;
}

const storageKey = (tableId: string) => `redline.table.${tableId}`;

function load(tableId: string, fallback: Density): Saved {
  try {
    const raw = localStorage.getItem(storageKey(tableId));
    if (raw) {
      const v = JSON.parse(raw) as Partial<Saved>;
      return {
        hidden: Array.isArray(v.hidden) ? v.hidden.filter((h) => typeof h === 'string') : [],
        density: DENSITIES.includes(v.density as Density) ? (v.density as Density) : fallback,
      };
    }
  } catch {
    /* storage unavailable or a bad value: the defaults */
  }
  return { hidden: [], density: fallback };
}

function columnKey<T>(c: ColumnsType<T>[number], i: number): string {
  if (c.key !== undefined && c.key !== null) return String(c.key);
  const di = (c as { dataIndex?: unknown }).dataIndex;
  if (typeof di === 'string') return di;
  if (Array.isArray(di)) return di.join('.');
  return String(i);
}

/**
 * The table toolbar of Ant Design Pro's ProTable, on antd 6: refresh, density, column settings
 * (show / hide, remembered per table on this device) and full screen. One component for every main
 * list page:
 *
 *   const tb = useTableToolbar('hazards', columns, { onRefresh: () => list.refetch() });
 *   <div ref={tb.ref}>{tb.toolbar}<Table columns={tb.columns} size={tb.size} … /></div>
 *
 * A column needs a `key` (or a string `dataIndex`); columns marked `fixed` or with the key of the
 * first column stay (a table never loses its identifying column).
 */
export function useTableToolbar<T>(
  tableId: string,
  columns: ColumnsType<T>,
  opts: { onRefresh?: () => void; refreshing?: boolean; extra?: ReactNode; title?: ReactNode } = {},
): {
  columns: ColumnsType<T>;
  size: Density;
  toolbar: ReactNode;
  ref: RefObject<HTMLDivElement | null>;
  hidden: string[];
} {
  const t = useT();
  const [saved, setSaved] = useState<Saved>(() => load(tableId, 'middle'));
  const ref = useRef<HTMLDivElement | null>(null);
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    try {
      localStorage.setItem(storageKey(tableId), JSON.stringify(saved));
    } catch {
      /* storage unavailable */
    }
  }, [tableId, saved]);
  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === ref.current && ref.current !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const all = useMemo(
    () =>
      columns.map((c, i) => ({
        key: columnKey(c, i),
        title: c.title as ReactNode,
        column: c,
        fixed: i === 0,
      })),
    [columns],
  );
  const visible = useMemo(
    () => all.filter((c) => c.fixed || !saved.hidden.includes(c.key)).map((c) => c.column),
    [all, saved.hidden],
  );
  const toggle = useCallback(
    (key: string, show: boolean) =>
      setSaved((s) => ({
        ...s,
        hidden: show ? s.hidden.filter((h) => h !== key) : [...new Set([...s.hidden, key])],
      })),
    [],
  );
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void ref.current?.requestFullscreen?.();
  };

  const settings = (
    <Flex vertical gap={4} style={{ minWidth: 180 }} data-testid={`tb-columns-panel`}>
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('tb.columns')}</Typography.Text>
        <Button
          size="small"
          type="link"
          onClick={() => setSaved((s) => ({ ...s, hidden: [] }))}
          data-testid="tb-columns-reset"
        >
          {t('tb.columns.reset')}
        </Button>
      </Flex>
      <Divider style={{ margin: '4px 0' }} />
      {all.map((c) => (
        <Checkbox
          key={c.key}
          checked={c.fixed || !saved.hidden.includes(c.key)}
          disabled={c.fixed}
          onChange={(e) => toggle(c.key, e.target.checked)}
          data-testid={`tb-col-${c.key}`}
        >
          {c.title}
        </Checkbox>
      ))}
    </Flex>
  );

  const toolbar = (
    <Flex
      justify="space-between"
      align="center"
      gap={8}
      wrap
      className="table-toolbar"
      data-testid="table-toolbar"
    >
      <div style={{ minWidth: 0 }}>{opts.title}</div>
      <Flex gap={4} align="center" wrap>
        {opts.extra}
        {opts.onRefresh && (
          <Tooltip title={t('tb.refresh')}>
            <Button
              type="text"
              icon={<ReloadOutlined spin={opts.refreshing} />}
              onClick={opts.onRefresh}
              aria-label={t('tb.refresh')}
              data-testid="tb-refresh"
            />
          </Tooltip>
        )}
        <Dropdown
          trigger={['click']}
          menu={{
            selectable: true,
            selectedKeys: [saved.density],
            items: DENSITIES.map((d) => ({
              key: d,
              label: <span data-testid={`tb-density-${d}`}>{t(`tb.density.${d}`)}</span>,
            })),
            onClick: ({ key }) => setSaved((s) => ({ ...s, density: key as Density })),
          }}
        >
          <Tooltip title={t('tb.density')}>
            <Button
              type="text"
              icon={<ColumnHeightOutlined />}
              aria-label={t('tb.density')}
              data-testid="tb-density"
              data-density={saved.density}
            />
          </Tooltip>
        </Dropdown>
        <Popover trigger="click" placement="bottomRight" content={settings}>
          <Tooltip title={t('tb.columns')}>
            <Button
              type="text"
              icon={<SettingOutlined />}
              aria-label={t('tb.columns')}
              data-testid="tb-columns"
              data-hidden={saved.hidden.join(',')}
            />
          </Tooltip>
        </Popover>
        <Tooltip title={fullscreen ? t('tb.exitFullscreen') : t('tb.fullscreen')}>
          <Button
            type="text"
            icon={fullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
            onClick={toggleFullscreen}
            aria-label={fullscreen ? t('tb.exitFullscreen') : t('tb.fullscreen')}
            data-testid="tb-fullscreen"
          />
        </Tooltip>
      </Flex>
    </Flex>
  );

  return { columns: visible, size: saved.density, toolbar, ref, hidden: saved.hidden };
}
