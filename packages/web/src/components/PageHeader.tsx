import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** Title row of a page: title (and optional subtitle/tags) on the left, actions on the right; wraps on phones. */
export function PageHeader({
  title,
  sub,
  extra,
  testId,
}: {
  title: ReactNode;
  sub?: ReactNode;
  extra?: ReactNode;
  testId?: string;
}) {
  return (
    <Flex className="page-header" justify="space-between" align="center" wrap gap={12} data-testid={testId}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0, overflowWrap: 'anywhere' }}>
          {title}
        </Typography.Title>
        {sub ? <div style={{ marginTop: 4 }}>{sub}</div> : null}
      </div>
      {extra ? (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
