import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { DocumentView } from '@redline/contracts';
import { useOfficerCandidates } from '../../api/officers';
import { api } from '../../api/client';
import { errorMessage } from '../../components/ErrorState';
import { useCurrentUser } from '../../app/current-user';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

/**
 * The officers a document names, each with the law-enforcement certificate number (执法证号), and
 * whether they make the two the Administrative Penalty Law (2021) art. 42 requires. On a draft the
 * drafter names a colleague, and a named officer confirms their own part; officers of the inspection
 * the document comes from confirm on the inspection.
 */
export function DocumentOfficers({ d, onChange }: { d: DocumentView; onChange: () => void }) {
  const t = useT();
  const me = useCurrentUser();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<string | undefined>();
  const draft = d.status === 'draft';
  const canName = draft && ['admin', 'leader', 'inspector', 'duty_officer'].includes(me.role);
  const candidates = useOfficerCandidates(d.regionCode, canName);
  const run = async (path: string, method: 'POST' | 'DELETE', body?: unknown, ok?: string) => {
    setBusy(true);
    try {
      await api<DocumentView>(path, { method, body });
      if (ok) message.success(ok);
      onChange();
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };
  const mine = d.officers.find((o) => o.userId === me.id);
  const options = (candidates.data?.items ?? [])
    .filter((c) => !d.officers.some((o) => o.userId === c.userId))
    .map((c) => ({
      value: c.userId,
      label: `${c.displayName} · ${c.licenceNo ? t('doc.officers.licence', { n: c.licenceNo }) : t('doc.officers.noLicence')}`,
    }));
  return (
    <Card
      size="small"
      title={t('doc.officers.title')}
      style={{ marginBottom: 12 }}
      data-testid="document-officers"
    >
      <List
        size="small"
        dataSource={d.officers}
        locale={{ emptyText: t('doc.officers.none') }}
        renderItem={(o) => (
          <List.Item
            data-testid={`officer-${o.userId}`}
            extra={
              draft && o.source === 'document' && (o.userId === me.id || canName) ? (
                <Popconfirm
                  title={t('doc.officers.remove')}
                  onConfirm={() => run(`/documents/${d.id}/officers/${o.userId}`, 'DELETE')}
                >
                  <Button size="small" type="link" danger>
                    {t('doc.officers.remove')}
                  </Button>
                </Popconfirm>
              ) : null
            }
          >
            <Space wrap size={4}>
              <Typography.Text strong>{o.name}</Typography.Text>
              {o.licenceNo ? (
                <Typography.Text data-testid="officer-licence">
                  {t('doc.officers.licence', { n: o.licenceNo })}
                </Typography.Text>
              ) : (
                <Tag color="red">{t('doc.officers.noLicence')}</Tag>
              )}
              {o.confirmed ? (
                <Tag color="green">{t('doc.officers.confirmed')}</Tag>
              ) : (
                <Tag color="orange">{t('doc.officers.unconfirmed')}</Tag>
              )}
              <Tag>{t(`doc.officers.source.${o.source}` as MessageKey)}</Tag>
            </Space>
          </List.Item>
        )}
      />
      {draft ? (
        <Alert
          style={{ marginTop: 8 }}
          type={d.officerRule.ok ? 'success' : 'warning'}
          showIcon
          data-testid="officer-rule"
          message={d.officerRule.ok ? t('doc.officers.ruleOk') : t('doc.officers.rule')}
          description={
            d.officerRule.ok ? undefined : (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {d.officerRule.problems.map((p, i) => (
                  <li key={i}>{t(`in.blocker.${String(p.code)}` as MessageKey, p)}</li>
                ))}
              </ul>
            )
          }
        />
      ) : null}
      {draft ? (
        <Space wrap style={{ marginTop: 8 }}>
          {mine && !mine.confirmed && mine.source === 'document' ? (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={busy}
              onClick={() =>
                run(`/documents/${d.id}/officers/confirm`, 'POST', undefined, t('doc.officers.confirmDone'))
              }
              data-testid="confirm-officer"
            >
              {t('doc.officers.confirm')}
            </Button>
          ) : null}
          {canName ? (
            <Space.Compact>
              <Select
                style={{ minWidth: 240 }}
                showSearch
                optionFilterProp="label"
                placeholder={t('doc.officers.namePlaceholder')}
                loading={candidates.isLoading}
                options={options}
                value={picked}
                onChange={setPicked}
                data-testid="name-officer-select"
              />
              <Button
                disabled={!picked}
                loading={busy}
                onClick={async () => {
                  if (!picked) return;
                  await run(
                    `/documents/${d.id}/officers`,
                    'POST',
                    { userId: picked },
                    t('doc.officers.named'),
                  );
                  setPicked(undefined);
                }}
                data-testid="name-officer"
              >
                {t('doc.officers.name')}
              </Button>
            </Space.Compact>
          ) : null}
        </Space>
      ) : null}
    </Card>
  );
}
