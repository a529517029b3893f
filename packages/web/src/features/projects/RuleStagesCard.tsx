import { useState } from 'react';
import { App as AntApp, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ruleScopeLevel } from '@redline/domain';
import type { RuleStagesView } from '@redline/contracts';
import { PROJECT_STAGES } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/session';
import { useLang, useT, type MessageKey } from '../../i18n/index.tsx';

type Stage = (typeof PROJECT_STAGES)[number];

/**
 * Alarm rules bound to project stages, set from the project page by a leader or administrator of a
 * province, city or district: a rule applies to project devices only in the chosen stages (empty =
 * always). The binding is the jurisdiction's, not this project's alone (the card says so).
 */
export function RuleStagesCard() {
  const t = useT();
  const [lang] = useLang();
  const me = useMe().data;
  const canSet = !!me && (me.role === 'admin' || me.role === 'leader') && !!ruleScopeLevel(me.regionCode);
  const q = useQuery({
    queryKey: ['rule-stage-bindings'],
    queryFn: () => api<RuleStagesView[]>('/alarm-rules/stage-bindings'),
    enabled: canSet,
  });
  if (!canSet || !q.data) return null;
  return (
    <Card size="small" title={t('pj.ruleStages')} style={{ marginBottom: 16 }} data-testid="rule-stages">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('pj.ruleStages.hint')}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={q.data}
        columns={[
          { title: t('pj.ruleStages.rule'), render: (_, r) => (lang === 'en' ? r.name.en : r.name.zh) },
          { title: t('pj.ruleStages.stages'), render: (_, r) => <StagesEditor rule={r} /> },
        ]}
      />
    </Card>
  );
}

function StagesEditor({ rule }: { rule: RuleStagesView }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [value, setValue] = useState<Stage[]>(rule.projectStages ?? []);
  const [busy, setBusy] = useState(false);
  const changed =
    JSON.stringify([...value].sort()) !== JSON.stringify([...(rule.projectStages ?? [])].sort());
  async function save() {
    setBusy(true);
    try {
      await api(`/alarm-rules/${rule.code}/stages`, {
        method: 'PUT',
        body: { projectStages: value.length ? value : null },
      });
      message.success(t('pj.ruleStages.saved'));
      await qc.invalidateQueries({ queryKey: ['rule-stage-bindings'] });
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space.Compact style={{ width: '100%' }} data-testid={`rule-stages-${rule.code}`}>
      <Select
        mode="multiple"
        style={{ minWidth: 220, flex: 1 }}
        placeholder={t('pj.ruleStages.always')}
        value={value}
        onChange={setValue}
        options={PROJECT_STAGES.map((s) => ({ value: s, label: t(`pj.stage.${s}` as MessageKey) }))}
      />
      <Button onClick={save} disabled={!changed} loading={busy} data-testid="rule-stages-save">
        {t('common.save')}
      </Button>
    </Space.Compact>
  );
}
