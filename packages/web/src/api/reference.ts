import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Reference } from '@redline/contracts';
import { api } from './client';
import { localName, useLang, type Lang } from '../i18n';

export const useReference = (enabled = true) =>
  useQuery({
    queryKey: ['reference'],
    queryFn: () => api<Reference>('/reference'),
    staleTime: Infinity,
    enabled,
  });

export interface Option {
  value: string;
  label: string;
}
export interface TreeNode {
  value: string;
  title: string;
  key: string;
  children?: TreeNode[];
}

export interface Labels {
  ready: boolean;
  lang: Lang;
  catalogue: (kind: string, code: string | null | undefined) => string;
  catalogueOptions: (kind: string) => Option[];
  region: (code: string | null | undefined) => string;
  certCategory: (code: string | null | undefined) => string;
  certCategoryOptions: (track?: string) => Option[];
  equipCategory: (code: string | null | undefined) => string;
  equipCategoryOptions: () => Option[];
  authority: (id: string | null | undefined) => string;
  authorityOptions: (regionPrefix?: string) => Option[];
  /** Regions under the prefix (the user's jurisdiction; '' = all) as a tree for TreeSelect. */
  regionTree: (prefix: string) => TreeNode[];
}

export function makeLabels(ref: Reference | undefined, lang: Lang): Labels {
  const regions = new Map((ref?.regions ?? []).map((r) => [r.code, r]));
  const certs = new Map((ref?.certificateCategories ?? []).map((c) => [c.code, c]));
  const equip = new Map((ref?.equipmentCategories ?? []).map((c) => [c.code, c]));
  const authorities = new Map((ref?.authorities ?? []).map((a) => [a.id, a]));
  const catalogue = ref?.catalogue ?? {};
  return {
    ready: !!ref,
    lang,
    catalogue: (kind, code) =>
      code
        ? (localName(
            lang,
            catalogue[kind]?.find((i) => i.code === code),
          ) ?? code)
        : '',
    catalogueOptions: (kind) =>
      (catalogue[kind] ?? []).map((i) => ({ value: i.code, label: localName(lang, i) ?? i.code })),
    region: (code) => (code ? (localName(lang, regions.get(code)) ?? code) : ''),
    certCategory: (code) => (code ? (localName(lang, certs.get(code)) ?? code) : ''),
    certCategoryOptions: (track) =>
      (ref?.certificateCategories ?? [])
        .filter((c) => !track || c.track === track)
        .map((c) => ({ value: c.code, label: `${localName(lang, c)} (${c.code})` })),
    equipCategory: (code) => (code ? (localName(lang, equip.get(code)) ?? code) : ''),
    equipCategoryOptions: () =>
      (ref?.equipmentCategories ?? []).map((c) => ({ value: c.code, label: localName(lang, c) ?? c.code })),
    authority: (id) => (id ? (authorities.get(id)?.name ?? '') : ''),
    authorityOptions: (prefix = '') =>
      (ref?.authorities ?? [])
        .filter((a) => a.regionCode.startsWith(prefix) || prefix.startsWith(a.regionCode))
        .map((a) => ({ value: a.id, label: a.name })),
    regionTree: (prefix) => {
      const inScope = (ref?.regions ?? [])
        .filter((r) => r.code.startsWith(prefix))
        .sort((a, b) => a.code.localeCompare(b.code));
      const nodes = new Map<string, TreeNode>();
      for (const r of inScope)
        nodes.set(r.code, { value: r.code, key: r.code, title: localName(lang, r) ?? r.code });
      const roots: TreeNode[] = [];
      for (const r of inScope) {
        const node = nodes.get(r.code)!;
        const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
        if (parent) (parent.children ??= []).push(node);
        else roots.push(node);
      }
      return roots;
    },
  };
}

/** Names for reference codes in the current language. */
export function useLabels(): Labels {
  const { data } = useReference();
  const [lang] = useLang();
  return useMemo(() => makeLabels(data, lang), [data, lang]);
}
