import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import type { FormInstance, Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { api, fieldPath, isApiError } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { RefSelect } from '../../components/RefSelect';
import { RegionSelect } from '../../components/RegionSelect';
import type { MessageKey } from '../../i18n/zh';
import { creditCodeProblem } from '../../lib/credit-code';
import { residentIdProblem } from '../../lib/resident-id';
import { PARTY_ROLE_LIST } from './kinds/projects';
import type { Ctx, FieldDef, KindConfig } from './types';
import { useCtx } from './useCtx';

type Values = Record<string, any>;

const TEXT_TYPES = new Set(['text', 'textarea', 'creditCode', 'idNumber']);

/** Record → form values. */
function toFormValues(fields: FieldDef[], record: Values): Values {
  const v: Values = {};
  for (const f of fields) {
    const raw = record[f.name];
    if (f.type === 'date') v[f.name] = raw ? dayjs(raw) : null;
    else if (f.type === 'idNumber')
      v[f.name] = undefined; // only the masked number can be read back
    else if (f.type === 'parties') {
      const byRole: Values = {};
      for (const p of (raw ?? []) as Values[])
        byRole[p.role] = { enterpriseId: p.enterpriseId ?? undefined, name: p.name, contact: p.contact };
      v.parties = byRole;
    } else v[f.name] = raw ?? undefined;
  }
  return v;
}

function newFormValues(fields: FieldDef[], ctx: Ctx, defaults: Values): Values {
  const v: Values = {};
  for (const f of fields) {
    if (defaults[f.name] !== undefined) v[f.name] = defaults[f.name];
    else if (f.initial) v[f.name] = f.initial(ctx);
  }
  return v;
}

/** Form values → request body; also the order of the parties sent, to map `parties/<i>/…` errors back. */
function toBody(fields: FieldDef[], values: Values): { body: Values; partyRoles: string[] } {
  const body: Values = {};
  const partyRoles: string[] = [];
  for (const f of fields) {
    let v = values[f.name];
    if (f.type === 'parties') {
      const parties: Values[] = [];
      for (const role of PARTY_ROLE_LIST) {
        const p = (v ?? {})[role] ?? {};
        const name = typeof p.name === 'string' ? p.name.trim() : '';
        if (!name) continue;
        parties.push({ role, enterpriseId: p.enterpriseId ?? null, name, contact: (p.contact ?? '').trim() });
        partyRoles.push(role);
      }
      body.parties = parties;
      continue;
    }
    if (f.type === 'switch') {
      body[f.name] = !!v;
      continue;
    }
    if (f.type === 'date') v = v ? (v as Dayjs).format('YYYY-MM-DD') : null;
    if (typeof v === 'string') v = v.trim();
    const empty = v === undefined || v === null || v === '';
    if (!empty) {
      body[f.name] = v;
      continue;
    }
    const policy = f.empty ?? (TEXT_TYPES.has(f.type) ? 'string' : 'omit');
    if (policy === 'null') body[f.name] = null;
    else if (policy === 'string') body[f.name] = '';
  }
  return { body, partyRoles };
}

function rulesFor(f: FieldDef, ctx: Ctx, isEdit: boolean): Rule[] {
  const { t } = ctx;
  const label = t(f.labelKey);
  const rules: Rule[] = [];
  const isText = TEXT_TYPES.has(f.type);
  if (f.required || (f.requiredOnCreate && !isEdit))
    rules.push({
      required: true,
      whitespace: isText,
      message: t(isText || f.type === 'number' ? 'common.required' : 'common.requiredSelect', { label }),
    });
  if (isText && f.max) rules.push({ max: f.max, message: t('common.tooLong', { label, max: f.max }) });
  if (isText && f.min) rules.push({ min: f.min, message: t('common.tooShort', { label, min: f.min }) });
  if (f.type === 'creditCode')
    rules.push({
      validator: (_, value: string | undefined) => {
        if (!value) return Promise.resolve();
        const problem = creditCodeProblem(value);
        return problem ? Promise.reject(new Error(t(`enterprise.creditCode.${problem}`))) : Promise.resolve();
      },
    });
  if (f.type === 'idNumber')
    rules.push({
      validator: (_, value: string | undefined) => {
        if (!value) return Promise.resolve();
        const problem = residentIdProblem(value);
        if (!problem) return Promise.resolve();
        return Promise.reject(
          new Error(
            t(
              problem === 'format'
                ? 'worker.idNumberInvalid'
                : problem === 'birthdate'
                  ? 'worker.idNumberBirthdate'
                  : 'worker.idNumberCheck',
            ),
          ),
        );
      },
    });
  return rules;
}

/** Renders the control for a field; Form.Item injects value/onChange/id, passed on through `rest`. */
function FieldControl({
  f,
  ctx,
  isEdit,
  ...rest
}: {
  f: FieldDef;
  ctx: Ctx;
  isEdit: boolean;
  [prop: string]: any;
}) {
  const testId = `field-${f.name}`;
  const form = Form.useFormInstance();
  const values = Form.useWatch([], form) ?? {};
  switch (f.type) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} {...rest} data-testid={testId} />;
    case 'number':
      return (
        <InputNumber min={f.numMin} max={f.numMax} style={{ width: '100%' }} {...rest} data-testid={testId} />
      );
    case 'date':
      return <DatePicker style={{ width: '100%' }} {...rest} data-testid={testId} />;
    case 'switch':
      return <Switch {...rest} data-testid={testId} />;
    case 'select':
      return (
        <Select
          options={f.options?.(ctx, values) ?? []}
          allowClear={!f.required}
          showSearch={{ optionFilterProp: 'label' }}
          loading={!ctx.labels.ready}
          {...rest}
          data-testid={testId}
        />
      );
    case 'region':
      return <RegionSelect {...rest} data-testid={testId} placeholder="" allowClear={!f.required} />;
    case 'ref':
      return <RefSelect kind={f.ref!} allowClear={!f.required} {...rest} data-testid={testId} />;
    case 'creditCode':
      return (
        <Input
          {...rest}
          data-testid={testId}
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="91310116MA1J8XXXXX"
        />
      );
    case 'idNumber':
      return (
        <Input
          {...rest}
          data-testid={testId}
          spellCheck={false}
          autoComplete="off"
          placeholder={isEdit ? ctx.t('worker.idNumberEditHint') : undefined}
        />
      );
    default:
      return <Input {...rest} data-testid={testId} />;
  }
}

/** The five responsible parties, one small sub-form per role; picking a registered enterprise fills in its name. */
function PartiesEditor({ ctx, form }: { ctx: Ctx; form: FormInstance }) {
  const { t } = ctx;
  return (
    <Flex vertical gap={12} data-testid="field-parties">
      <Typography.Text type="secondary">{t('project.partiesHint')}</Typography.Text>
      {PARTY_ROLE_LIST.map((role) => (
        <Card
          key={role}
          size="small"
          title={ctx.labels.catalogue('party_role', role) || t(`party.${role}` as MessageKey)}
          data-testid={`party-form-${role}`}
        >
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name={['parties', role, 'enterpriseId']} label={t('project.party.enterprise')}>
                <RefSelect
                  kind="enterprises"
                  data-testid={`party-${role}-enterprise`}
                  onPick={(row) => {
                    if (row) form.setFieldValue(['parties', role, 'name'], row.name);
                  }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name={['parties', role, 'name']}
                label={t('project.party.name')}
                dependencies={[
                  ['parties', role, 'enterpriseId'],
                  ['parties', role, 'contact'],
                ]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, value: string | undefined) => {
                      const name = (value ?? '').trim();
                      const other =
                        getFieldValue(['parties', role, 'enterpriseId']) ||
                        (getFieldValue(['parties', role, 'contact']) ?? '').trim();
                      const label = t('project.party.name');
                      if (!name && other) return Promise.reject(new Error(t('common.required', { label })));
                      if (name && name.length < 2)
                        return Promise.reject(new Error(t('common.tooShort', { label, min: 2 })));
                      if (name.length > 120)
                        return Promise.reject(new Error(t('common.tooLong', { label, max: 120 })));
                      return Promise.resolve();
                    },
                  }),
                ]}
              >
                <Input data-testid={`party-${role}-name`} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name={['parties', role, 'contact']}
                label={t('project.party.contact')}
                rules={[
                  { max: 60, message: t('common.tooLong', { label: t('project.party.contact'), max: 60 }) },
                ]}
                style={{ marginBottom: 0 }}
              >
                <Input data-testid={`party-${role}-contact`} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      ))}
    </Flex>
  );
}

interface Props<T> {
  config: KindConfig;
  record?: T | null;
  /** Values for a new record (e.g. the parent it is created under). */
  defaults?: Values;
  open: boolean;
  onClose: () => void;
  onSaved: (saved: T) => void;
}

/** Create or edit any registry record; server validation errors are shown next to the field they name. */
export function RecordFormDrawer<T extends { id: string }>({
  config,
  record,
  defaults,
  open,
  onClose,
  onSaved,
}: Props<T>) {
  const ctx = useCtx();
  const { t } = ctx;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm();
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const isEdit = !!record;
  const fields = useMemo(() => config.fields.filter((f) => !(isEdit && f.createOnly)), [config, isEdit]);
  const initialValues = useMemo(
    () =>
      record
        ? { ...toFormValues(fields, record as Values), ...config.toForm?.(record) }
        : newFormValues(fields, ctx, defaults ?? {}),
    [record, fields, open],
  );

  async function onFinish(values: Values) {
    setFormError(null);
    setSaving(true);
    const { body, partyRoles } = toBody(fields, values);
    try {
      const saved = record
        ? await api<T>(`/${config.kind}/${record.id}`, { method: 'PATCH', body })
        : await api<T>(`/${config.kind}`, { method: 'POST', body });
      message.success(t(isEdit ? 'common.saved' : 'common.created'));
      await qc.invalidateQueries({ queryKey: [config.kind] });
      if (saved?.id) qc.setQueryData([config.kind, saved.id], saved);
      onSaved(saved);
    } catch (e) {
      if (isApiError(e) && e.field) {
        let path = fieldPath(e.field);
        if (path[0] === 'parties' && typeof path[1] === 'number')
          path = ['parties', partyRoles[path[1]] ?? PARTY_ROLE_LIST[0], ...path.slice(2)];
        const known = fields.some((f) => f.name === path[0]) && (path[0] !== 'parties' || path.length >= 3);
        if (known) {
          form.setFields([{ name: path, errors: [e.message] }]);
          form.scrollToField(path);
          setFormError(t('error.fixFields'));
          return;
        }
      }
      setFormError(errorMessage(t, e));
    } finally {
      setSaving(false);
    }
  }

  const title = t(isEdit ? 'form.editTitle' : 'form.createTitle', { kind: t(config.nounKey) });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={screens.md ? 760 : '100%'}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="record-drawer"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} data-testid="form-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="form-submit">
            {t('form.submit')}
          </Button>
        </Flex>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onFinishFailed={() => setFormError(t('error.fixFields'))}
        scrollToFirstError
        data-testid="record-form"
        name={`${config.kind}-form`}
      >
        {formError && (
          <Alert
            type="error"
            showIcon
            title={formError}
            style={{ marginBottom: 16 }}
            data-testid="form-error"
            role="alert"
          />
        )}
        <Row gutter={16}>
          {fields.map((f) =>
            f.type === 'parties' ? (
              <Col xs={24} key={f.name}>
                <Typography.Title level={5}>{t(f.labelKey)}</Typography.Title>
                <PartiesEditor ctx={ctx} form={form} />
              </Col>
            ) : (
              <Col xs={24} md={f.wide ? 24 : 12} key={f.name}>
                <Form.Item
                  name={f.name}
                  label={t(f.labelKey)}
                  rules={rulesFor(f, ctx, isEdit)}
                  valuePropName={f.type === 'switch' ? 'checked' : 'value'}
                  normalize={
                    f.type === 'creditCode' || f.type === 'idNumber'
                      ? (v: string) => (v ?? '').toUpperCase().replace(/\s/g, '')
                      : undefined
                  }
                  extra={f.extraKey ? t(f.extraKey) : undefined}
                  validateFirst
                >
                  <FieldControl f={f} ctx={ctx} isEdit={isEdit} />
                </Form.Item>
              </Col>
            ),
          )}
        </Row>
      </Form>
    </Drawer>
  );
}
