import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Input,
  List,
  Popconfirm,
  Result,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleTwoTone } from '@ant-design/icons';
import { ErrorState, errorMessage } from '../../components/ErrorState';
import { PageSpin } from '../../app/AppLayout';
import { useLang, useT } from '../../i18n';
import type { MessageKey } from '../../i18n/zh';
import { GradeTag } from '../checklists/ItemDetail';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad';
import { fieldApi } from '../offline/client';
import { NotSentNotice } from '../offline/NotSentNotice';
import { fmtTime, InspectionStatusTag, ScorePanel, useInspection, useSetInspection } from './shared';
import './inspections.css';

/** Both sides sign — each inspector, and the inspected party (or its refusal, with a witness) — then finish. */
export default function SignPage() {
  const { id } = useParams();
  const t = useT();
  const [lang] = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const q = useInspection(id);
  const setView = useSetInspection();
  const [busy, setBusy] = useState(false);
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const v = q.data;
  if (!v) return <PageSpin />;

  const call = async (path: string, method: 'POST' | 'DELETE', body?: unknown) => {
    setBusy(true);
    try {
      const nv = await fieldApi(path, { method, body });
      setView(nv);
      return nv;
    } catch (e) {
      message.error(errorMessage(t, e));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const failed = v.findings.filter((f) => f.result === 'fail');
  const inspected = v.signatures.find((s) => s.party === 'inspected');

  if (v.status === 'finished') {
    return (
      <div className="capture" data-testid="sign-page">
        <NotSentNotice inspectionId={v.id} />
        <Result status="success" title={t('in.finished', { n: v.hazards.length })} data-testid="finished" />
        <Card size="small" title={t('in.hazards')}>
          <List
            dataSource={v.hazards}
            locale={{ emptyText: t('in.noHazards') }}
            renderItem={(h) => (
              <List.Item data-testid="hazard-row">
                <Space direction="vertical" size={0}>
                  <Space wrap size={4}>
                    <Tag>{h.checklistItemCode}</Tag>
                    <GradeTag grade={h.grade} />
                    <Typography.Text strong>{h.title}</Typography.Text>
                  </Space>
                  <Typography.Text type="secondary">{h.description}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Button
            type="primary"
            size="large"
            onClick={() => navigate(`/inspections/${v.id}/record`)}
            data-testid="open-record"
          >
            {t('in.recordView')}
          </Button>
          <Button size="large" onClick={() => navigate(`/inspections/${v.id}`)}>
            {t('common.details')}
          </Button>
        </Flex>
      </div>
    );
  }

  return (
    <div className="capture" data-testid="sign-page">
      <NotSentNotice inspectionId={v.id} />
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('sig.title')}
        </Typography.Title>
        <InspectionStatusTag status={v.status} />
      </Flex>
      <Card size="small" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{v.target.name}</Typography.Text>
        <div>
          {t('in.failedN', { n: failed.length })} ·{' '}
          {t('in.progressOf', {
            done: v.findings.filter((f) => f.result !== 'pending').length,
            total: v.findings.length,
          })}
        </div>
        {v.scores.map((s) => (
          <ScorePanel key={s.versionId} score={s} compact />
        ))}
      </Card>
      {v.blockers.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('in.blockers')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="blockers">
              {v.blockers.map((b, i) => (
                <li key={i}>{t(`in.blocker.${b.code}` as MessageKey, b.params)}</li>
              ))}
            </ul>
          }
          action={
            v.blockers.some((b) => b.code === 'ITEMS_PENDING') ? (
              <Link to={`/inspections/${v.id}/capture`}>
                <Button>{t('in.continue')}</Button>
              </Link>
            ) : undefined
          }
        />
      ) : null}

      <Card size="small" title={t('sig.inspector')} style={{ marginBottom: 8 }}>
        {v.members.map((m) => {
          const sig = v.signatures.find((s) => s.party === 'inspector' && s.userId === m.userId);
          return (
            <div key={m.userId} style={{ marginBottom: 12 }} data-testid={`sign-member-${m.userId}`}>
              <Typography.Text strong>
                {m.displayName}{' '}
                {m.licenceNo ? (
                  <Typography.Text type="secondary">{t('in.licence', { n: m.licenceNo })}</Typography.Text>
                ) : null}
              </Typography.Text>
              {sig ? (
                <SignedLine fileId={sig.fileId} at={fmtTime(sig.signedAt, lang)} />
              ) : (
                <PadAndConfirm
                  disabled={!v.can.sign || busy}
                  testId={`pad-inspector-${m.userId}`}
                  onConfirm={(image) =>
                    call(`/inspections/${v.id}/signatures`, 'POST', {
                      party: 'inspector',
                      userId: m.userId,
                      signerName: m.displayName,
                      image,
                    })
                  }
                />
              )}
            </div>
          );
        })}
      </Card>

      <Card size="small" title={t('sig.inspected')} style={{ marginBottom: 8 }}>
        {inspected ? (
          inspected.refused ? (
            <Alert
              type="warning"
              showIcon
              message={t('sig.refused')}
              description={t('rec.refusedNote', {
                reason: inspected.refusalReason,
                witness: inspected.witnessName,
              })}
            />
          ) : (
            <>
              <Typography.Text strong>{inspected.signerName}</Typography.Text>
              <SignedLine fileId={inspected.fileId} at={fmtTime(inspected.signedAt, lang)} />
            </>
          )
        ) : (
          <InspectedSign
            disabled={!v.can.sign || busy}
            defaultName={v.principalName}
            onSign={(body) => call(`/inspections/${v.id}/signatures`, 'POST', body)}
          />
        )}
      </Card>

      <Flex gap={8} wrap>
        <Button
          type="primary"
          size="large"
          block
          disabled={!v.can.finish}
          loading={busy}
          onClick={async () => {
            const nv = await call(`/inspections/${v.id}/finish`, 'POST');
            if (nv) message.success(t('in.finished', { n: nv.hazards.length }));
          }}
          data-testid="finish"
        >
          {t('in.finish')}
        </Button>
        {v.signatures.length ? (
          <Popconfirm
            title={t('sig.clearAll')}
            onConfirm={() => call(`/inspections/${v.id}/signatures`, 'DELETE')}
          >
            <Button danger>{t('sig.clearAll')}</Button>
          </Popconfirm>
        ) : null}
      </Flex>
    </div>
  );
}

function SignedLine({ fileId, at }: { fileId: string | null; at: string }) {
  const t = useT();
  return (
    <Flex align="center" gap={8} wrap data-testid="signed">
      <CheckCircleTwoTone twoToneColor="#52c41a" />
      <span>
        {t('sig.signed')} · {at}
      </span>
      {fileId ? <img className="sig-img" src={`/api/files/${fileId}`} alt="signature" /> : null}
    </Flex>
  );
}

function PadAndConfirm({
  onConfirm,
  disabled,
  testId,
}: {
  onConfirm: (png: string) => unknown;
  disabled: boolean;
  testId: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const pad = useRef<SignaturePadHandle>(null);
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sig.drawHere')}
      </Typography.Text>
      <SignaturePad ref={pad} testId={testId} />
      <Space style={{ marginTop: 6 }}>
        <Button onClick={() => pad.current?.clear()}>{t('sig.clear')}</Button>
        <Button
          type="primary"
          disabled={disabled}
          onClick={() =>
            pad.current?.isEmpty() ? message.warning(t('sig.empty')) : onConfirm(pad.current!.toPng())
          }
          data-testid={`${testId}-confirm`}
        >
          {t('sig.confirm')}
        </Button>
      </Space>
    </div>
  );
}

function InspectedSign({
  onSign,
  disabled,
  defaultName,
}: {
  onSign: (body: unknown) => unknown;
  disabled: boolean;
  defaultName: string;
}) {
  const t = useT();
  const [name, setName] = useState(defaultName);
  const [refuse, setRefuse] = useState(false);
  const [reason, setReason] = useState('');
  const [witness, setWitness] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input
        size="large"
        placeholder={t('sig.signerName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid="inspected-name"
      />
      <Space>
        <Switch checked={refuse} onChange={setRefuse} data-testid="refuse-switch" />
        {t('sig.refuse')}
      </Space>
      {refuse ? (
        <>
          <Input.TextArea
            placeholder={t('sig.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="refuse-reason"
          />
          <Input
            size="large"
            placeholder={t('sig.witness')}
            value={witness}
            onChange={(e) => setWitness(e.target.value)}
            data-testid="refuse-witness"
          />
          <Button
            type="primary"
            danger
            disabled={disabled || reason.trim().length < 2 || !witness.trim()}
            onClick={() =>
              onSign({
                party: 'inspected',
                refused: true,
                signerName: name,
                refusalReason: reason,
                witnessName: witness,
              })
            }
            data-testid="record-refusal"
          >
            {t('sig.recordRefusal')}
          </Button>
        </>
      ) : (
        <PadAndConfirm
          disabled={disabled || !name.trim()}
          testId="pad-inspected"
          onConfirm={(image) => onSign({ party: 'inspected', signerName: name.trim(), image })}
        />
      )}
    </Space>
  );
}
