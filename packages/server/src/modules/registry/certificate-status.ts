import { certificateStatus, type CertificateAssessment } from '@redline/domain';

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
