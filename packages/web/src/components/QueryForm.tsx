import { useEffect, type ReactNode } from 'react';
import { Button, Card, Flex, Form } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useT } from '../i18n';

export type QueryValues = Record<string, string | undefined>;

/**
 * The query-and-reset filter form of Ant Design Pro's lists, on antd 6: fields are filled in, then
 * applied together with "Query" (or Enter); "Reset" clears them all. The values live in the URL
 * (`useUrlFilters`), so a filtered list can be bookmarked and the back button works.
 *
 *   <QueryForm values={{ q: sp.get('q') ?? undefined }} onQuery={(v) => set(v)} testId="hazard-query">
 *     <Form.Item name="q" label="…"><Input /></Form.Item>
 *   </QueryForm>
 */
export function QueryForm({
  values,
  onQuery,
  onReset,
  children,
  extra,
  testId = 'query-form',
}: {
  /** The filters in force (from the URL); the form shows them. */
  values: QueryValues;
  /** Applies the form's values (empty ones as undefined). */
  onQuery: (values: QueryValues) => void;
  /** Clears the filters (default: applies every key of `values` as undefined). */
  onReset?: () => void;
  children: ReactNode;
  extra?: ReactNode;
  testId?: string;
}) {
  const t = useT();
  const [form] = Form.useForm<QueryValues>();
  const key = JSON.stringify(values);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(values);
    // re-read only when the filters in force change (e.g. back button)
  }, [key]);
  // Only the form's own fields are applied (other URL filters stay); empty ones are dropped.
  const clean = (v: QueryValues): QueryValues =>
    Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === '' || x === null ? undefined : x]));

  return (
    <Card size="small" className="query-form" data-testid={testId} style={{ marginBottom: 12 }}>
      <Form
        form={form}
        layout="inline"
        initialValues={values}
        onFinish={(v) => onQuery(clean(v))}
        style={{ rowGap: 8 }}
      >
        {children}
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Flex gap={8}>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              data-testid={`${testId}-submit`}
            >
              {t('qf.query')}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                const empty = Object.fromEntries(Object.keys(values).map((k) => [k, undefined]));
                form.resetFields();
                form.setFieldsValue(empty);
                if (onReset) onReset();
                else onQuery(empty);
              }}
              data-testid={`${testId}-reset`}
            >
              {t('qf.reset')}
            </Button>
          </Flex>
        </Form.Item>
        {extra}
      </Form>
    </Card>
  );
}
