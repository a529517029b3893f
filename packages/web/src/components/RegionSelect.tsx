import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import type { RegionDetail, RegionList, RegionSearchResult } from '@redline/contracts';
import { api } from '../api/client';
import { useLabels } from '../api/reference';
import { useCurrentUser } from '../app/current-user';
import { localName, useLang, useT } from '../i18n';

interface Props {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  /** The name a screen reader gives it, where no visible label is tied to it (filter bars). */
  'aria-label'?: string;
  'data-testid'?: string;
}

/** A flat tree node (antd treeDataSimpleMode): id/pId link children to parents. */
interface FlatNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

/**
 * Administrative regions of the user's jurisdiction only. The national list has ~45,000 regions, so the
 * tree starts from what /api/reference carries (provinces, cities, counties and the towns near the user)
 * and loads a county's towns when it is opened (/api/regions?parent=…); typing searches the whole list
 * (/api/regions/search) and adds the hits with their parents.
 */
export function RegionSelect({ value, onChange, placeholder, allowClear = true, style, id, ...rest }: Props) {
  const me = useCurrentUser();
  const labels = useLabels();
  const t = useT();
  const [lang] = useLang();
  const prefix = me.regionCode ?? '';
  const [loaded, setLoaded] = useState<Map<string, FlatNode>>(new Map());
  const [searching, setSearching] = useState(false);
  const opened = useRef(new Set<string>());

  const toFlat = useCallback(
    (
      r: { code: string; zh: string; en: string; parentCode: string | null; level: string },
      leaf?: boolean,
    ) => ({
      id: r.code,
      pId:
        r.parentCode && r.parentCode.startsWith(prefix) && r.parentCode.length >= prefix.length
          ? r.parentCode
          : null,
      value: r.code,
      title: localName(lang, r) ?? r.code,
      isLeaf: leaf ?? r.level === 'town',
    }),
    [lang, prefix],
  );

  // The nodes /api/reference already carries, inside the jurisdiction (the jurisdiction itself included).
  const base = useMemo(() => {
    const nodes = new Map<string, FlatNode>();
    for (const root of labels.regionTree(prefix)) {
      const walk = (n: { value: string; title: string; children?: (typeof root)[] }, pId: string | null) => {
        nodes.set(n.value, {
          id: n.value,
          pId,
          value: n.value,
          title: n.title,
          isLeaf: n.value.length === 9,
        });
        for (const c of n.children ?? []) walk(c, n.value);
      };
      walk(root, null);
    }
    return nodes;
  }, [labels, prefix]);

  const add = useCallback(
    (nodes: FlatNode[]) =>
      setLoaded((prev) => {
        const next = new Map(prev);
        for (const n of nodes) if (n.value.startsWith(prefix)) next.set(n.value, n);
        return next;
      }),
    [prefix],
  );

  // A selected town the tree does not know yet: fetch it with its parents, so its name shows.
  useEffect(() => {
    if (!value || base.has(value) || loaded.has(value)) return;
    let live = true;
    api<RegionDetail>(`/regions/${value}`)
      .then(
        (d) => live && add(d.path.map((r) => toFlat(r, r.code === d.region.code ? d.region.isLeaf : false))),
      )
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [value, base, loaded, add, toFlat]);

  const loadData = useCallback(
    async (node: { value?: unknown }) => {
      const code = String(node.value ?? '');
      if (!code || opened.current.has(code)) return;
      opened.current.add(code);
      const { items } = await api<RegionList>('/regions', { query: { parent: code } });
      add(items.map((r) => toFlat(r, r.isLeaf)));
    },
    [add, toFlat],
  );

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onSearch = useCallback(
    (q: string) => {
      clearTimeout(timer.current);
      const text = q.trim();
      if (text.length < 1) return;
      timer.current = setTimeout(() => {
        setSearching(true);
        api<RegionSearchResult>('/regions/search', { query: { q: text, within: prefix } })
          .then(({ items }) =>
            add(
              items.flatMap((h) => [
                ...h.path.filter((p) => p.code.startsWith(prefix)).map((p) => toFlat(p, false)),
                toFlat(h.region, h.region.isLeaf),
              ]),
            ),
          )
          .catch(() => undefined)
          .finally(() => setSearching(false));
      }, 250);
    },
    [add, prefix, toFlat],
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  const treeData = useMemo(() => {
    const all = new Map(base);
    for (const [k, n] of loaded) {
      const known = all.get(k);
      all.set(k, known ? { ...known, isLeaf: n.isLeaf } : n);
    }
    // A node whose parent is not in the list (outside the jurisdiction) is a root.
    return [...all.values()]
      .map((n) => (n.pId && !all.has(n.pId) ? { ...n, pId: null } : n))
      .sort((a, b) => a.value.localeCompare(b.value));
  }, [base, loaded]);

  const roots = useMemo(() => treeData.filter((n) => n.pId === null).map((n) => n.value), [treeData]);

  return (
    <TreeSelect
      id={id}
      data-testid={rest['data-testid']}
      aria-label={rest['aria-label']}
      value={value || undefined}
      onChange={(v) => onChange?.((v as string) || undefined)}
      treeDataSimpleMode
      treeData={treeData}
      loadData={loadData}
      placeholder={placeholder ?? t('list.regionPlaceholder')}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title', onSearch }}
      treeDefaultExpandedKeys={roots.length <= 3 ? roots : []}
      loading={!labels.ready || searching}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}
