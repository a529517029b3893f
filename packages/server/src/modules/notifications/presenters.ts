import type { NotificationView } from '@redline/contracts';
import type { NoticeRow } from './repo.ts';

export const noticeView = (r: NoticeRow): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});
