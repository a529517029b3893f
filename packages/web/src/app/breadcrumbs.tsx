import type { NavItem } from './nav';

export interface Crumb {
  key: string;
  labelKey: NavItem['labelKey'];
  /** Where the crumb links (none for groups and for the page itself). */
  path?: string;
}

/**
 * The breadcrumb of a location from the navigation tree (Ant Design Pro's convention): home, the
 * groups down to the entry whose path is the longest prefix of the location, and "details" when the
 * location is below that entry (a record's page). Home alone on the home page.
 */
export function breadcrumbsFor(pathname: string, nav: NavItem[]): Crumb[] {
  const home: Crumb = { key: 'home', labelKey: 'layout.home', path: '/' };
  if (pathname === '/' || pathname === '') return [{ key: 'home', labelKey: 'layout.home' }];
  let best: { chain: NavItem[]; len: number } | undefined;
  const visit = (list: NavItem[], chain: NavItem[]) => {
    for (const it of list) {
      const here = [...chain, it];
      if (it.path && it.path !== '/') {
        const match = pathname === it.path || pathname.startsWith(`${it.path}/`);
        if (match && (!best || it.path.length > best.len)) best = { chain: here, len: it.path.length };
      }
      if (it.children) visit(it.children, here);
    }
  };
  visit(nav, []);
  if (!best) return [home];
  const crumbs: Crumb[] = [home];
  for (const it of best.chain) crumbs.push({ key: it.key, labelKey: it.labelKey, path: it.path });
  const last = best.chain[best.chain.length - 1];
  if (last.path !== pathname) crumbs.push({ key: 'details', labelKey: 'common.details' });
  else crumbs[crumbs.length - 1] = { ...crumbs[crumbs.length - 1], path: undefined };
  return crumbs;
}
