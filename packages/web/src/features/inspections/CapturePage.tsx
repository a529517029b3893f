import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  Drawer,
  Flex,
  Input,
  InputNumber,
  Progress,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  CameraOutlined,
  CheckOutlined,
  CloseOutlined,
  DeleteOutlined,
  LeftOutlined,
  MinusOutlined,
  RightOutlined,
} from '@ant-design/icons';
import type { FileView, FindingView, InspectionView } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { fieldApi, fieldUpload } from '../offline/client';
import { NotSentNotice } from '../offline/NotSentNotice';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageSpin } from '../../app/AppLayout';
import { localName, useLang, useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { GradeTag } from '../checklists/ItemDetail';
import {
  fmtTime,
  GradeBadge,
  InspectionStatusTag,
  ScorePanel,
  useInspection,
  useSetInspection,
} from './shared';
import './inspections.css';
import { PhotoMarkup } from './PhotoMarkup';

type Draft = {
  result: FindingView['result'];
  note: string;
  measuredValue: string;
  hazardDescription: string;
  hazardGrade: 'general' | 'major';
  rectifyDays: number | null;
  deductions: Record<number, { points: number; count: number }>;
};

const draftOf = (f: FindingView): Draft => ({
  result: f.result,
  note: f.note,
  measuredValue: f.measuredValue,
  hazardDescription: f.hazardDescription,
  hazardGrade: f.hazardGrade ?? f.item.handling.grade,
  rectifyDays: f.rectifyDays ?? f.item.handling.rectifyDays ?? null,
  deductions: Object.fromEntries(f.deductions.map((d) => [d.rule, { points: d.points, count: d.count }])),
});

/**
 * Field capture on a phone: one item at a time with big buttons. Pass and N/A save and move on in
 * one tap; Fail asks for the hazard, its grade (defaulted from the item) and, for scored lists, the
 * deductions. Photos go up from the camera at once. Progress, module jump and the live score stay
 * on top.
 */
export default function CapturePage() {
  const { id } = useParams();
  const t = useT();
  const [lang] = useLang();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const q = useInspection(id);
  const setView = useSetInspection();
  const v = q.data;
  const findings = v?.findings ?? [];
  const firstPending = findings.findIndex((f) => f.result === 'pending');
  const index = Math.min(
    Math.max(0, Number(sp.get('i') ?? (firstPending >= 0 ? firstPending : 0)) || 0),
    Math.max(0, findings.length - 1),
  );
  const f = findings[index];
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState<number | null>(null);
  const [marking, setMarking] = useState<FileView | null>(null);
  const [scoreOpen, setScoreOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (f) setDraft(draftOf(f));
    // only when moving to another item (a refetch must not wipe what is being typed)
  }, [f?.id]);

  const modules = useMemo(() => {
    const out: Array<{
      key: string;
      code: string;
      name: string;
      first: number;
      total: number;
      done: number;
    }> = [];
    findings.forEach((x, i) => {
      const key = `${x.versionId}:${x.moduleCode}`;
      let m = out.find((o) => o.key === key);
      if (!m) {
        m = {
          key,
          code: x.moduleCode,
          name: localName(lang, x.moduleName) ?? '',
          first: i,
          total: 0,
          done: 0,
        };
        out.push(m);
      }
      m.total++;
      if (x.result !== 'pending') m.done++;
    });
    return out;
  }, [findings, lang]);

  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!v || !f || !draft) return <PageSpin />;

  const go = (i: number) =>
    setSp({ i: String(Math.max(0, Math.min(findings.length - 1, i))) }, { replace: true });
  const done = findings.filter((x) => x.result !== 'pending').length;
  const score = v.scores.find((s) => s.summary) ?? v.scores[0];
  const locked = !v.can.record;
  const module = modules.find((m) => index >= m.first && index < m.first + m.total)!;

  const save = async (result: Draft['result'], advance: boolean) => {
    const d = { ...draft, result };
    setDraft(d);
    if (result === 'fail' && !d.hazardDescription.trim()) {
      message.warning(t('cap.hazardPh'));
      return;
    }
    setSaving(true);
    try {
      const body: Record<string, unknown> = { result, note: d.note, measuredValue: d.measuredValue };
      if (result === 'fail') {
        Object.assign(body, {
          hazardDescription: d.hazardDescription,
          hazardGrade: d.hazardGrade,
          rectifyDays: d.rectifyDays,
        });
        if (f.item.scoring)
          body.deductions = Object.entries(d.deductions).map(([rule, x]) => ({
            rule: Number(rule),
            points: x.points,
            count: x.count,
          }));
      }
      const nv = await fieldApi(`/inspections/${v.id}/findings/${f.id}`, { method: 'PUT', body });
      setView(nv);
      if (advance) {
        const nextPending = nv.findings.findIndex((x, i) => i > index && x.result === 'pending');
        go(nextPending >= 0 ? nextPending : index + 1 < findings.length ? index + 1 : index);
      } else message.success(t('cap.saved'));
    } catch (e) {
      message.error(errorMessage(t, e));
    } finally {
      setSaving(false);
    }
  };

  const bulk = async (result: 'pass' | 'na') => {
    try {
      const nv = await api<InspectionView>(`/inspections/${v.id}/findings/bulk`, {
        method: 'POST',
        body: { moduleCode: f.moduleCode, versionId: f.versionId, result },
      });
      setView(nv);
      // on to the next item still unchecked: after this one, else from the start
      const after = nv.findings.findIndex((x, i) => i > index && x.result === 'pending');
      const next = after >= 0 ? after : nv.findings.findIndex((x) => x.result === 'pending');
      go(next >= 0 ? next : index);
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  };

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    for (const file of Array.from(files)) {
      setUploading(0);
      try {
        await fieldUpload(v.id, f.id, file);
      } catch (e) {
        const code = isApiError(e) ? e.code : '';
        const known = ['UNSUPPORTED_FILE', 'FILE_TOO_LARGE', 'BROKEN_IMAGE', 'EMPTY_FILE'].includes(code);
        message.error({
          content: `${file.name}：${known ? t(`cap.err.${code}` as MessageKey) : errorMessage(t, e)}`,
          duration: 6,
        });
      }
    }
    setUploading(null);
    if (fileInput.current) fileInput.current.value = '';
    await q.refetch();
  };
  const removePhoto = async (fileId: string) => {
    try {
      setView(
        await api<InspectionView>(`/inspections/${v.id}/findings/${f.id}/photos/${fileId}`, {
          method: 'DELETE',
        }),
      );
    } catch (e) {
      message.error(errorMessage(t, e));
    }
  };

  const scoring = f.item.scoring;
  const toggleDeduction = (rule: number, on: boolean) => {
    const r = scoring!.deductions[rule];
    const next = { ...draft.deductions };
    if (on) next[rule] = { points: r.minPoints ?? r.points, count: 1 };
    else delete next[rule];
    setDraft({ ...draft, deductions: next });
  };
  const deducted = Object.values(draft.deductions).reduce((n, d) => n + d.points * d.count, 0);
  const isGuarantee = scoring?.kind === 'guarantee' && module && f.table;

  return (
    <div className="capture" data-testid="capture-page">
      <NotSentNotice inspectionId={v.id} />
      <div className="capture-top">
        <Flex justify="space-between" align="center" gap={8}>
          <Link to={`/inspections/${v.id}`} className="capture-title">
            {v.target.name}
          </Link>
          <InspectionStatusTag status={v.status} />
        </Flex>
        <Flex align="center" gap={8}>
          <Progress
            percent={Math.round((done / findings.length) * 100)}
            size="small"
            showInfo={false}
            style={{ flex: 1, margin: 0 }}
            aria-label={t('in.progress')}
          />
          <Typography.Text data-testid="capture-progress">
            {done}/{findings.length}
          </Typography.Text>
          {score?.summary ? (
            <button
              type="button"
              className="capture-score"
              onClick={() => setScoreOpen(true)}
              data-testid="live-score"
            >
              <GradeBadge
                grade={score.summary.grade}
                total={score.summary.total}
                provisional={score.provisional}
              />
            </button>
          ) : score ? (
            <Button size="small" onClick={() => setScoreOpen(true)} data-testid="live-score">
              {t('in.score')}
            </Button>
          ) : null}
        </Flex>
        <Select
          value={module?.key}
          onChange={(k) => go(modules.find((m) => m.key === k)!.first)}
          style={{ width: '100%' }}
          size="large"
          showSearch
          optionFilterProp="label"
          aria-label={t('cap.jump')}
          data-testid="module-jump"
          options={modules.map((m) => ({
            value: m.key,
            label: `${m.code} ${m.name} (${m.done}/${m.total})`,
          }))}
        />
      </div>

      {done === findings.length ? (
        <Alert
          type="success"
          showIcon
          message={t('cap.allDone')}
          action={
            <Button
              type="primary"
              onClick={() => navigate(`/inspections/${v.id}/sign`)}
              data-testid="to-sign"
            >
              {t('cap.toSign')}
            </Button>
          }
          style={{ marginBottom: 8 }}
        />
      ) : null}

      <Card size="small" className="capture-card" data-testid="capture-item" data-code={f.item.code}>
        <Typography.Text type="secondary">
          {t('cap.item', { n: index + 1, total: findings.length })}
        </Typography.Text>
        <Flex gap={6} wrap align="center" style={{ margin: '4px 0' }}>
          <Tag>{f.item.code}</Tag>
          <GradeTag grade={f.item.handling.grade} />
          {scoring ? (
            <Tag
              color={scoring.kind === 'guarantee' ? 'volcano' : 'default'}
            >{`${t(scoring.kind === 'guarantee' ? 'cl.guarantee' : 'cl.general')} ${scoring.fullScore}`}</Tag>
          ) : null}
        </Flex>
        <Typography.Title level={4} style={{ margin: '4px 0 8px' }} data-testid="item-title">
          {localName(lang, f.item.title)}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          <Typography.Text strong>{t('cl.what')}：</Typography.Text>
          {localName(lang, f.item.check)}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          <Typography.Text strong>{t('cl.how')}：</Typography.Text>
          {t(`cl.method.${f.item.method.kind}` as MessageKey)}
          {f.item.method.criterion ? ` — ${localName(lang, f.item.method.criterion)}` : ''}
        </Typography.Paragraph>
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'basis',
              label: `${t('cl.basis')} · ${t('cl.handling')}`,
              children: (
                <>
                  <Space wrap size={4} style={{ marginBottom: 4 }}>
                    <Tag>{t(`cl.measure.${f.item.handling.measure}` as MessageKey)}</Tag>
                    {f.item.handling.rectifyDays !== undefined ? (
                      <Tag>
                        {f.item.handling.rectifyDays
                          ? t('cl.rectifyDays', { n: f.item.handling.rectifyDays })
                          : t('cl.rectifyNow')}
                      </Tag>
                    ) : null}
                  </Space>
                  <ul className="cl-basis">
                    {f.item.basis.map((b, i) => (
                      <li key={i}>
                        {b.doc} {b.clause}
                      </li>
                    ))}
                  </ul>
                </>
              ),
            },
          ]}
        />

        <div className="result-buttons">
          <Button
            size="large"
            className={`result-btn pass ${draft.result === 'pass' ? 'on' : ''}`}
            icon={<CheckOutlined />}
            disabled={locked || saving}
            onClick={() => save('pass', true)}
            data-testid="result-pass"
          >
            {t('cap.pass')}
          </Button>
          <Button
            size="large"
            className={`result-btn fail ${draft.result === 'fail' ? 'on' : ''}`}
            icon={<CloseOutlined />}
            disabled={locked || saving}
            onClick={() => setDraft({ ...draft, result: 'fail' })}
            data-testid="result-fail"
          >
            {t('cap.fail')}
          </Button>
          <Button
            size="large"
            className={`result-btn na ${draft.result === 'na' ? 'on' : ''}`}
            icon={<MinusOutlined />}
            disabled={locked || saving}
            onClick={() => (isGuarantee ? message.info(t('cap.guaranteeNa')) : save('na', true))}
            data-testid="result-na"
          >
            {t('cap.na')}
          </Button>
        </div>

        {draft.result === 'fail' ? (
          <div className="fail-form" data-testid="fail-form">
            <Typography.Text strong>{t('cap.hazard')}</Typography.Text>
            <Input.TextArea
              autoSize={{ minRows: 2 }}
              placeholder={t('cap.hazardPh')}
              value={draft.hazardDescription}
              onChange={(e) => setDraft({ ...draft, hazardDescription: e.target.value })}
              disabled={locked}
              data-testid="hazard-description"
            />
            <Flex gap={12} wrap align="center">
              <Space direction="vertical" size={2}>
                <Typography.Text strong>{t('cap.grade')}</Typography.Text>
                <Segmented
                  size="large"
                  value={draft.hazardGrade}
                  onChange={(g) => setDraft({ ...draft, hazardGrade: g as 'general' | 'major' })}
                  options={[
                    { value: 'general', label: t('cl.grade.general') },
                    { value: 'major', label: t('cl.grade.major') },
                  ]}
                  data-testid="hazard-grade"
                />
              </Space>
              <Space direction="vertical" size={2}>
                <Typography.Text strong>{t('cap.rectifyDays')}</Typography.Text>
                <InputNumber
                  size="large"
                  min={0}
                  max={365}
                  value={draft.rectifyDays}
                  onChange={(n) => setDraft({ ...draft, rectifyDays: n })}
                />
              </Space>
            </Flex>
            {scoring ? (
              <div className="deductions" data-testid="deductions">
                <Typography.Text strong>
                  {t('cap.deductions')}{' '}
                  {deducted ? <Typography.Text type="danger">−{deducted}</Typography.Text> : null}
                </Typography.Text>
                {scoring.deductions.map((d, i) => {
                  const sel = draft.deductions[i];
                  return (
                    <div key={i} className="deduction-row">
                      <Checkbox
                        checked={!!sel}
                        onChange={(e) => toggleDeduction(i, e.target.checked)}
                        data-testid={`deduction-${i}`}
                      >
                        {lang === 'zh' ? d.zh : d.en}{' '}
                        <Typography.Text type="secondary">
                          {d.per ? `${t(`cl.per.${d.per}` as MessageKey)} ` : ''}
                          {d.minPoints !== undefined
                            ? t('cl.pointsRange', { min: d.minPoints, p: d.points })
                            : t('cl.points', { p: d.points })}
                        </Typography.Text>
                      </Checkbox>
                      {sel && (d.minPoints !== undefined || d.per) ? (
                        <Space style={{ paddingLeft: 24 }}>
                          {d.minPoints !== undefined ? (
                            <InputNumber
                              min={d.minPoints}
                              max={d.points}
                              step={0.5}
                              value={sel.points}
                              onChange={(p) =>
                                setDraft({
                                  ...draft,
                                  deductions: { ...draft.deductions, [i]: { ...sel, points: p ?? d.points } },
                                })
                              }
                            />
                          ) : null}
                          {d.per ? (
                            <InputNumber
                              min={1}
                              max={999}
                              addonBefore={t('cap.count')}
                              value={sel.count}
                              onChange={(c) =>
                                setDraft({
                                  ...draft,
                                  deductions: { ...draft.deductions, [i]: { ...sel, count: c ?? 1 } },
                                })
                              }
                            />
                          ) : null}
                        </Space>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            ) : null}
          </div>
        ) : null}

        <Input.TextArea
          autoSize
          placeholder={t('cap.note')}
          value={draft.note}
          onChange={(e) => setDraft({ ...draft, note: e.target.value })}
          disabled={locked}
          style={{ marginTop: 8 }}
          data-testid="note"
        />
        <Input
          placeholder={t('cap.measured')}
          value={draft.measuredValue}
          onChange={(e) => setDraft({ ...draft, measuredValue: e.target.value })}
          disabled={locked}
          style={{ marginTop: 8 }}
          size="large"
        />

        <div className="photos" data-testid="photos">
          {f.photos.map((p) => (
            <div className="photo" key={p.id} data-testid="photo">
              <a href={p.url} target="_blank" rel="noreferrer">
                <img src={p.url} alt={p.originalName} />
              </a>
              <div className="photo-meta">
                {p.exifTakenAt ? (
                  <div>{t('cap.takenAt', { t: fmtTime(p.exifTakenAt, lang) })}</div>
                ) : (
                  <div>{t('cap.noExif')}</div>
                )}
                {p.exifLat !== null && p.exifLng !== null ? (
                  <div>{t('cap.gps', { lat: p.exifLat.toFixed(5), lng: p.exifLng.toFixed(5) })}</div>
                ) : null}
                <div>{t('cap.uploadedAt', { t: fmtTime(p.uploadedAt, lang) })}</div>
              </div>
              {p.derivedFrom ? <Tag color="red">{t('cap.markedUp')}</Tag> : null}
              {!locked && !p.derivedFrom ? (
                <Button
                  size="small"
                  className="photo-markup"
                  onClick={() => setMarking(p)}
                  data-testid="photo-markup"
                >
                  {t('cap.markup')}
                </Button>
              ) : null}
              {!locked ? (
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => removePhoto(p.id)}
                  aria-label={t('common.delete')}
                />
              ) : null}
            </div>
          ))}
          {!locked ? (
            <label className="photo-add">
              <CameraOutlined style={{ fontSize: 22 }} />
              <span>{uploading !== null ? t('cap.uploading', { p: uploading }) : t('cap.addPhoto')}</span>
              <input
                ref={fileInput}
                type="file"
                accept="image/*"
                capture="environment"
                multiple
                onChange={(e) => upload(e.target.files)}
                data-testid="photo-input"
              />
            </label>
          ) : null}
        </div>
      </Card>

      {!locked ? (
        <Flex gap={8} wrap style={{ margin: '8px 0' }}>
          <Button
            onClick={() => {
              const n = v.findings.filter(
                (x) => x.versionId === f.versionId && x.moduleCode === f.moduleCode && x.result === 'pending',
              ).length;
              if (n === 0) return void message.info(t('cap.restPassNone'));
              // Passing many items at once is a claim about each: say how many, and ask.
              modal.confirm({
                title: t('cap.restPassConfirmTitle'),
                content: <span data-testid="rest-pass-count">{t('cap.restPassConfirm', { n })}</span>,
                okText: t('cap.restPassOk', { n }),
                cancelText: t('common.cancel'),
                okButtonProps: { 'data-testid': 'rest-pass-ok' },
                onOk: () => bulk('pass'),
              });
            }}
            data-testid="rest-pass"
          >
            {t('cap.restPass')}
          </Button>
          <Button onClick={() => bulk('na')} data-testid="module-na">
            {t('cap.moduleNa')}
          </Button>
        </Flex>
      ) : null}

      <div className="capture-bottom">
        <Button
          size="large"
          icon={<LeftOutlined />}
          disabled={index === 0}
          onClick={() => go(index - 1)}
          data-testid="prev"
        >
          {t('cap.prev')}
        </Button>
        {draft.result === 'fail' && !locked ? (
          <Button
            size="large"
            type="primary"
            danger
            loading={saving}
            onClick={() => save('fail', true)}
            data-testid="save-next"
          >
            {t('cap.saveNext')}
          </Button>
        ) : (
          <Button
            size="large"
            onClick={() => go(index + 1)}
            disabled={index >= findings.length - 1}
            data-testid="next"
          >
            {t('cap.next')} <RightOutlined />
          </Button>
        )}
      </div>

      {marking ? (
        <PhotoMarkup
          photo={marking}
          uploadPath={`/inspections/${v.id}/findings/${f.id}/photos/${marking.id}/markup`}
          onClose={() => setMarking(null)}
          onSaved={() => {
            setMarking(null);
            void q.refetch();
          }}
        />
      ) : null}
      <Drawer
        open={scoreOpen}
        onClose={() => setScoreOpen(false)}
        placement="bottom"
        height="80%"
        title={t('cap.liveScore')}
      >
        {v.scores.map((s) => (
          <ScorePanel key={s.versionId} score={s} />
        ))}
      </Drawer>
    </div>
  );
}
