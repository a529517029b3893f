import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Col, Collapse, Empty, Flex, List, Row, Space, Spin, Tag, Typography } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { ChecklistItemHit, ChecklistLibraryView, PageOf } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { useCurrentUser } from '../../app/current-user';
import { localName, useLang, useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { GradeTag, ItemDetail, ProvenanceTag, VersionStatusTag } from './ItemDetail';
import { ChecklistImportDialog } from './ChecklistImportDialog';
import { NewLibraryDialog } from './NewLibraryDialog';

/** The library browser: libraries with their versions, and full-text search across items (zh / en). */
export default function ChecklistsPage() {
  const t = useT();
  const [lang] = useLang();
  const me = useCurrentUser();
  const [sp, setSp] = useSearchParams();
  const q = sp.get('q') ?? '';
  const [importOpen, setImportOpen] = useState(false);
  const [newOpen, setNewOpen] = useState(false);
  const editor = me.role === 'admin' || me.role === 'leader';

  const libs = useQuery({
    queryKey: ['checklists'],
    queryFn: () => api<{ items: ChecklistLibraryView[] }>('/checklists'),
  });
  const hits = useQuery({
    queryKey: ['checklist-search', q],
    queryFn: () => api<PageOf<ChecklistItemHit>>('/checklists/items', { query: { q, pageSize: 50 } }),
    enabled: q.trim().length > 0,
  });

  return (
    <div data-testid="checklists-page">
      <PageHeader
        title={t('cl.title')}
        sub={<Typography.Text type="secondary">{t('cl.sub')}</Typography.Text>}
        extra={
          editor ? (
            <>
              <Button icon={<PlusOutlined />} onClick={() => setNewOpen(true)} data-testid="cl-new-library">
                {t('cl.newLibrary')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="cl-import">
                {t('cl.import')}
              </Button>
            </>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <SearchBox
          value={q}
          onSearch={(v) => setSp(v ? { q: v } : {})}
          placeholder={t('cl.search')}
          width="100%"
        />
      </Card>

      {q ? (
        <Card
          size="small"
          title={hits.data ? t('cl.searchHits', { n: hits.data.total }) : t('common.search')}
          data-testid="cl-search-results"
          style={{ marginBottom: 16 }}
        >
          {hits.isLoading ? (
            <Spin />
          ) : hits.error ? (
            <ErrorState error={hits.error} onRetry={() => hits.refetch()} />
          ) : !hits.data?.items.length ? (
            <Empty description={t('cl.empty')} />
          ) : (
            <Collapse
              size="small"
              items={hits.data.items.map((h) => ({
                key: h.id,
                label: (
                  <Flex gap={8} wrap align="center" data-testid={`hit-${h.item.code}`}>
                    <Tag>{h.item.code}</Tag>
                    <Typography.Text strong>{localName(lang, h.item.title)}</Typography.Text>
                    <GradeTag grade={h.item.handling.grade} />
                    <ProvenanceTag item={h.item} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localName(lang, h.library.name)} · {localName(lang, h.moduleName)}
                    </Typography.Text>
                  </Flex>
                ),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <ItemDetail item={h.item} />
                    <Link to={`/checklists/${h.library.id}?version=${h.versionId}&module=${h.moduleId}`}>
                      {t('common.details')}
                    </Link>
                  </Space>
                ),
              }))}
            />
          )}
        </Card>
      ) : null}

      {libs.error ? (
        <ErrorState error={libs.error} onRetry={() => libs.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          {(libs.data?.items ?? []).map((l) => (
            <Col xs={24} md={12} xl={8} key={l.id}>
              <Link to={`/checklists/${l.id}`} data-testid={`library-${l.code}`}>
                <Card
                  hoverable
                  size="small"
                  title={localName(lang, l.name)}
                  extra={
                    <Tag color={l.regionCode ? 'cyan' : 'geekblue'}>
                      {l.regionCode ? `${t('cl.local')} · ${l.regionName ?? l.regionCode}` : t('cl.national')}
                    </Tag>
                  }
                >
                  <List size="small" split={false}>
                    <List.Item>
                      <Space wrap size={4}>
                        <Tag>{t(`cl.scope.${l.scope}` as MessageKey)}</Tag>
                        {l.current?.scored ? <Tag color="volcano">{t('cl.scored')}</Tag> : null}
                        {l.extendsCode ? <Tag>{t('cl.extends', { code: l.extendsCode })}</Tag> : null}
                      </Space>
                    </List.Item>
                    <List.Item>
                      {l.current ? (
                        <Space size={6} wrap>
                          <VersionStatusTag status="published" />
                          <span>{t('cl.version', { n: l.current.version })}</span>
                          <Typography.Text type="secondary">{l.current.edition}</Typography.Text>
                          <span>{t('cl.items', { n: l.current.itemCount })}</span>
                        </Space>
                      ) : (
                        <Typography.Text type="secondary">{t('cl.noCurrent')}</Typography.Text>
                      )}
                    </List.Item>
                    {l.draft ? (
                      <List.Item>
                        <Space size={6}>
                          <VersionStatusTag status="draft" />
                          <span>{t('cl.version', { n: l.draft.version })}</span>
                          <span>{t('cl.items', { n: l.draft.itemCount })}</span>
                        </Space>
                      </List.Item>
                    ) : null}
                  </List>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      <ChecklistImportDialog open={importOpen} onClose={() => setImportOpen(false)} />
      <NewLibraryDialog open={newOpen} onClose={() => setNewOpen(false)} libraries={libs.data?.items ?? []} />
    </div>
  );
}
