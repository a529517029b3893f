import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextSearchParams, type FilterPatch } from '../src/lib/useUrlFilters';

const q = (s: string) => new URLSearchParams(s);
const str = (sp: URLSearchParams) => sp.toString();

describe('nextSearchParams: a patch applied to the URL filters', () => {
  it('sets a value and keeps the other filters', () => {
    expect(str(nextSearchParams(q('status=open&grade=major'), { q: 'scaffold' }, true))).toBe(
      'status=open&grade=major&q=scaffold',
    );
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['empty string', ''],
  ])('removes a filter set to %s', (_, v) => {
    expect(str(nextSearchParams(q('status=open&grade=major'), { grade: v }, false))).toBe('status=open');
  });

  it('writes numbers as text, 0 included', () => {
    expect(str(nextSearchParams(q(''), { page: 3, pageSize: 0 }, true))).toBe('page=3&pageSize=0');
  });

  it('a filter change goes back to page 1 (drops page) when resetPage is on', () => {
    expect(str(nextSearchParams(q('status=open&page=4'), { status: 'closed' }, true))).toBe('status=closed');
    expect(str(nextSearchParams(q('page=4'), {}, true))).toBe('');
  });

  it('paging keeps its own page, and a patch naming page as undefined still counts as paging', () => {
    expect(str(nextSearchParams(q('status=open&page=4'), { page: '5' }, true))).toBe('status=open&page=5');
    expect(str(nextSearchParams(q('page=4&pageSize=50'), { page: undefined, pageSize: 50 }, true))).toBe(
      'pageSize=50',
    );
  });

  it('a keyset cursor is a position in one filtered list: a filter change drops it, paging sets it', () => {
    expect(str(nextSearchParams(q('status=open&cursor=abc'), { status: 'closed' }, true))).toBe(
      'status=closed',
    );
    expect(str(nextSearchParams(q('status=open&cursor=abc'), { cursor: 'def' }, true))).toBe(
      'status=open&cursor=def',
    );
    expect(str(nextSearchParams(q('status=open&cursor=abc'), { cursor: undefined }, true))).toBe(
      'status=open',
    );
  });

  it('without resetPage the page number stays', () => {
    expect(str(nextSearchParams(q('page=4&from=2025-01-01'), { from: undefined }, false))).toBe('page=4');
  });

  it('leaves the current parameters untouched', () => {
    const current = q('status=open&page=2');
    nextSearchParams(current, { status: undefined }, true);
    expect(str(current)).toBe('status=open&page=2');
  });
});

// The setters the list pages carried before the hook, verbatim but for the setSearchParams call;
// the shared function must give the same URL for anything those pages could pass.
const copies = {
  /** Cases, Documents, Hazards, Inspections list */
  resetUnlessPaging(sp: URLSearchParams, patch: Record<string, string | undefined>) {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    return next;
  },
  /** Hazard statistics, checklist library */
  noReset(sp: URLSearchParams, patch: Record<string, string | undefined>) {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return next;
  },
  /** Devices: drops page per key that isn't page (its calls all pass one key) */
  devices(sp: URLSearchParams, patch: Record<string, string | undefined>) {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
      if (k !== 'page') next.delete('page');
    }
    return next;
  },
  /** Off-site console: null as well */
  offsite(sp: URLSearchParams, patch: Record<string, string | undefined | null>) {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    return next;
  },
  /** Registry lists and users: numbers too, page kept only when the caller says so */
  registry(prev: URLSearchParams, changes: FilterPatch, keepPage = false) {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!keepPage) next.delete('page');
    return next;
  },
};

describe('nextSearchParams gives what each replaced copy gave', () => {
  const key = fc.constantFrom('page', 'pageSize', 'q', 'status', 'kind', 'id', 'from', 'new');
  const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 6 }));
  const current = fc.array(fc.tuple(key, text), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs));
  const stringPatch = fc.dictionary(key, fc.option(text, { nil: undefined }), { maxKeys: 4 });
  const anyPatch = fc.dictionary(
    key,
    fc.oneof(text, fc.integer({ min: -3, max: 300 }), fc.constant(null), fc.constant(undefined)),
    { maxKeys: 4 },
  );
  const same = (a: URLSearchParams, b: URLSearchParams) => {
    expect(str(a)).toBe(str(b));
  };

  it('the list pages that reset the page (resetPage on)', () => {
    fc.assert(
      fc.property(current, stringPatch, (sp, patch) =>
        same(nextSearchParams(sp, patch, true), copies.resetUnlessPaging(sp, patch)),
      ),
    );
  });

  it('statistics and library (resetPage off)', () => {
    fc.assert(
      fc.property(current, stringPatch, (sp, patch) =>
        same(nextSearchParams(sp, patch, false), copies.noReset(sp, patch)),
      ),
    );
  });

  it('devices, for the one-key patches it sends', () => {
    const oneKey = fc.tuple(key, fc.option(text, { nil: undefined })).map(([k, v]) => ({ [k]: v }));
    fc.assert(
      fc.property(current, oneKey, (sp, patch) =>
        same(nextSearchParams(sp, patch, true), copies.devices(sp, patch)),
      ),
    );
  });

  it('the off-site console, null included (resetPage off)', () => {
    const nullable = fc.dictionary(key, fc.oneof(text, fc.constant(null), fc.constant(undefined)), {
      maxKeys: 4,
    });
    fc.assert(
      fc.property(current, nullable, (sp, patch) =>
        same(nextSearchParams(sp, patch, false), copies.offsite(sp, patch)),
      ),
    );
  });

  it('registry and users: paging (names page) and other changes; keepPage without page', () => {
    fc.assert(
      fc.property(current, anyPatch, fc.option(text, { nil: undefined }), (sp, patch, page) => {
        const { page: _, ...filters } = patch;
        // a filter change resets; paging passes page (even undefined) with keepPage = true
        same(nextSearchParams(sp, filters, true), copies.registry(sp, filters));
        same(
          nextSearchParams(sp, { ...filters, page }, true),
          copies.registry(sp, { ...filters, page }, true),
        );
        // `{ keepPage: true }` on a change that doesn't name page (registry's `?new=1` clean-up)
        same(nextSearchParams(sp, filters, false), copies.registry(sp, filters, true));
      }),
    );
  });
});
