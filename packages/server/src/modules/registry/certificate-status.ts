import { sql, type RawBuilder } from 'kysely';
import { certificateStatus, type CertificateAssessment } from '@redline/domain';

/**
 * Certificate status in SQL, for filtering and counting. It mirrors the domain rule
 * (`certificateStatus`), which stays the source of truth for each record's status and reason;
 * a test checks the two agree on every demo certificate.
 * `c` is the certificates alias, `cc` the certificate_categories alias.
 */
export function certificateStatusSql(today: string, c = 'c', cc = 'cc'): RawBuilder<string> {
  const col = (a: string, name: string) => sql.ref(`${a}.${name}`);
  const win = col(cc, 'review_window_days');
  const next = col(c, 'next_review_on');
  return sql<string>`CASE
    WHEN ${today}::date > ${col(c, 'expires_on')} THEN 'expired'
    WHEN ${next} IS NOT NULL
         AND NOT (${col(c, 'last_reviewed_on')} IS NOT NULL AND ${col(c, 'last_reviewed_on')} >= ${next} - ${win})
         AND ${today}::date >= ${next} - ${win} THEN 'review_due'
    WHEN ${today}::date >= ${col(c, 'expires_on')} - ${win} THEN 'review_due'
    ELSE 'valid' END`;
}

export function assessCertificate(
  row: {
    issued_on: string;
    expires_on: string;
    next_review_on: string | null;
    last_reviewed_on: string | null;
    review_window_days: number;
  },
  today: string,
): CertificateAssessment {
  return certificateStatus(
    {
      issuedOn: row.issued_on,
      expiresOn: row.expires_on,
      nextReviewOn: row.next_review_on,
      lastReviewedOn: row.last_reviewed_on,
    },
    today,
    { reviewWindowDays: row.review_window_days },
  );
}

/** A short, human sentence for the reason (the UI may render its own from the code). */
export function describeCertificateReason(a: CertificateAssessment): string {
  const r = a.reason;
  switch (r.code) {
    case 'EXPIRED':
      return `expired on ${r.expiresOn} (${r.daysPast} days ago)`;
    case 'REVIEW_MISSED':
      return `review due ${r.nextReviewOn} was missed (${r.daysPast} days ago)`;
    case 'REVIEW_OVERDUE':
      return `review was due on ${r.nextReviewOn} (${r.daysPast} days overdue)`;
    case 'REVIEW_WINDOW_OPEN':
      return `review due by ${r.nextReviewOn} (${r.daysLeft} days left)`;
    case 'EXPIRY_APPROACHING':
      return `expires on ${r.expiresOn} (${r.daysLeft} days left): renew`;
    case 'VALID':
      return `valid until ${r.expiresOn}${r.nextReviewOn ? `, next review ${r.nextReviewOn}` : ''}`;
  }
}
