import { Descriptions, Grid, Space, Tag, Tooltip, Typography } from 'antd';
import type { ChecklistItem } from '@redline/contracts';
import { useLang, useT, localName } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';

/** One checklist item: what to check, how, how to handle a failure, on what basis, scoring. */
export function ItemDetail({ item, compact = false }: { item: ChecklistItem; compact?: boolean }) {
  const t = useT();
  const [lang] = useLang();
  const screens = Grid.useBreakpoint();
  const applies = item.applies ?? {};
  const dims = Object.entries(applies).filter(([, v]) => (v as string[] | undefined)?.length);
  return (
    <Descriptions
      column={1}
      layout={screens.sm ? 'horizontal' : 'vertical'}
      size="small"
      bordered={!compact}
      className="cl-item-detail"
      data-testid={`item-detail-${item.code}`}
    >
      <Descriptions.Item label={t('cl.what')}>{localName(lang, item.check)}</Descriptions.Item>
      <Descriptions.Item label={t('cl.how')}>
        <Space direction="vertical" size={2}>
          <Tag color="blue">{t(`cl.method.${item.method.kind}` as MessageKey)}</Tag>
          {item.method.criterion ? (
            <Typography.Text>
              {t('cl.criterion')}：{localName(lang, item.method.criterion)}
            </Typography.Text>
          ) : null}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('cl.handling')}>
        <Space wrap size={4}>
          <GradeTag grade={item.handling.grade} />
          <Tag>{t(`cl.measure.${item.handling.measure}` as MessageKey)}</Tag>
          {item.handling.rectifyDays !== undefined ? (
            <Tag>
              {item.handling.rectifyDays === 0
                ? t('cl.rectifyNow')
                : t('cl.rectifyDays', { n: item.handling.rectifyDays })}
            </Tag>
          ) : null}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('cl.basis')}>
        <ul className="cl-basis">
          {item.basis.map((b, i) => (
            <li key={i}>
              《{b.doc.replace(/^《|》$/g, '')}》{b.clause ? ` ${b.clause}` : ''}
            </li>
          ))}
        </ul>
      </Descriptions.Item>
      {!compact ? (
        <Descriptions.Item label={t('cl.applies')}>
          {dims.length ? (
            <Space wrap size={4}>
              {dims.flatMap(([d, v]) => (v as string[]).map((x) => <Tag key={`${d}-${x}`}>{x}</Tag>))}
            </Space>
          ) : (
            t('cl.appliesAll')
          )}
        </Descriptions.Item>
      ) : null}
      {item.scoring ? (
        <Descriptions.Item label={t('cl.scoring')}>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space size={4}>
              <Tag color={item.scoring.kind === 'guarantee' ? 'volcano' : 'default'}>
                {t(item.scoring.kind === 'guarantee' ? 'cl.guarantee' : 'cl.general')}
              </Tag>
              <span>{t('cl.fullScore', { n: item.scoring.fullScore })}</span>
            </Space>
            <ol className="cl-deductions">
              {item.scoring.deductions.map((d, i) => (
                <li key={i}>
                  {lang === 'zh' ? d.zh : d.en}{' '}
                  <Typography.Text type="danger">
                    {d.per ? `${t(`cl.per.${d.per}` as MessageKey)} ` : ''}
                    {d.minPoints !== undefined
                      ? t('cl.pointsRange', { min: d.minPoints, p: d.points })
                      : t('cl.points', { p: d.points })}
                  </Typography.Text>
                </li>
              ))}
            </ol>
          </Space>
        </Descriptions.Item>
      ) : null}
      {!compact && item.keywords?.length ? (
        <Descriptions.Item label={t('cl.keywords')}>{item.keywords.join('、')}</Descriptions.Item>
      ) : null}
      {!compact && item.note ? <Descriptions.Item label={t('cl.note')}>{item.note}</Descriptions.Item> : null}
      {item.provenance ? (
        <Descriptions.Item label={t('cl.provenance')}>
          <Space direction="vertical" size={2} data-testid={`item-provenance-${item.code}`}>
            <Space wrap size={4}>
              <ProvenanceTag item={item} always />
              <span>
                {item.provenance.edition} {item.provenance.clause}
              </span>
              {item.provenance.confirmed?.length && item.provenance.status !== 'confirmed' ? (
                <Typography.Text type="secondary">
                  {t('cl.provenance.confirmedParts', {
                    parts: item.provenance.confirmed
                      .map((p) => t(`cl.provenance.part.${p}` as MessageKey))
                      .join('、'),
                  })}
                </Typography.Text>
              ) : null}
            </Space>
            {item.provenance.source ? (
              <Typography.Text type="secondary">
                {t('cl.provenance.source')}：{item.provenance.source}
              </Typography.Text>
            ) : null}
            {item.provenance.note && !compact ? (
              <Typography.Text type="secondary">{item.provenance.note}</Typography.Text>
            ) : null}
          </Space>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/**
 * Whether an item's wording and points were confirmed against a published text: items not (fully)
 * confirmed are marked 未核实 / 部分核实 wherever they are listed; `always` shows 已核实 too.
 */
export function ProvenanceTag({ item, always = false }: { item: ChecklistItem; always?: boolean }) {
  const t = useT();
  const p = item.provenance;
  if (!p || (p.status === 'confirmed' && !always)) return null;
  const color = p.status === 'confirmed' ? 'green' : p.status === 'partial' ? 'gold' : 'red';
  return (
    <Tooltip title={p.source ? `${t('cl.provenance.source')}：${p.source}` : p.note}>
      <Tag color={color} data-testid={`provenance-${item.code}`}>
        {t(`cl.provenance.${p.status}` as MessageKey)}
      </Tag>
    </Tooltip>
  );
}

export function GradeTag({ grade }: { grade: string }) {
  const t = useT();
  return (
    <Tag color={grade === 'major' ? 'red' : 'gold'}>
      {t(grade === 'major' ? 'cl.grade.major' : 'cl.grade.general')}
    </Tag>
  );
}

export function VersionStatusTag({ status }: { status: string }) {
  const t = useT();
  const colour =
    { draft: 'purple', published: 'green', superseded: 'default', retired: 'default' }[status] ?? 'default';
  return <Tag color={colour}>{t(`cl.status.${status}` as MessageKey)}</Tag>;
}
