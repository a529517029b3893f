import { useEffect } from 'react';
import { App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { ChecklistItem } from '@redline/contracts';
import { errorMessage } from '../../components/ErrorState';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

const METHODS = ['look', 'measure', 'test', 'document', 'interview'] as const;
const MEASURES = ['rectification_order', 'onsite_treatment', 'stop_equipment', 'penalty'] as const;
const DIMS = ['industries', 'projectTypes', 'equipmentCategories', 'riskSourceKinds'] as const;

type FormValues = {
  code: string;
  titleZh: string;
  titleEn: string;
  checkZh: string;
  checkEn: string;
  method: string;
  criterionZh?: string;
  criterionEn?: string;
  grade: 'general' | 'major';
  rectifyDays?: number | null;
  measure: string;
  basis: string;
  keywords?: string;
  note?: string;
  scoringKind?: string;
  fullScore?: number;
  deductions?: string;
} & Partial<Record<(typeof DIMS)[number], string>>;

const lines = (s = '') =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const list = (s = '') =>
  s
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function toItem(v: FormValues, scored: boolean): ChecklistItem {
  const applies: Record<string, string[]> = {};
  for (const d of DIMS) if (list(v[d]).length) applies[d] = list(v[d]);
  const item: ChecklistItem = {
    code: v.code.trim(),
    title: { zh: v.titleZh.trim(), en: v.titleEn.trim() || v.titleZh.trim() },
    check: { zh: v.checkZh.trim(), en: v.checkEn.trim() || v.checkZh.trim() },
    method: {
      kind: v.method as ChecklistItem['method']['kind'],
      ...(v.criterionZh?.trim() && {
        criterion: { zh: v.criterionZh.trim(), en: v.criterionEn?.trim() || v.criterionZh.trim() },
      }),
    },
    handling: {
      grade: v.grade,
      measure: v.measure as ChecklistItem['handling']['measure'],
      ...(v.rectifyDays !== undefined && v.rectifyDays !== null && { rectifyDays: v.rectifyDays }),
    },
    basis: lines(v.basis).map((l) => {
      const [doc, clause] = l.split('|').map((s) => s.trim());
      return clause ? { doc, clause } : { doc };
    }),
    ...(Object.keys(applies).length && { applies: applies as ChecklistItem['applies'] }),
    ...(list(v.keywords).length && { keywords: list(v.keywords) }),
    ...(v.note?.trim() && { note: v.note.trim() }),
  };
  if (scored) {
    item.scoring = {
      kind: (v.scoringKind ?? 'general') as 'guarantee' | 'general',
      fullScore: v.fullScore ?? 10,
      deductions: lines(v.deductions).map((l) => {
        const [zh, en, points, minPoints, per] = l.split('|').map((s) => s.trim());
        return {
          zh,
          en: en || zh,
          points: Number(points),
          ...(minPoints && { minPoints: Number(minPoints) }),
          ...(per && { per: per as 'each' | 'person' }),
        };
      }),
    };
  }
  return item;
}

/**
 * An edited item keeps the edition and clause it encodes, but what was confirmed against a published
 * text was the old wording: unless nothing of the title, check, basis or scoring changed, it becomes
 * unverified, saying it was edited here.
 */
function withProvenance(before: ChecklistItem | null, after: ChecklistItem): ChecklistItem {
  const p = before?.provenance;
  if (!p) return after;
  const same = (k: 'title' | 'check' | 'basis' | 'scoring') =>
    JSON.stringify(before[k]) === JSON.stringify(after[k]);
  if (same('title') && same('check') && same('basis') && same('scoring')) return { ...after, provenance: p };
  return {
    ...after,
    provenance: {
      edition: p.edition,
      clause: p.clause,
      status: 'unverified',
      note: `在本系统中编辑过，需重新核对（编辑前：${p.status}${p.source ? `，${p.source}` : ''}）`,
    },
  };
}

function toForm(it: ChecklistItem | null): Partial<FormValues> {
  if (!it)
    return { method: 'look', grade: 'general', measure: 'rectification_order', scoringKind: 'general' };
  return {
    code: it.code,
    titleZh: it.title.zh,
    titleEn: it.title.en,
    checkZh: it.check.zh,
    checkEn: it.check.en,
    method: it.method.kind,
    criterionZh: it.method.criterion?.zh,
    criterionEn: it.method.criterion?.en,
    grade: it.handling.grade,
    rectifyDays: it.handling.rectifyDays ?? null,
    measure: it.handling.measure,
    basis: it.basis.map((b) => (b.clause ? `${b.doc} | ${b.clause}` : b.doc)).join('\n'),
    keywords: (it.keywords ?? []).join(', '),
    note: it.note,
    ...Object.fromEntries(DIMS.map((d) => [d, (it.applies?.[d] ?? []).join(', ')])),
    scoringKind: it.scoring?.kind,
    fullScore: it.scoring?.fullScore,
    deductions: (it.scoring?.deductions ?? [])
      .map((d) => [d.zh, d.en, d.points, d.minPoints ?? '', d.per ?? ''].join(' | ').replace(/( \| )+$/, ''))
      .join('\n'),
  };
}

/** Edits one item of a draft: every field of the library file, lists one per line. */
export function ItemEditor({
  open,
  item,
  scored,
  onClose,
  onSave,
}: {
  open: boolean;
  item: ChecklistItem | null;
  scored: boolean;
  onClose: () => void;
  onSave: (item: ChecklistItem) => Promise<unknown>;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    if (open) form.setFieldsValue(toForm(item) as FormValues);
  }, [open, item, form]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await onSave(withProvenance(item, toItem(v, scored)));
      onClose();
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  };
  const req = [{ required: true }];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={560}
      title={item ? t('cl.editItem') : t('cl.addItem')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={save} data-testid="item-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" data-testid="item-editor">
        <Form.Item
          name="code"
          label={t('cl.code')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/ }]}
        >
          <Input placeholder="B.1.11" />
        </Form.Item>
        <Form.Item name="titleZh" label={t('cl.titleZh')} rules={req}>
          <Input />
        </Form.Item>
        <Form.Item name="titleEn" label={t('cl.titleEn')}>
          <Input />
        </Form.Item>
        <Form.Item name="checkZh" label={t('cl.checkZh')} rules={req}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="checkEn" label={t('cl.checkEn')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="method" label={t('cl.how')} rules={req}>
            <Select
              style={{ width: 140 }}
              options={METHODS.map((m) => ({ value: m, label: t(`cl.method.${m}` as MessageKey) }))}
            />
          </Form.Item>
          <Form.Item name="grade" label={t('cap.grade')} rules={req}>
            <Select
              style={{ width: 140 }}
              options={(['general', 'major'] as const).map((g) => ({ value: g, label: t(`cl.grade.${g}`) }))}
            />
          </Form.Item>
          <Form.Item name="measure" label={t('cl.handling')} rules={req}>
            <Select
              style={{ width: 180 }}
              options={MEASURES.map((m) => ({ value: m, label: t(`cl.measure.${m}` as MessageKey) }))}
            />
          </Form.Item>
          <Form.Item name="rectifyDays" label={t('cap.rectifyDays')}>
            <InputNumber min={0} max={365} />
          </Form.Item>
        </Space>
        <Form.Item name="criterionZh" label={t('cl.criterion')}>
          <Input />
        </Form.Item>
        <Form.Item name="basis" label={t('cl.basisLines')} rules={req}>
          <Input.TextArea autoSize={{ minRows: 2 }} placeholder="中华人民共和国安全生产法 | 第四十一条" />
        </Form.Item>
        {DIMS.map((d) => (
          <Form.Item key={d} name={d} label={`${t('cl.applies')} · ${d}`}>
            <Input placeholder="building, municipal" />
          </Form.Item>
        ))}
        <Form.Item name="keywords" label={t('cl.keywords')}>
          <Input />
        </Form.Item>
        {scored ? (
          <>
            <Space wrap>
              <Form.Item name="scoringKind" label={t('cl.scoring')} rules={req}>
                <Select
                  style={{ width: 140 }}
                  options={[
                    { value: 'guarantee', label: t('cl.guarantee') },
                    { value: 'general', label: t('cl.general') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="fullScore" label={t('cl.fullScore', { n: '' })} rules={req}>
                <InputNumber min={0.5} max={100} step={0.5} />
              </Form.Item>
            </Space>
            <Form.Item name="deductions" label={t('cl.deductionLines')} rules={req}>
              <Input.TextArea autoSize={{ minRows: 3 }} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="note" label={t('cl.note')}>
          <Input.TextArea autoSize />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
