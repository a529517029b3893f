import { useNavigate } from 'react-router';
import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChecklistLibraryView } from '@redline/contracts';
import { api } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { localName, useLang, useT } from '../../i18n';

/** A new library (local modules on top of a national one, or a national library for system administrators). */
export function NewLibraryDialog({
  open,
  onClose,
  libraries,
}: {
  open: boolean;
  onClose: () => void;
  libraries: ChecklistLibraryView[];
}) {
  const t = useT();
  const [lang] = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const create = useMutation({
    mutationFn: (v: { code: string; zh: string; en: string; scope: string; extendsLibraryId?: string }) =>
      api<ChecklistLibraryView>('/checklists', {
        method: 'POST',
        body: {
          code: v.code,
          name: { zh: v.zh, en: v.en },
          scope: v.scope,
          ...(v.extendsLibraryId && { extendsLibraryId: v.extendsLibraryId }),
        },
      }),
    onSuccess: async (lib) => {
      await qc.invalidateQueries({ queryKey: ['checklists'] });
      onClose();
      navigate(`/checklists/${lib.id}?version=${lib.draft?.id ?? ''}`);
    },
    onError: (e) => message.error(errorMessage(t, e)),
  });
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('cl.newLibrary')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        initialValues={{ scope: 'industry' }}
      >
        <Form.Item
          name="code"
          label={t('cl.code')}
          rules={[{ required: true, pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: 'a-z 0-9 -' }]}
        >
          <Input placeholder="jinshan-chemical-park" />
        </Form.Item>
        <Form.Item name="zh" label={t('cl.nameZh')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="en" label={t('cl.nameEn')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="scope" label={t('wz.kind')}>
          <Select
            options={['construction', 'industry', 'special_equipment'].map((s) => ({
              value: s,
              label: t(`cl.scope.${s}` as never),
            }))}
          />
        </Form.Item>
        <Form.Item name="extendsLibraryId" label={t('cl.extendsLib')}>
          <Select
            allowClear
            options={libraries
              .filter((l) => !l.regionCode)
              .map((l) => ({ value: l.id, label: localName(lang, l.name) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
