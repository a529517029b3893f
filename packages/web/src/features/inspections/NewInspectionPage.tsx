import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Spin,
  Steps,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import {
  INSPECTION_KINDS,
  type InspectionGroupView,
  type InspectionTargetKind,
  type InspectionView,
  type PageOf,
  type Proposal,
} from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../app/current-user';
import { localName, useLang, useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { GradeTag } from '../checklists/ItemDetail';
import { TARGET_PATHS } from './shared';
import './inspections.css';

const TARGET_KINDS = ['project', 'enterprise', 'site', 'equipment'] as const;
const KIND_COLOURS: Record<InspectionTargetKind, string> = {
  project: 'blue',
  enterprise: 'purple',
  site: 'cyan',
  equipment: 'orange',
};

/** Create an inspection in three steps: target and kind, the items proposed from the target's profile (editable), the team. */
export default function NewInspectionPage() {
  const t = useT();
  const [lang] = useLang();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const isEnterprise = me.role === 'enterprise_manager';
  const [step, setStep] = useState(0);
  const [targetKind, setTargetKind] = useState<InspectionTargetKind>(
    (sp.get('targetKind') as InspectionTargetKind) || 'project',
  );
  // Which kinds the search looks in: all of them unless narrowed (what is typed decides the kind).
  const [filter, setFilter] = useState<InspectionTargetKind | 'all'>('all');
  const [targetLabel, setTargetLabel] = useState<string | null>(null);
  const [targetId, setTargetId] = useState<string | undefined>(sp.get('targetId') ?? undefined);
  const [kind, setKind] = useState<string>(isEnterprise ? 'self' : 'routine');
  const [topic, setTopic] = useState('');
  const [groupId, setGroupId] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [members, setMembers] = useState<string[]>([]);
  const [plannedOn, setPlannedOn] = useState(dayjs());

  const searchKinds = filter === 'all' ? TARGET_KINDS : [filter];
  const targetPages = useQueries({
    queries: TARGET_KINDS.map((k) => ({
      queryKey: ['target-search', k, search.trim()],
      queryFn: () =>
        api<PageOf<Record<string, any>>>(`/${TARGET_PATHS[k]}`, {
          query: { q: search.trim(), pageSize: filter === 'all' ? 6 : 20 },
        }),
      enabled: searchKinds.includes(k),
    })),
  });
  const targetsFetching = targetPages.some((q) => q.isFetching);
  const targetHits = TARGET_KINDS.flatMap((k, i) =>
    searchKinds.includes(k)
      ? (targetPages[i].data?.items ?? []).map((r) => ({
          kind: k,
          id: String(r.id),
          name: String(r.name ?? [r.typeName, r.registrationCode].filter(Boolean).join(' ')),
        }))
      : [],
  );
  const groups = useQuery({
    queryKey: ['inspection-groups'],
    queryFn: () => api<{ items: InspectionGroupView[] }>('/inspection-groups'),
    enabled: kind === 'group',
  });
  const proposal = useQuery({
    queryKey: ['proposal', targetKind, targetId],
    queryFn: () => api<Proposal>('/inspections/proposal', { query: { targetKind, targetId } }),
    enabled: !!targetId,
  });

  // Start from the proposal: proposed items chosen, me on the team.
  useEffect(() => {
    if (!proposal.data) return;
    setChosen(
      new Set(
        proposal.data.libraries.flatMap((l) =>
          l.modules.flatMap((m) => m.items.filter((i) => i.proposed).map((i) => i.itemId)),
        ),
      ),
    );
    setMembers((m) =>
      m.length ? m : proposal.data!.candidates.some((c) => c.userId === me.id) ? [me.id] : [],
    );
  }, [proposal.data, me.id]);

  const candidates = useMemo(
    () => (proposal.data?.candidates ?? []).filter((c) => kind === 'cross' || !c.outsideJurisdiction),
    [proposal.data, kind],
  );
  const create = useMutation({
    mutationFn: () =>
      api<InspectionView>('/inspections', {
        method: 'POST',
        body: {
          kind,
          targetKind,
          targetId,
          itemIds: [...chosen],
          ...(members.length && { memberIds: members }),
          ...(topic.trim() && { topic: topic.trim() }),
          ...(groupId && { groupId }),
          plannedOn: plannedOn.format('YYYY-MM-DD'),
        },
      }),
    onSuccess: (v) => navigate(`/inspections/${v.id}/capture`),
    onError: (e) => message.error(errorMessage(t, e)),
  });

  const toggle = (ids: string[], on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const kinds = isEnterprise
    ? ['self']
    : INSPECTION_KINDS.filter(
        (k) => k !== 'self' && (k !== 'cross' || ['leader', 'admin'].includes(me.role)),
      );

  const stepTarget = (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Text strong id="wz-kind-label">
          {t('wz.kind')}
        </Typography.Text>
        <Select
          style={{ width: '100%', marginTop: 4 }}
          size="large"
          aria-labelledby="wz-kind-label"
          value={kind}
          onChange={setKind}
          options={kinds.map((k) => ({ value: k, label: t(`in.kind.${k}` as MessageKey) }))}
          data-testid="wz-kind"
        />
      </div>
      {kind === 'special' ? (
        <Input
          size="large"
          placeholder={t('in.topic')}
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
          data-testid="wz-topic"
        />
      ) : null}
      {kind === 'group' ? (
        <Select
          size="large"
          style={{ width: '100%' }}
          placeholder={t('in.group')}
          aria-label={t('in.group')}
          value={groupId}
          onChange={setGroupId}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
      ) : null}
      <div>
        <Typography.Text strong id="wz-target-label">
          {t('wz.pickTarget')}
        </Typography.Text>
        <Input.Search
          size="large"
          allowClear
          style={{ marginTop: 4 }}
          placeholder={t('wz.searchAny')}
          aria-labelledby="wz-target-label"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          loading={targetsFetching}
          data-testid="wz-target"
        />
        <Radio.Group
          className="wz-filter"
          optionType="button"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label={t('wz.targetKind')}
          options={(['all', ...TARGET_KINDS] as const).map((k) => ({
            value: k,
            label: k === 'all' ? t('wz.kindAll') : t(`in.target.${k}` as MessageKey),
          }))}
          data-testid="wz-target-kind"
        />
        {targetId && targetLabel ? (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 8 }}
            message={t('wz.picked', { name: targetLabel, kind: t(`in.target.${targetKind}` as MessageKey) })}
            data-testid="wz-picked"
          />
        ) : null}
        <div className="wz-hits" role="radiogroup" aria-labelledby="wz-target-label" data-testid="wz-hits">
          {targetHits.map((h) => {
            const on = h.id === targetId && h.kind === targetKind;
            return (
              <button
                type="button"
                role="radio"
                aria-checked={on}
                key={`${h.kind}:${h.id}`}
                className={`wz-hit${on ? ' on' : ''}`}
                onClick={() => {
                  setTargetKind(h.kind);
                  setTargetId(h.id);
                  setTargetLabel(h.name);
                }}
                data-testid="wz-hit"
                data-kind={h.kind}
              >
                <span className="wz-hit-name">{h.name}</span>
                <Tag color={KIND_COLOURS[h.kind]} className="wz-hit-kind">
                  {t(`in.target.${h.kind}` as MessageKey)}
                </Tag>
              </button>
            );
          })}
          {!targetsFetching && targetHits.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                search.trim()
                  ? filter === 'all'
                    ? t('wz.noHitsAny', { q: search.trim() })
                    : t('wz.noHitsKind', {
                        q: search.trim(),
                        kind: t(`in.target.${filter}` as MessageKey),
                      })
                  : t('wz.noTargets')
              }
              data-testid="wz-no-hits"
            >
              {search.trim() && filter !== 'all' ? (
                <Button onClick={() => setFilter('all')} data-testid="wz-search-all">
                  {t('wz.searchAll')}
                </Button>
              ) : null}
            </Empty>
          ) : null}
          {targetsFetching && targetHits.length === 0 ? <Spin /> : null}
        </div>
      </div>
    </Space>
  );

  const stepItems = proposal.error ? (
    <ErrorState error={proposal.error} />
  ) : !proposal.data ? (
    <Spin />
  ) : (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        message={`${t('wz.proposed', { n: proposal.data.libraries.reduce((n, l) => n + l.proposedCount, 0) })} · ${t('wz.chosen', { n: chosen.size })}`}
        data-testid="wz-chosen"
      />
      {proposal.data.libraries.map((l) => {
        const all = l.modules.flatMap((m) => m.items.map((i) => i.itemId));
        const on = all.filter((i) => chosen.has(i)).length;
        return (
          <Card
            key={l.versionId}
            size="small"
            title={
              <Checkbox
                indeterminate={on > 0 && on < all.length}
                checked={on > 0 && on === all.length}
                onChange={(e) => toggle(all, e.target.checked)}
                data-testid={`wz-lib-${l.code}`}
              >
                {localName(lang, l.name)}
              </Checkbox>
            }
            extra={
              <Space size={4}>
                {l.scored ? <Tag color="volcano">{t('cl.scored')}</Tag> : null}
                {!l.applicable ? <Tag>{t('wz.notApplicable')}</Tag> : null}
                <Tag>
                  {on}/{all.length}
                </Tag>
              </Space>
            }
          >
            {l.scored ? <Typography.Text type="secondary">{t('wz.wholeTable')}</Typography.Text> : null}
            <Collapse
              size="small"
              ghost
              items={l.modules.map((m) => {
                const ids = m.items.map((i) => i.itemId);
                const n = ids.filter((i) => chosen.has(i)).length;
                return {
                  key: m.moduleId,
                  label: (
                    <Checkbox
                      onClick={(e) => e.stopPropagation()}
                      indeterminate={n > 0 && n < ids.length}
                      checked={n > 0 && n === ids.length}
                      onChange={(e) => toggle(ids, e.target.checked)}
                      data-testid={`wz-module-${m.code}`}
                    >
                      {m.code} {localName(lang, m.name)}{' '}
                      <Typography.Text type="secondary">
                        ({n}/{ids.length})
                      </Typography.Text>
                    </Checkbox>
                  ),
                  children: (
                    <Space direction="vertical" size={2} style={{ width: '100%' }}>
                      {m.items.map((i) => (
                        <Checkbox
                          key={i.itemId}
                          checked={chosen.has(i.itemId)}
                          disabled={l.scored}
                          onChange={(e) => toggle([i.itemId], e.target.checked)}
                        >
                          <Space size={4} wrap>
                            <span>
                              {i.code} {localName(lang, i.title)}
                            </span>
                            <GradeTag grade={i.grade} />
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t(`wz.reason.${i.reason.code}` as MessageKey, i.reason.params)}
                            </Typography.Text>
                          </Space>
                        </Checkbox>
                      ))}
                    </Space>
                  ),
                };
              })}
            />
          </Card>
        );
      })}
    </Space>
  );

  const stepTeam = (
    <Form layout="vertical">
      {kind === 'cross' ? (
        <Alert type="warning" showIcon message={t('wz.teamHint')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form.Item label={t('in.team')}>
        <Select
          mode="multiple"
          size="large"
          value={members}
          onChange={setMembers}
          optionFilterProp="label"
          options={candidates.map((c) => ({
            value: c.userId,
            label: `${c.displayName}${c.licenceNo ? ` · ${c.licenceNo}` : ''} · ${c.authorityName ?? c.regionName ?? c.regionCode}${c.outsideJurisdiction ? ` (${t('in.outside')})` : ''}`,
          }))}
          data-testid="wz-team"
        />
      </Form.Item>
      <Form.Item label={t('in.planned')}>
        <DatePicker
          size="large"
          value={plannedOn}
          onChange={(d) => d && setPlannedOn(d)}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </Form>
  );

  const next = () => {
    if (step === 0 && !targetId) return message.warning(t('wz.needTarget'));
    if (step === 1 && chosen.size === 0) return message.warning(t('wz.needItems'));
    setStep(step + 1);
  };
  return (
    <div data-testid="new-inspection-page" className="wizard">
      <PageHeader title={t('in.new')} />
      <Steps
        size="small"
        current={step}
        direction="horizontal"
        responsive={false}
        style={{ marginBottom: 16 }}
        items={[{ title: t('wz.step.target') }, { title: t('wz.step.items') }, { title: t('wz.step.team') }]}
      />
      <Card size="small">{[stepTarget, stepItems, stepTeam][step]}</Card>
      <Flex justify="space-between" gap={8} className="wizard-actions">
        <Button size="large" disabled={step === 0} onClick={() => setStep(step - 1)}>
          {t('wz.prev')}
        </Button>
        {step < 2 ? (
          <Button size="large" type="primary" onClick={next} data-testid="wz-next">
            {t('wz.next')}
          </Button>
        ) : (
          <Button
            size="large"
            type="primary"
            loading={create.isPending}
            onClick={() => create.mutate()}
            data-testid="wz-create"
          >
            {t('wz.create')}
          </Button>
        )}
      </Flex>
    </div>
  );
}
