import type { ReactNode } from 'react';
import { Empty } from 'antd';

export interface SimpleListItem {
  key: string;
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
}

/** A plain stacked list (title, description, tags on the right) that wraps cleanly on a phone. */
export function SimpleList({
  items,
  empty,
  testId,
}: {
  items: SimpleListItem[];
  empty?: ReactNode;
  testId?: string;
}) {
  if (!items.length)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={empty}
        data-testid={testId ? `${testId}-empty` : undefined}
      />
    );
  return (
    <ul className="simple-list" data-testid={testId}>
      {items.map((it) => (
        <li key={it.key} className="simple-list-item">
          <div className="simple-list-main">
            <div className="simple-list-title">{it.title}</div>
            {it.description ? <div className="simple-list-desc">{it.description}</div> : null}
          </div>
          {it.extra ? <div className="simple-list-extra">{it.extra}</div> : null}
        </li>
      ))}
    </ul>
  );
}
