import { useEffect, useState } from 'react';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  Modal,
  Select,
  Spin,
  Typography,
} from 'antd';
import { Link } from 'react-router';
import { useOfficerCandidates } from '../../api/officers';
import { useCurrentUser } from '../../app/current-user';
import { FilePdfOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import type { Alarm } from './shared';

type Kind = 'rectification_order' | 'treatment_decision';
interface Draft {
  kind: Kind;
  title: string;
  fields: Record<string, any>;
}
interface Issued {
  kind: string;
  id: string;
  number: string | null;
  status?: string;
  pdfUrl: string | null;
}

/**
 * Off-site enforcement in one dialog: the rectification order and the on-site treatment decision,
 * pre-filled from the alarm's evidence; the officer adjusts the deadline, findings and measures and
 * issues both at once. The server issues them through the enforcement flow (numbered PDFs).
 */
export function EnforceDialog({
  alarm,
  open,
  onClose,
}: {
  alarm: Alarm;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const preview = useQuery({
    queryKey: ['alarm', alarm.id, 'enforcement'],
    queryFn: () => api<{ drafts: Draft[]; available: boolean }>(`/alarms/${alarm.id}/enforcement`),
    enabled: open,
  });
  const [chosen, setChosen] = useState<Kind[]>(['rectification_order', 'treatment_decision']);
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [findings, setFindings] = useState('');
  const [measures, setMeasures] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued[] | null>(null);
  // The second law-enforcement officer (Administrative Penalty Law 2021 art. 42): named here, they
  // confirm on each document; until then the documents stay drafts.
  const [coOfficer, setCoOfficer] = useState<string | undefined>();
  const me = useCurrentUser();
  const candidates = useOfficerCandidates(alarm.regionCode, open);
  const order = preview.data?.drafts.find((d) => d.kind === 'rectification_order');
  const decision = preview.data?.drafts.find((d) => d.kind === 'treatment_decision');

  useEffect(() => {
    if (!order || !decision) return;
    setDeadline(dayjs(order.fields.deadline));
    setFindings(decision.fields.findingsText);
    setMeasures((decision.fields.measures as Array<{ text: string }>).map((m) => m.text).join('\n'));
  }, [order, decision]);

  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ documents: Issued[] }>(`/alarms/${alarm.id}/enforcement`, {
        method: 'POST',
        body: {
          documents: chosen,
          ...(deadline && { deadline: deadline.format('YYYY-MM-DD') }),
          findings: findings.trim() || undefined,
          ...(coOfficer && { coOfficerId: coOfficer }),
          measures: measures
            .split('\n')
            .map((m) => m.trim())
            .filter(Boolean),
        },
      });
      setIssued(res.documents);
      const numbers = res.documents.filter((d) => d.number).map((d) => d.number);
      if (numbers.length) message.success(t('os.e.issued', { numbers: numbers.join('、') }));
      else message.info(t('os.e.awaitingOfficer'));
      await qc.invalidateQueries({ queryKey: ['alarms'] });
      await qc.invalidateQueries({ queryKey: ['alarm', alarm.id] });
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('os.e.title')}
      width={860}
      destroyOnHidden
      footer={
        issued ? (
          <Button onClick={onClose}>{t('common.close')}</Button>
        ) : (
          <Button
            type="primary"
            danger
            loading={busy}
            disabled={!chosen.length || !order}
            onClick={issue}
            data-testid="enforce-issue"
          >
            {t('os.e.issue')}
          </Button>
        )
      }
    >
      {preview.isLoading ? (
        <Spin />
      ) : issued ? (
        <Flex vertical gap={8} data-testid="enforce-issued">
          {issued.some((d) => d.number) ? (
            <Alert
              type="success"
              showIcon
              message={t('os.e.issued', {
                numbers: issued
                  .filter((d) => d.number)
                  .map((d) => d.number)
                  .join('、'),
              })}
            />
          ) : null}
          {issued.some((d) => !d.number) ? (
            <Alert type="warning" showIcon message={t('os.e.awaitingOfficer')} />
          ) : null}
          {issued.map((d) => (
            <Flex key={d.id} gap={8} align="center">
              {d.number ? (
                <Typography.Text strong data-testid="issued-number">
                  {d.number}
                </Typography.Text>
              ) : (
                <Link to={`/documents/${d.id}`} data-testid="drafted-document">
                  {t('os.e.draftAwaiting')}
                </Link>
              )}
              <Typography.Text type="secondary">{t(`os.e.${d.kind}` as MessageKey)}</Typography.Text>
              {d.pdfUrl && (
                <a href={d.pdfUrl} target="_blank" rel="noreferrer">
                  <FilePdfOutlined /> {t('os.e.pdf')}
                </a>
              )}
            </Flex>
          ))}
        </Flex>
      ) : order && decision ? (
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('os.e.intro')}
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon message={error} data-testid="enforce-error" />}
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('os.e.coOfficer')}</Typography.Text>
            <Select
              style={{ minWidth: 280 }}
              showSearch
              allowClear
              optionFilterProp="label"
              placeholder={t('os.e.coOfficerPlaceholder')}
              loading={candidates.isLoading}
              value={coOfficer}
              onChange={setCoOfficer}
              options={(candidates.data?.items ?? [])
                .filter((c) => c.userId !== me.id && c.licenceNo)
                .map((c) => ({ value: c.userId, label: `${c.displayName} · 执法证号 ${c.licenceNo}` }))}
              data-testid="enforce-co-officer"
            />
          </Flex>
          <Card
            size="small"
            title={
              <Checkbox
                checked={chosen.includes('rectification_order')}
                onChange={(e) =>
                  setChosen((c) =>
                    e.target.checked
                      ? [...c, 'rectification_order']
                      : c.filter((k) => k !== 'rectification_order'),
                  )
                }
                data-testid="enforce-pick-rectification_order"
              >
                {t('os.e.rectification_order')}
              </Checkbox>
            }
          >
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('os.d.enterprise')}>{order.fields.subjectName}</Descriptions.Item>
              <Descriptions.Item label={t('os.e.hazard')}>
                <Typography.Text data-testid="prefill-hazard">
                  {order.fields.hazards[0].title}
                  {order.fields.hazards[0].descriptionSuffix}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('os.e.basis')}>
                {order.fields.hazards[0].legalBasisText}
              </Descriptions.Item>
              <Descriptions.Item label={t('os.e.deadline')}>
                <DatePicker
                  value={deadline}
                  onChange={setDeadline}
                  allowClear={false}
                  disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day')}
                  data-testid="enforce-deadline"
                />
              </Descriptions.Item>
              <Descriptions.Item label={t('os.e.remarks')}>{order.fields.remarks}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            size="small"
            title={
              <Checkbox
                checked={chosen.includes('treatment_decision')}
                onChange={(e) =>
                  setChosen((c) =>
                    e.target.checked
                      ? [...c, 'treatment_decision']
                      : c.filter((k) => k !== 'treatment_decision'),
                  )
                }
                data-testid="enforce-pick-treatment_decision"
              >
                {t('os.e.treatment_decision')}
              </Checkbox>
            }
          >
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('os.e.findings')}</Typography.Text>
              <Input.TextArea
                value={findings}
                onChange={(e) => setFindings(e.target.value)}
                autoSize={{ minRows: 3, maxRows: 8 }}
                data-testid="enforce-findings"
              />
              <Typography.Text type="secondary">{t('os.e.measures')}</Typography.Text>
              <Input.TextArea
                value={measures}
                onChange={(e) => setMeasures(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 6 }}
                data-testid="enforce-measures"
              />
            </Flex>
          </Card>
        </Flex>
      ) : (
        <Alert type="error" message={preview.error ? String((preview.error as Error).message) : '—'} />
      )}
    </Modal>
  );
}
