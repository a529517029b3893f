import { dateInZone } from '@redline/domain';
import type { Kysely } from 'kysely';
import { DOCUMENT_KIND_NAMES, type DocumentKind, type VerificationView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import { digestOf, sha256 } from '../../audit/canonical.ts';
import { issuedRecord } from './presenters.ts';
import {
  documentNumber,
  issueAuditDigest,
  issuedCorrectionOf,
  issuedDocumentBy,
  storedPdfIfAny,
} from './repo/documents.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Public verification of an issued document by its id (the QR code) or its number. It shows only
 * what the paper shows anyway — number, kind, issuing authority, date — and the hashes, and checks
 * three things: the stored PDF still has the hash on record; the record still has the digest it
 * was issued with; and that digest is the one the audit chain recorded at issue.
 */
export async function verifyDocument(
  db: Kysely<DB>,
  key: string,
  timeZone: string,
): Promise<VerificationView> {
  const query = key.trim();
  const row = await issuedDocumentBy(
    db,
    UUID.test(query) ? { id: query } : { number: normaliseNumber(query) },
  );
  if (!row) {
    return {
      found: false,
      query,
      message: `未找到编号或标识为“${query}”的已签发执法文书。该文书可能是伪造的，请向签发机关核实。 / No issued enforcement document has this number or id: it may be forged — check with the issuing authority.`,
      document: null,
    };
  }
  const pdf = await storedPdfIfAny(db, row.id);
  const pdfMatchesRecord = !!pdf && sha256(pdf.content) === row.pdf_sha256;
  const recordDigest = digestOf(issuedRecord(row));
  const audit = await issueAuditDigest(db, row.id);
  const recordMatchesAudit =
    recordDigest === row.content_digest && audit?.after_digest === row.content_digest;
  const [supersededBy, supersedes] = await Promise.all([
    issuedCorrectionOf(db, row.id),
    row.supersedes_id ? documentNumber(db, row.supersedes_id) : Promise.resolve(undefined),
  ]);
  const ok = pdfMatchesRecord && recordMatchesAudit;
  return {
    found: true,
    query,
    message: !ok
      ? '该文书在系统中存在，但文件或记录与签发时不一致，请向签发机关核实。 / The document exists but its file or record no longer matches what was issued — check with the issuing authority.'
      : supersededBy
        ? `该文书真实有效签发，但已被 ${supersededBy.number} 更正取代。 / Genuine, but superseded by ${supersededBy.number}.`
        : '该文书由系统签发，文件与签发记录一致。 / Genuine: the file and the record match what was issued.',
    document: {
      id: row.id,
      number: row.number!,
      kindName: DOCUMENT_KIND_NAMES[row.kind as DocumentKind] ?? row.kind,
      title: DOCUMENT_KIND_NAMES[row.kind as DocumentKind] ?? row.kind,
      issuer: row.authority_name,
      issuedOn: dateInZone(timeZone, row.issued_at!),
      pdfSha256: row.pdf_sha256!,
      contentDigest: row.content_digest!,
      pdfMatchesRecord,
      recordMatchesAudit,
      supersededBy: supersededBy?.number ?? null,
      supersedes: supersedes?.number ?? null,
    },
  };
}

/** People type numbers with ASCII brackets and spaces; the stored form uses （）〔〕. */
export function normaliseNumber(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/^\(/, '（')
    .replace(/^([（][^)）]*)\)/, '$1）')
    .replace(/[[［【]/g, '〔')
    .replace(/[\]］】]/g, '〕');
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The public page: plain HTML, no script, readable on a phone. */
export function verificationPage(v: VerificationView | null): string {
  if (!v) return blankPage();
  const d = v.document;
  const ok = !!d && d.pdfMatchesRecord && d.recordMatchesAudit;
  const status = !d ? 'forged' : !ok ? 'mismatch' : d.supersededBy ? 'superseded' : 'genuine';
  const badge = {
    genuine: ['✔ 真实有效', 'Genuine', '#1a7f37'],
    superseded: ['✔ 真实 · 已被更正', 'Genuine, superseded', '#9a6700'],
    mismatch: ['✖ 与签发记录不一致', 'Does not match the record', '#cf222e'],
    forged: ['✖ 未找到该文书', 'Not found — possibly forged', '#cf222e'],
  }[status];
  const rows = d
    ? [
        ['文书编号 Number', d.number],
        ['文书种类 Kind', d.kindName],
        ['签发机关 Issuer', d.issuer],
        ['签发日期 Date', d.issuedOn],
        ['PDF 文件 SHA-256', `<code>${esc(d.pdfSha256)}</code>`],
        ['记录摘要 Record digest', `<code>${esc(d.contentDigest)}</code>`],
        ['文件与记录一致 File matches record', d.pdfMatchesRecord ? '是 yes' : '<b>否 no</b>'],
        ['记录与审计链一致 Record matches audit chain', d.recordMatchesAudit ? '是 yes' : '<b>否 no</b>'],
        ...(d.supersedes ? [['更正的文书 Corrects', esc(d.supersedes)]] : []),
        ...(d.supersededBy ? [['已被更正 Superseded by', esc(d.supersededBy)]] : []),
      ]
    : [];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>执法文书核验 · Document verification</title>
<style>body{font-family:system-ui,-apple-system,"Noto Sans SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#1f2328}
main{max-width:720px;margin:24px auto;background:#fff;border-radius:10px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 4px}.sub{color:#57606a;margin:0 0 18px;font-size:14px}
.badge{display:inline-block;padding:8px 14px;border-radius:6px;color:#fff;font-weight:600;font-size:16px;background:${badge[2]}}
table{border-collapse:collapse;width:100%;margin-top:18px;font-size:14px}th,td{text-align:left;padding:8px 6px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{width:42%;color:#57606a;font-weight:500}code{word-break:break-all;font-size:12px}p.msg{margin:16px 0 0;line-height:1.6}
form{margin-top:22px;display:flex;gap:8px}input{flex:1;padding:8px;font-size:14px;border:1px solid #d0d7de;border-radius:6px}button{padding:8px 14px;border:0;border-radius:6px;background:#0969da;color:#fff;font-size:14px}
footer{color:#6e7781;font-size:12px;margin-top:20px;line-height:1.6}</style></head>
<body><main>
<h1>安全生产执法文书核验</h1><p class="sub">Verification of a work-safety enforcement document · Redline</p>
<span class="badge" data-status="${status}">${badge[0]} · ${badge[1]}</span>
<p class="msg">${esc(v.message)}</p>
${rows.length ? `<table>${rows.map(([k, val]) => `<tr><th>${k}</th><td>${k.includes('SHA') || k.includes('digest') || val.startsWith('<') ? val : esc(val)}</td></tr>`).join('')}</table>` : `<table><tr><th>查询内容 Query</th><td>${esc(v.query)}</td></tr></table>`}
<form method="get" action="/verify"><input name="q" aria-label="文书编号 document number" placeholder="输入文书编号，如（金）应急责改〔2026〕12号"><button type="submit">核验 Verify</button></form>
<footer>核验方法：扫描文书上的二维码，或在上方输入文书编号。PDF 文件的 SHA-256 可用任何工具计算并与上表比对。本页只显示文书编号、种类、签发机关、日期和摘要，不显示文书内容。<br>
How to verify: scan the QR code on the document, or type its number above. Compute the PDF's SHA-256 with any tool and compare it with the table. This page shows no content of the document.</footer>
</main></body></html>`;
}

function blankPage(): string {
  return verificationPage({
    found: false,
    query: '',
    message:
      '请输入执法文书编号或扫描文书上的二维码。 / Type the document number, or scan the QR code on the document.',
    document: null,
  })
    .replace(/<span class="badge"[^]*?<\/span>/, '')
    .replace(/<table>[^]*?<\/table>/, '');
}
