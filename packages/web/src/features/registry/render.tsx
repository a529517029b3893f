import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { RegistryKind } from '../../lib/roles';
import { formatDateTime } from '../../lib/time';

export const dash = (v: ReactNode): ReactNode => (v === null || v === undefined || v === '' ? '—' : v);
export const fmtTime = (iso: string | null | undefined) => formatDateTime(iso);
export const fmtNumber = (n: number | null | undefined, digits = 2) =>
  n === null || n === undefined ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: digits });
export const detailPath = (kind: RegistryKind, id: string) => `/registry/${kind}/${id}`;

/** A link to another record, or a dash. */
export function RefLink({
  kind,
  id,
  name,
}: {
  kind: RegistryKind;
  id: string | null | undefined;
  name: string | null | undefined;
}) {
  if (!id) return <>{dash(name)}</>;
  return <Link to={detailPath(kind, id)}>{name || id.slice(0, 8)}</Link>;
}

export const latLng = (lat: number | null, lng: number | null) =>
  lat === null || lng === null ? '—' : `${lat.toFixed(6)}, ${lng.toFixed(6)}`;

/** A link to a record whose name the view does not carry: the name is fetched (and cached). */
export function FetchedRefLink({ kind, id }: { kind: RegistryKind; id: string | null | undefined }) {
  const { data } = useQuery({
    queryKey: [kind, id],
    queryFn: () => api<{ id: string; name?: string }>(`/${kind}/${id}`),
    enabled: !!id,
    staleTime: 60_000,
  });
  if (!id) return <>—</>;
  return <Link to={detailPath(kind, id)}>{data?.name ?? '…'}</Link>;
}
