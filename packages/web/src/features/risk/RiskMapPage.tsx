import { useMemo, useState, type MouseEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Row,
  Space,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { EditOutlined, FilePdfOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { RiskMap, RiskPoint } from '@redline/contracts';
import { api, isApiError, uploadFile } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { RiskColourTag } from '../../components/StatusTag';
import { PageSpin } from '../../app/AppLayout';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { AssessModal } from './AssessModal';
import { PointFormModal } from './PointFormModal';
import { NO_COLOUR_FILL, RISK_FILL, RISK_ORDER } from './shared';

type Zone = { name: string; polygon: number[][]; riskPointIds: string[] };

/**
 * A site's four-colour risk map: the plan with its zones coloured from their risk points (an SVG
 * overlay in 0..1 image coordinates; drawing by clicking corners), the site's computed colour, the
 * risk points with their latest assessment and attention, and the poster (PDF).
 */
export default function RiskMapPage() {
  const { id = '' } = useParams();
  const t = useT();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['risk-map', id], queryFn: () => api<RiskMap>(`/sites/${id}/risk-map`) });
  const [assessing, setAssessing] = useState<RiskPoint | null>(null);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<Zone[] | null>(null); // zones being edited (null = as saved)
  const [drawing, setDrawing] = useState<Array<[number, number]> | null>(null);
  const [naming, setNaming] = useState<Array<[number, number]> | null>(null);
  const [retiring, setRetiring] = useState<RiskPoint | null>(null);
  const [zoneForm] = Form.useForm();
  const [retireForm] = Form.useForm();
  const refresh = () => qc.invalidateQueries({ queryKey: ['risk-map', id] });

  const map = q.data;
  const colourOf = useMemo(() => new Map(map?.points.map((p) => [p.id, p.colour]) ?? []), [map]);
  if (q.isLoading) return <PageSpin />;
  if (q.error || !map) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;

  const zones: Array<Zone & { colour: string | null }> = (draft ?? map.zones).map((z) => {
    const cs = z.riskPointIds.map((p) => colourOf.get(p)).filter(Boolean) as string[];
    const colour = RISK_ORDER.find((c) => cs.includes(c)) ?? null;
    return { ...z, colour };
  });
  const ratio = map.plan?.width && map.plan?.height ? map.plan.height / map.plan.width : 0.625;

  const onPlanClick = (e: MouseEvent<SVGSVGElement>) => {
    if (!drawing) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
    const y = Math.min(1, Math.max(0, (e.clientY - r.top) / r.height));
    setDrawing([...drawing, [Number(x.toFixed(4)), Number(y.toFixed(4))]]);
  };
  const saveZones = async () => {
    try {
      await api(`/sites/${id}/risk-map/zones`, {
        method: 'PUT',
        body: {
          zones: (draft ?? []).map(({ name, polygon, riskPointIds }) => ({ name, polygon, riskPointIds })),
        },
      });
      message.success(t('risk.zonesSaved'));
      setDraft(null);
      refresh();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div data-testid="risk-map-page">
      <PageHeader
        title={t('risk.mapTitle', { name: map.site.name })}
        sub={
          <Space wrap>
            <Typography.Text type="secondary">
              {[map.site.ownerName, map.site.regionName].filter(Boolean).join(' · ')}
            </Typography.Text>
            <Link to={`/registry/sites/${map.site.id}`}>{t('kind.site' as MessageKey)}</Link>
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<FilePdfOutlined />} href={`/api/sites/${id}/risk-map/pdf`} target="_blank">
              {t('risk.poster')}
            </Button>
            {map.canManage && (
              <Upload
                accept="image/png,image/jpeg"
                showUploadList={false}
                customRequest={async ({ file, onSuccess, onError }) => {
                  try {
                    await uploadFile(`/sites/${id}/risk-map/plan`, file as File);
                    onSuccess?.({});
                    refresh();
                  } catch (e) {
                    onError?.(e as Error);
                    message.error(isApiError(e) ? e.message : (e as Error).message);
                  }
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="upload-plan">
                  {map.plan ? t('risk.replacePlan') : t('risk.uploadPlan')}
                </Button>
              </Upload>
            )}
            {map.canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('risk.addPoint')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Text strong>{t('risk.siteColour')}：</Typography.Text>
          <span data-testid="site-colour" data-colour={map.site.colour ?? 'none'}>
            {map.site.colour ? (
              <RiskColourTag colour={map.site.colour} />
            ) : (
              <Tag>{t('risk.notAssessed')}</Tag>
            )}
          </span>
          <Typography.Text type="secondary">{t('risk.siteColourHint')}</Typography.Text>
          {map.site.legacyColour && (
            <Typography.Text type="warning">
              {t('risk.legacyColour', { colour: t(`risk.${map.site.legacyColour}` as MessageKey) })}
            </Typography.Text>
          )}
        </Space>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={t('risk.zones')}
            extra={
              map.canManage &&
              map.plan && (
                <Space>
                  {drawing ? (
                    <>
                      <Button
                        size="small"
                        type="primary"
                        disabled={drawing.length < 3}
                        onClick={() => {
                          setNaming(drawing);
                          setDrawing(null);
                        }}
                      >
                        {t('risk.finishZone')}
                      </Button>
                      <Button size="small" onClick={() => setDrawing(null)}>
                        {t('risk.cancelDraw')}
                      </Button>
                    </>
                  ) : (
                    <Button size="small" icon={<EditOutlined />} onClick={() => setDrawing([])}>
                      {t('risk.drawZone')}
                    </Button>
                  )}
                  {draft && (
                    <Button size="small" type="primary" onClick={saveZones} data-testid="save-zones">
                      {t('risk.saveZones')}
                    </Button>
                  )}
                </Space>
              )
            }
          >
            {drawing && (
              <Alert type="info" showIcon message={t('risk.drawHint')} style={{ marginBottom: 8 }} />
            )}
            {map.plan ? (
              <div style={{ position: 'relative', width: '100%', paddingTop: `${ratio * 100}%` }}>
                <img
                  src={map.plan.url}
                  alt=""
                  style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}
                />
                <svg
                  data-testid="risk-map-svg"
                  viewBox="0 0 1 1"
                  preserveAspectRatio="none"
                  onClick={onPlanClick}
                  style={{
                    position: 'absolute',
                    inset: 0,
                    width: '100%',
                    height: '100%',
                    cursor: drawing ? 'crosshair' : 'default',
                  }}
                >
                  {zones.map((z, i) => (
                    <polygon
                      key={i}
                      data-testid="risk-zone"
                      data-colour={z.colour ?? 'none'}
                      points={z.polygon.map((p) => p.join(',')).join(' ')}
                      fill={z.colour ? RISK_FILL[z.colour as keyof typeof RISK_FILL] : NO_COLOUR_FILL}
                      fillOpacity={0.45}
                      stroke={z.colour ? RISK_FILL[z.colour as keyof typeof RISK_FILL] : NO_COLOUR_FILL}
                      strokeWidth={0.003}
                    >
                      <title>{z.name}</title>
                    </polygon>
                  ))}
                  {drawing && drawing.length > 0 && (
                    <polyline
                      points={drawing.map((p) => p.join(',')).join(' ')}
                      fill="rgba(29,95,191,0.15)"
                      stroke="#1d5fbf"
                      strokeWidth={0.004}
                    />
                  )}
                </svg>
                {zones.map((z, i) => {
                  const cx = z.polygon.reduce((s, p) => s + p[0], 0) / z.polygon.length;
                  const cy = z.polygon.reduce((s, p) => s + p[1], 0) / z.polygon.length;
                  return (
                    <span
                      key={i}
                      style={{
                        position: 'absolute',
                        left: `${cx * 100}%`,
                        top: `${cy * 100}%`,
                        transform: 'translate(-50%, -50%)',
                        fontWeight: 600,
                        fontSize: 13,
                        textShadow: '0 0 3px #fff, 0 0 3px #fff',
                        pointerEvents: 'none',
                      }}
                    >
                      {z.name}
                    </span>
                  );
                })}
              </div>
            ) : (
              <Empty description={t('risk.noPlan')} />
            )}
            <Space wrap style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('risk.legend')}：</Typography.Text>
              {RISK_ORDER.map((c) => (
                <Tag key={c} color={RISK_FILL[c]}>
                  {t(`risk.${c}` as MessageKey)}
                </Tag>
              ))}
              {map.canManage &&
                zones.map((z, i) => (
                  <Tag
                    key={`z${i}`}
                    closable
                    onClose={(e) => {
                      e.preventDefault();
                      setDraft(zones.filter((_, j) => j !== i));
                    }}
                  >
                    {z.name}
                  </Tag>
                ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('risk.points')}>
            <List
              dataSource={map.points}
              locale={{ emptyText: <Empty description={t('risk.empty')} /> }}
              renderItem={(p) => (
                <List.Item
                  data-testid="risk-point"
                  data-name={p.name}
                  actions={[
                    map.canAssess && (
                      <Button
                        key="a"
                        size="small"
                        type="link"
                        data-testid="assess"
                        onClick={() => setAssessing(p)}
                      >
                        {t('risk.assess')}
                      </Button>
                    ),
                    map.canManage && (
                      <Button key="r" size="small" type="link" danger onClick={() => setRetiring(p)}>
                        {t('risk.retire')}
                      </Button>
                    ),
                  ].filter(Boolean)}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span>{p.name}</span>
                        <Tag>{t(`risk.kind.${p.kind}` as MessageKey)}</Tag>
                        {p.colour ? <RiskColourTag colour={p.colour} /> : <Tag>{t('risk.notAssessed')}</Tag>}
                      </Space>
                    }
                    description={
                      <Space direction="vertical" size={2}>
                        {p.latest && (
                          <Tooltip
                            title={t('risk.bandSet', {
                              scope: p.latest.bandScope,
                              version: p.latest.bandVersion,
                            })}
                          >
                            <Typography.Text type="secondary">
                              {t('risk.score', { method: p.latest.method, value: p.latest.value })}（
                              {Object.entries(p.latest.factors)
                                .map(([k, v]) => `${k}=${v}`)
                                .join(' ')}
                              ）
                            </Typography.Text>
                          </Tooltip>
                        )}
                        {p.hazardFactors.length > 0 && (
                          <Typography.Text type="secondary">{p.hazardFactors.join('、')}</Typography.Text>
                        )}
                        {p.controlMeasures.map((m, i) => (
                          <Typography.Text key={i} style={{ fontSize: 12 }}>
                            · {m.measure}（{m.responsible}）
                          </Typography.Text>
                        ))}
                        {p.attention.openHazards > 0 && (
                          <Tag color="red">{t('risk.openHazards', { n: p.attention.openHazards })}</Tag>
                        )}
                        {p.attention.lastHazard && (
                          <Link to={`/hazards/${p.attention.lastHazard.id}`}>
                            {t('risk.lastHazard', { title: p.attention.lastHazard.title })}
                          </Link>
                        )}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <AssessModal
        point={assessing}
        onClose={() => setAssessing(null)}
        onDone={() => {
          setAssessing(null);
          refresh();
        }}
      />
      <PointFormModal
        siteId={id}
        open={adding}
        onClose={() => setAdding(false)}
        onDone={() => {
          setAdding(false);
          refresh();
        }}
      />
      <Modal
        open={!!naming}
        title={t('risk.drawZone')}
        onCancel={() => setNaming(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await zoneForm.validateFields();
          setDraft([
            ...zones.map(({ name, polygon, riskPointIds }) => ({ name, polygon, riskPointIds })),
            { name: v.name, polygon: naming!, riskPointIds: v.points },
          ]);
          setNaming(null);
          zoneForm.resetFields();
        }}
      >
        <Form form={zoneForm} layout="vertical">
          <Form.Item name="name" label={t('risk.zoneName')} rules={[{ required: true, max: 80 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="points"
            label={t('risk.zonePoints')}
            rules={[{ required: true, type: 'array', min: 1 }]}
          >
            <Checkbox.Group options={map.points.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!retiring}
        title={retiring ? `${t('risk.retire')}：${retiring.name}` : ''}
        onCancel={() => setRetiring(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await retireForm.validateFields();
          try {
            await api(`/risk-points/${retiring!.id}/retire`, { method: 'POST', body: { reason: v.reason } });
            setRetiring(null);
            retireForm.resetFields();
            refresh();
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Form form={retireForm} layout="vertical">
          <Form.Item
            name="reason"
            label={t('risk.retireReason')}
            rules={[{ required: true, min: 2, max: 300 }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
