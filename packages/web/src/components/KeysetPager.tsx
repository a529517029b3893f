import { Button, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { useT } from '../i18n/index.tsx';
import type { KeysetPaging } from '../lib/useKeysetPaging.ts';

/**
 * First / previous / next under a keyset list, with the (capped) total: "共 N 条" or, beyond the
 * server's count cap, "超过 N 条". Hidden when everything fits on one page.
 */
export function KeysetPager(props: {
  paging: KeysetPaging;
  page: { total: number; totalCapped: boolean; nextCursor: string | null } | undefined;
  testId?: string;
}) {
  const t = useT();
  const { paging, page } = props;
  if (!page || (!paging.hasPrev && !page.nextCursor)) {
    return page && page.total > 0 ? (
      <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'right', marginTop: 12 }}>
        {t('common.total', { n: page.total })}
      </Typography.Text>
    ) : null;
  }
  const total = page.totalCapped
    ? t('common.totalMoreThan', { n: page.total })
    : t('common.total', { n: page.total });
  return (
    <Space
      wrap
      style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}
      data-testid={props.testId ?? 'keyset-pager'}
    >
      <Typography.Text type="secondary">{total}</Typography.Text>
      {paging.pageNo !== null && (
        <Typography.Text>{t('common.pageNo', { n: paging.pageNo })}</Typography.Text>
      )}
      <Button
        size="small"
        icon={<VerticalRightOutlined />}
        disabled={!paging.hasPrev}
        onClick={paging.first}
        aria-label={t('common.firstPage')}
      />
      <Button size="small" icon={<LeftOutlined />} disabled={!paging.hasPrev} onClick={paging.prev}>
        {t('common.prevPage')}
      </Button>
      <Button
        size="small"
        disabled={!page.nextCursor}
        onClick={() => page.nextCursor && paging.next(page.nextCursor)}
        data-testid="keyset-next"
      >
        {t('common.nextPage')} <RightOutlined />
      </Button>
    </Space>
  );
}
