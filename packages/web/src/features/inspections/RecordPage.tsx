import { useParams } from 'react-router';
import { Button, Flex } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { InspectionRecord } from '@redline/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageSpin } from '../../app/AppLayout';
import { useLang, useT } from '../../i18n';
import { fmtTime } from './shared';
import './inspections.css';

/**
 * The on-site inspection record 现场检查记录 as a printable document (Work Safety Law art. 65(1),
 * 68): who inspected what, where and when, what was found and on what basis, and both signatures
 * (or the recorded refusal). The print stylesheet leaves only the sheet on paper.
 */
export default function RecordPage() {
  const { id } = useParams();
  const t = useT();
  const [lang] = useLang();
  const q = useQuery({
    queryKey: ['inspection-record', id],
    queryFn: () => api<InspectionRecord>(`/inspections/${id}/record`),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  if (!r) return <PageSpin />;
  const inspectors = r.signatures.filter((s) => s.party === 'inspector');
  const inspected = r.signatures.find((s) => s.party === 'inspected');
  return (
    <div data-testid="record-page">
      <Flex justify="end" gap={8} className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
          {t('rec.print')}
        </Button>
      </Flex>
      <div className="record-sheet">
        <div style={{ textAlign: 'center' }}>{r.authorityName ?? ''}</div>
        <h1>{t('rec.title')}</h1>
        <div className="record-no">
          {r.number} {r.frozen ? '' : t('rec.draft')}
        </div>
        <table>
          <tbody>
            <tr>
              <th>{t('rec.inspected')}</th>
              <td colSpan={3} data-testid="record-inspected">
                {r.inspected.name}
              </td>
            </tr>
            <tr>
              <th>{t('rec.address')}</th>
              <td>{r.inspected.address || '—'}</td>
              <th>{t('rec.principal')}</th>
              <td>{r.inspected.principal || '—'}</td>
            </tr>
            <tr>
              <th>{t('rec.place')}</th>
              <td colSpan={3}>{r.place || '—'}</td>
            </tr>
            <tr>
              <th>{t('rec.time')}</th>
              <td colSpan={3}>
                {fmtTime(r.startedAt, lang)} — {fmtTime(r.endedAt, lang)}
              </td>
            </tr>
            <tr>
              <th>{t('rec.inspectors')}</th>
              <td colSpan={3}>
                {r.inspectors.map((p, i) => (
                  <div key={i}>{[p.name, p.licenceNo, p.authorityName].filter(Boolean).join('  ')}</div>
                ))}
                <div>{r.kind}</div>
              </td>
            </tr>
            <tr>
              <th>{t('rec.situation')}</th>
              <td colSpan={3}>
                <p style={{ margin: 0 }}>
                  {t('rec.checked', {
                    total: r.checked.total,
                    passed: r.checked.passed,
                    failed: r.checked.failed,
                    na: r.checked.notApplicable,
                  })}
                </p>
                {r.score ? (
                  <p style={{ margin: 0 }}>
                    {r.score.library}：{r.score.total.toFixed(1)}（{t(`in.grade.${r.score.grade}` as never)}）
                  </p>
                ) : null}
                <p style={{ margin: '8px 0 0', fontWeight: 600 }}>{t('rec.found')}</p>
                {r.findings.length ? (
                  <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="record-findings">
                    {r.findings.map((f, i) => (
                      <li key={i}>
                        [{f.code}] {f.title}：{f.description}（
                        {t(f.grade === 'major' ? 'cl.grade.major' : 'cl.grade.general')}；{f.measure}
                        {f.rectifyDays !== null
                          ? `，${f.rectifyDays ? t('cl.rectifyDays', { n: f.rectifyDays }) : t('cl.rectifyNow')}`
                          : ''}
                        {f.photoCount ? `；${t('rec.photoCount', { n: f.photoCount })}` : ''}）
                        <div style={{ fontSize: 12, color: '#444' }}>
                          {t('cl.basis')}：{f.basis}
                        </div>
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p style={{ margin: 0 }}>{t('rec.none')}</p>
                )}
              </td>
            </tr>
            <tr>
              <th>{t('rec.signInspector')}</th>
              <td colSpan={3}>
                <Flex gap={16} wrap>
                  {inspectors.map((s) => (
                    <span key={s.id}>
                      {s.fileId ? (
                        <img className="sig-img" src={`/api/files/${s.fileId}`} alt={s.signerName} />
                      ) : (
                        s.signerName
                      )}{' '}
                      {fmtTime(s.signedAt, lang)}
                    </span>
                  ))}
                </Flex>
              </td>
            </tr>
            <tr>
              <th>{t('rec.signInspected')}</th>
              <td colSpan={3} data-testid="record-inspected-signature">
                {inspected ? (
                  inspected.refused ? (
                    t('rec.refusedNote', { reason: inspected.refusalReason, witness: inspected.witnessName })
                  ) : (
                    <span>
                      {inspected.fileId ? (
                        <img
                          className="sig-img"
                          src={`/api/files/${inspected.fileId}`}
                          alt={inspected.signerName}
                        />
                      ) : null}{' '}
                      {inspected.signerName} {fmtTime(inspected.signedAt, lang)}
                    </span>
                  )
                ) : (
                  '—'
                )}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
