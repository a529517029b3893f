import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useUrlFilters } from '../../lib/useUrlFilters';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  Dropdown,
  Empty,
  Flex,
  Form,
  Input,
  Menu,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChecklistItem,
  ChecklistItemHit,
  ChecklistLibraryView,
  ChecklistVersionView,
  PageOf,
} from '@redline/contracts';
import { api, downloadFile } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { PageSpin } from '../../app/AppLayout';
import { localName, useLang, useT } from '../../i18n';
import { GradeTag, ItemDetail, ProvenanceTag, VersionStatusTag } from './ItemDetail';
import { ItemEditor } from './ItemEditor';
import { ChecklistImportDialog } from './ChecklistImportDialog';

/** One library: its versions, modules and items (what / how / handling / basis); drafts edited here. */
export default function LibraryPage() {
  const { id } = useParams();
  const t = useT();
  const [lang] = useLang();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [sp, set] = useUrlFilters({ resetPage: false });
  const [editing, setEditing] = useState<{ open: boolean; hit: ChecklistItemHit | null }>({
    open: false,
    hit: null,
  });
  const [moduleOpen, setModuleOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [moduleForm] = Form.useForm();

  const lib = useQuery({
    queryKey: ['checklists', id],
    queryFn: () => api<ChecklistLibraryView>(`/checklists/${id}`),
  });
  const versionId =
    sp.get('version') || lib.data?.draft?.id || lib.data?.current?.id || lib.data?.versions[0]?.id;
  const version = useQuery({
    queryKey: ['checklist-version', versionId],
    queryFn: () => api<ChecklistVersionView>(`/checklist-versions/${versionId}`),
    enabled: !!versionId,
  });
  const moduleId = sp.get('module') || version.data?.modules[0]?.id;
  const items = useQuery({
    queryKey: ['checklist-items', versionId, moduleId],
    queryFn: () =>
      api<PageOf<ChecklistItemHit>>(`/checklist-versions/${versionId}/items`, { query: { moduleId } }),
    enabled: !!versionId && !!moduleId,
  });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['checklists'] });
    await qc.invalidateQueries({ queryKey: ['checklist-version'] });
    await qc.invalidateQueries({ queryKey: ['checklist-items'] });
  };
  const act = useMutation({
    mutationFn: (a: { path: string; method?: 'POST' | 'DELETE' | 'PUT' | 'PATCH'; body?: unknown }) =>
      api<unknown>(a.path, { method: a.method ?? 'POST', body: a.body }),
    onError: (e) => message.error(errorMessage(t, e)),
  });

  const v = version.data;
  const editable = !!v?.canEdit;
  const currentModule = useMemo(() => v?.modules.find((m) => m.id === moduleId), [v, moduleId]);
  if (lib.error) return <ErrorState error={lib.error} onRetry={() => lib.refetch()} />;
  if (!lib.data) return <PageSpin />;
  const l = lib.data;

  const newDraft = async () => {
    const d = (await act.mutateAsync({ path: `/checklists/${l.id}/drafts` })) as ChecklistVersionView;
    await refresh();
    set({ version: d.id, module: undefined });
  };
  const publish = async () => {
    await act.mutateAsync({ path: `/checklist-versions/${versionId}/publish` });
    message.success(t('cl.published', { n: v!.version }));
    await refresh();
  };
  const exportAs = (format: 'yaml' | 'json' | 'xlsx') =>
    downloadFile(
      `/checklist-versions/${versionId}/export`,
      { format },
      `${l.code}-v${v?.version}.${format}`,
    ).catch((e) => message.error(errorMessage(t, e)));

  return (
    <div data-testid="library-page">
      <PageHeader
        title={localName(lang, l.name)}
        sub={
          <Space wrap size={4}>
            <Tag color={l.regionCode ? 'cyan' : 'geekblue'}>
              {l.regionCode ? `${t('cl.local')} · ${l.regionName ?? l.regionCode}` : t('cl.national')}
            </Tag>
            <Tag>{l.code}</Tag>
            {v ? <Typography.Text type="secondary">{v.edition}</Typography.Text> : null}
            {v?.scored ? <Tag color="volcano">{t('cl.scored')}</Tag> : null}
          </Space>
        }
        extra={
          <>
            <Select
              value={versionId}
              style={{ minWidth: 180 }}
              onChange={(val) => set({ version: val, module: undefined })}
              data-testid="version-select"
              options={l.versions.map((x) => ({
                value: x.id,
                label: `${t('cl.version', { n: x.version })} · ${t(`cl.status.${x.status}` as never)}`,
              }))}
            />
            <Dropdown
              menu={{
                items: (['yaml', 'json', 'xlsx'] as const).map((f) => ({
                  key: f,
                  label: f.toUpperCase(),
                  onClick: () => exportAs(f),
                })),
              }}
            >
              <Button icon={<DownloadOutlined />}>{t('cl.export')}</Button>
            </Dropdown>
            {l.canEdit && !l.draft ? (
              <Button
                icon={<EditOutlined />}
                onClick={newDraft}
                loading={act.isPending}
                data-testid="cl-new-draft"
              >
                {t('cl.newDraft')}
              </Button>
            ) : null}
            {l.canEdit ? (
              <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
                {t('cl.import')}
              </Button>
            ) : null}
            {editable ? (
              <>
                <Popconfirm title={t('cl.publishConfirm')} onConfirm={publish} okText={t('cl.publish')}>
                  <Button type="primary" data-testid="cl-publish">
                    {t('cl.publish')}
                  </Button>
                </Popconfirm>
                <Popconfirm
                  title={t('cl.discardConfirm')}
                  onConfirm={async () => {
                    await act.mutateAsync({ path: `/checklist-versions/${versionId}`, method: 'DELETE' });
                    set({ version: undefined, module: undefined });
                    await refresh();
                  }}
                >
                  <Button danger>{t('cl.discard')}</Button>
                </Popconfirm>
              </>
            ) : null}
            {l.canEdit && v?.status === 'published' ? (
              <Popconfirm
                title={t('cl.retireConfirm')}
                onConfirm={async () => {
                  await act.mutateAsync({ path: `/checklist-versions/${versionId}/retire` });
                  await refresh();
                }}
              >
                <Button>{t('cl.retire')}</Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      {v && !editable && v.status !== 'draft' && l.canEdit ? (
        <Alert type="info" showIcon message={t('cl.readOnly')} style={{ marginBottom: 12 }} />
      ) : null}
      {version.error ? <ErrorState error={version.error} /> : null}
      {!v ? (
        version.isLoading ? (
          <PageSpin />
        ) : (
          <Empty />
        )
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={7}>
            <Card
              size="small"
              title={t('cl.modules')}
              extra={<VersionStatusTag status={v.status} />}
              styles={{ body: { padding: 0 } }}
            >
              <Menu
                mode="inline"
                selectedKeys={moduleId ? [moduleId] : []}
                onClick={(e) => set({ module: e.key })}
                style={{ borderInlineEnd: 0 }}
                items={v.modules.map((m) => ({
                  key: m.id,
                  label: (
                    <Flex justify="space-between" gap={8} data-testid={`module-${m.code}`}>
                      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                        {m.code} {localName(lang, m.name)}
                      </span>
                      <Typography.Text type="secondary">{m.itemCount}</Typography.Text>
                    </Flex>
                  ),
                }))}
              />
              {editable ? (
                <div style={{ padding: 8 }}>
                  <Button
                    block
                    icon={<PlusOutlined />}
                    onClick={() => setModuleOpen(true)}
                    data-testid="add-module"
                  >
                    {t('cl.addModule')}
                  </Button>
                </div>
              ) : null}
            </Card>
          </Col>
          <Col xs={24} lg={17}>
            <Card
              size="small"
              title={
                currentModule ? (
                  <Space wrap>
                    <span>
                      {currentModule.code} {localName(lang, currentModule.name)}
                    </span>
                    {currentModule.table ? <Tag>{t('cl.table', { t: currentModule.table })}</Tag> : null}
                  </Space>
                ) : (
                  t('cl.module')
                )
              }
              extra={
                editable && currentModule ? (
                  <Space>
                    <Button
                      size="small"
                      icon={<PlusOutlined />}
                      onClick={() => setEditing({ open: true, hit: null })}
                      data-testid="add-item"
                    >
                      {t('cl.addItem')}
                    </Button>
                    <Popconfirm
                      title={t('cl.deleteModule')}
                      onConfirm={async () => {
                        await act.mutateAsync({
                          path: `/checklist-modules/${currentModule.id}`,
                          method: 'DELETE',
                        });
                        set({ module: undefined });
                        await refresh();
                      }}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} />
                    </Popconfirm>
                  </Space>
                ) : null
              }
            >
              {currentModule?.description && localName(lang, currentModule.description) ? (
                <Typography.Paragraph type="secondary">
                  {localName(lang, currentModule.description)}
                </Typography.Paragraph>
              ) : null}
              {items.isLoading ? (
                <Spin />
              ) : !items.data?.items.length ? (
                <Empty />
              ) : (
                <Collapse
                  size="small"
                  defaultActiveKey={items.data.items.length <= 3 ? items.data.items.map((h) => h.id) : []}
                  items={items.data.items.map((h) => ({
                    key: h.id,
                    label: (
                      <Flex gap={8} wrap align="center" data-testid={`item-${h.item.code}`}>
                        <Tag>{h.item.code}</Tag>
                        <Typography.Text strong>{localName(lang, h.item.title)}</Typography.Text>
                        <GradeTag grade={h.item.handling.grade} />
                        <ProvenanceTag item={h.item} />
                        {h.item.scoring ? (
                          <Tag color={h.item.scoring.kind === 'guarantee' ? 'volcano' : 'default'}>
                            {h.item.scoring.fullScore}
                          </Tag>
                        ) : null}
                      </Flex>
                    ),
                    extra: editable ? (
                      <Space onClick={(e) => e.stopPropagation()}>
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setEditing({ open: true, hit: h })}
                          data-testid={`edit-${h.item.code}`}
                        />
                        <Popconfirm
                          title={t('cl.deleteItem')}
                          onConfirm={async () => {
                            await act.mutateAsync({ path: `/checklist-items/${h.id}`, method: 'DELETE' });
                            await refresh();
                          }}
                        >
                          <Button size="small" danger icon={<DeleteOutlined />} />
                        </Popconfirm>
                      </Space>
                    ) : null,
                    children: <ItemDetail item={h.item} />,
                  }))}
                />
              )}
            </Card>
          </Col>
        </Row>
      )}
      <ItemEditor
        open={editing.open}
        item={editing.hit?.item ?? null}
        scored={!!v?.scored}
        onClose={() => setEditing({ open: false, hit: null })}
        onSave={async (item: ChecklistItem) => {
          if (editing.hit) await api(`/checklist-items/${editing.hit.id}`, { method: 'PUT', body: { item } });
          else
            await api(`/checklist-versions/${versionId}/items`, { method: 'POST', body: { moduleId, item } });
          message.success(t('common.saved'));
          await refresh();
        }}
      />
      <Modal
        open={moduleOpen}
        title={t('cl.addModule')}
        onCancel={() => setModuleOpen(false)}
        onOk={() => moduleForm.submit()}
        destroyOnHidden
      >
        <Form
          form={moduleForm}
          layout="vertical"
          onFinish={async (m) => {
            const res = (await act.mutateAsync({
              path: `/checklist-versions/${versionId}/modules`,
              body: {
                code: m.code,
                name: { zh: m.zh, en: m.en || m.zh },
                ...(m.table && { table: m.table, hasSplit: !!m.hasSplit }),
              },
            })) as ChecklistVersionView;
            setModuleOpen(false);
            await refresh();
            const added = res.modules.find((x) => x.code === m.code);
            if (added) set({ module: added.id });
          }}
        >
          <Form.Item
            name="code"
            label={t('cl.code')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/ }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="zh" label={t('cl.nameZh')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="en" label={t('cl.nameEn')}>
            <Input />
          </Form.Item>
          {v?.scored ? (
            <Space>
              <Form.Item name="table" label={t('cl.table', { t: '' })}>
                <Input style={{ width: 100 }} />
              </Form.Item>
              <Form.Item
                name="hasSplit"
                label={`${t('cl.guarantee')}/${t('cl.general')}`}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Space>
          ) : null}
        </Form>
      </Modal>
      <ChecklistImportDialog open={importOpen} onClose={() => setImportOpen(false)} libraryId={l.id} />
    </div>
  );
}
