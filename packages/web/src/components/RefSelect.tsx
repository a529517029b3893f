import { useEffect, useMemo, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { PageOf } from '@redline/contracts';
import { api } from '../api/client';
import { useT } from '../i18n';
import type { RegistryKind } from '../lib/roles';

type Row = { id: string } & Record<string, any>;

/** What a record of each kind looks like in a picker. */
export function refLabel(kind: RegistryKind, r: Row): string {
  switch (kind) {
    case 'enterprises':
      return r.creditCode ? `${r.name}（${r.creditCode}）` : r.name;
    case 'workers':
      return r.idNumberMasked ? `${r.name}  ${r.idNumberMasked}` : r.name;
    case 'certificates':
      return `${r.number} ${r.workerName ?? ''}`.trim();
    case 'equipment':
      return `${r.registrationCode} ${r.typeName ?? ''}`.trim();
    default:
      return r.name;
  }
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

interface Props {
  kind: RegistryKind;
  value?: string | null;
  onChange?: (v: string | null) => void;
  /** Called with the whole record when the user picks one (e.g. to copy the name). */
  onPick?: (row: Row | null) => void;
  params?: Record<string, string | undefined>;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  id?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** A searchable picker over a registry list endpoint (`/api/{kind}?q=`). */
export function RefSelect({
  kind,
  value,
  onChange,
  onPick,
  params,
  placeholder,
  disabled,
  allowClear = true,
  id,
  style,
  ...rest
}: Props) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useQuery({
    queryKey: [kind, 'pick', q, params],
    queryFn: ({ signal }) =>
      api<PageOf<Row>>(`/${kind}`, { query: { q: q || undefined, pageSize: 20, ...params }, signal }),
    staleTime: 30_000,
  });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const inList = !!value && items.some((r) => r.id === value);
  const selected = useQuery({
    queryKey: [kind, value],
    queryFn: () => api<Row>(`/${kind}/${value}`),
    enabled: !!value && !inList,
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const opts = items.map((r) => ({ value: r.id, label: refLabel(kind, r) }));
    if (value && !inList && selected.data) opts.unshift({ value, label: refLabel(kind, selected.data) });
    return opts;
  }, [items, value, inList, selected.data, kind]);

  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      value={value || undefined}
      options={options}
      disabled={disabled}
      allowClear={allowClear}
      placeholder={placeholder ?? t('form.search')}
      loading={list.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onChange={(v) => {
        const id = (v as string | undefined) ?? null;
        onChange?.(id);
        onPick?.(id ? (items.find((r) => r.id === id) ?? selected.data ?? null) : null);
        setSearch('');
      }}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
