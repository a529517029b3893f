import { useRef } from 'react';
import type { FilterPatch } from './useUrlFilters.ts';

/**
 * Paging of a keyset list (issue 13): the server hands out `nextCursor`, an opaque position after a
 * page's last row. The URL keeps the cursor of the page on screen (`cursor`, absent on the first page),
 * so a page can be linked and reloaded; the cursors of the pages before it are remembered while the
 * list is open, so "previous" walks back. After a reload the way back is to the first page. A change
 * of filters drops the cursor (useUrlFilters), and with it the trail.
 */
export interface KeysetPaging {
  /** The `cursor` to send for the page on screen. */
  cursor: string | undefined;
  /** 1-based number of the page on screen, or null when it is not known (opened from a link). */
  pageNo: number | null;
  hasPrev: boolean;
  next(nextCursor: string): void;
  prev(): void;
  first(): void;
}

export function useKeysetPaging(
  params: URLSearchParams,
  set: (patch: FilterPatch, call?: { keepPage?: boolean }) => void,
): KeysetPaging {
  const cursor = params.get('cursor') ?? undefined;
  // trail[i] = the cursor of page i + 1 ('' for the first page); the last entry is the page shown.
  const trail = useRef<string[]>(['']);
  const at = trail.current.lastIndexOf(cursor ?? '');
  if (at === -1) trail.current = cursor ? [cursor] : [''];
  else trail.current = trail.current.slice(0, at + 1);
  const known = trail.current[0] === '';
  const go = (c: string | undefined) => set({ cursor: c }, { keepPage: true });
  return {
    cursor,
    pageNo: known ? trail.current.length : null,
    hasPrev: !!cursor,
    next: (nextCursor) => {
      trail.current = [...trail.current, nextCursor];
      go(nextCursor);
    },
    prev: () => {
      const before = trail.current.length > 1 ? trail.current[trail.current.length - 2] : '';
      go(before || undefined);
    },
    first: () => go(undefined),
  };
}
