import { useSearchParams, type SetURLSearchParams } from 'react-router';

/** A change to the URL's filters: a value sets its parameter; undefined, null or '' removes it. */
export type FilterPatch = Record<string, string | number | null | undefined>;

export interface UrlFilterOptions {
  /** A change that does not set `page` itself goes back to page 1 (drops `page`). Default true. */
  resetPage?: boolean;
  /** Add a history entry per change instead of replacing the current one. Default false (replace). */
  push?: boolean;
}

/**
 * The search parameters after applying `patch` to `current` (which is left untouched). With
 * `resetPage`, `page` is dropped unless the patch names it, even as undefined (paging itself).
 */
export function nextSearchParams(
  current: URLSearchParams,
  patch: FilterPatch,
  resetPage: boolean,
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
  }
  // A keyset cursor is a position in one filtered list: it goes with the page number.
  if (resetPage && !('page' in patch) && !('cursor' in patch)) {
    next.delete('page');
    next.delete('cursor');
  }
  return next;
}

/**
 * A list page's filters kept in the URL, so a filtered list can be linked, reloaded and shared.
 * Returns the current parameters, a setter that applies a patch (`{ keepPage: true }` keeps the
 * page number for a change that isn't paging), and React Router's own setter for whole replacements.
 */
export function useUrlFilters(
  options: UrlFilterOptions = {},
): [URLSearchParams, (patch: FilterPatch, call?: { keepPage?: boolean }) => void, SetURLSearchParams] {
  const { resetPage = true, push = false } = options;
  const [params, setParams] = useSearchParams();
  const set = (patch: FilterPatch, call: { keepPage?: boolean } = {}) =>
    // pushing passes no options, as the pages did (a data router would read `replace: false` differently)
    setParams(
      nextSearchParams(params, patch, resetPage && !call.keepPage),
      push ? undefined : { replace: true },
    );
  return [params, set, setParams];
}
