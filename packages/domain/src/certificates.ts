import { addDays, addYears, compareDates, daysBetween } from './dates.ts';

/**
 * Special-operation certificate (特种作业操作证) validity and review.
 * Validity, review interval and review window differ by track (emergency-management: 6 years,
 * review every 3; housing: 2 years, renewal within 3 months of expiry) and are being revised
 * (MEM Order 19, 2026), so they arrive as rules, never constants in this logic.
 */
export type CertificateStatus = 'valid' | 'review_due' | 'expired';

export interface CertificateDates {
  issuedOn: string;
  expiresOn: string;
  nextReviewOn?: string | null;
  lastReviewedOn?: string | null;
}

export interface CertificateStatusRules {
  /** Days before a review date (or the expiry date) from which the holder must act. */
  reviewWindowDays: number;
  /**
   * Some tracks void a certificate whose review was missed (逾期未复审). Off by default: the
   * rule text for the 2026 catalogue is not yet confirmed, so a missed review only shows as due.
   */
  missedReviewVoids?: boolean;
}

export type CertificateReason =
  | { code: 'EXPIRED'; expiresOn: string; daysPast: number }
  | { code: 'REVIEW_MISSED'; nextReviewOn: string; daysPast: number }
  | { code: 'REVIEW_OVERDUE'; nextReviewOn: string; daysPast: number }
  | { code: 'REVIEW_WINDOW_OPEN'; nextReviewOn: string; daysLeft: number }
  | { code: 'EXPIRY_APPROACHING'; expiresOn: string; daysLeft: number }
  | { code: 'VALID'; expiresOn: string; nextReviewOn: string | null };

export interface CertificateAssessment {
  status: CertificateStatus;
  reason: CertificateReason;
}

export function certificateStatus(
  cert: CertificateDates,
  today: string,
  rules: CertificateStatusRules,
): CertificateAssessment {
  assertWindow(rules.reviewWindowDays);
  const { expiresOn } = cert;
  const next = cert.nextReviewOn ?? null;
  if (compareDates(today, expiresOn) > 0) {
    return {
      status: 'expired',
      reason: { code: 'EXPIRED', expiresOn, daysPast: daysBetween(expiresOn, today) },
    };
  }
  // A review counts when it was done inside the window for this review date.
  const windowOpens = next === null ? null : addDays(next, -rules.reviewWindowDays);
  const reviewDone =
    windowOpens !== null &&
    cert.lastReviewedOn != null &&
    compareDates(cert.lastReviewedOn, windowOpens) >= 0;
  if (next !== null && windowOpens !== null && !reviewDone) {
    if (compareDates(today, next) > 0) {
      const daysPast = daysBetween(next, today);
      if (rules.missedReviewVoids) {
        return { status: 'expired', reason: { code: 'REVIEW_MISSED', nextReviewOn: next, daysPast } };
      }
      return { status: 'review_due', reason: { code: 'REVIEW_OVERDUE', nextReviewOn: next, daysPast } };
    }
    if (compareDates(today, windowOpens) >= 0) {
      return {
        status: 'review_due',
        reason: { code: 'REVIEW_WINDOW_OPEN', nextReviewOn: next, daysLeft: daysBetween(today, next) },
      };
    }
  }
  if (compareDates(today, addDays(expiresOn, -rules.reviewWindowDays)) >= 0) {
    return {
      status: 'review_due',
      reason: { code: 'EXPIRY_APPROACHING', expiresOn, daysLeft: daysBetween(today, expiresOn) },
    };
  }
  return { status: 'valid', reason: { code: 'VALID', expiresOn, nextReviewOn: next } };
}

export interface CertificateTrackRules {
  validityYears: number;
  /** Null or 0 when the track renews at expiry instead of reviewing mid-term. */
  reviewEveryYears?: number | null;
}

/**
 * Expiry is the same calendar day `validityYears` later (the month's last day when that day does not
 * exist: 2024-02-29 + 2 years → 2026-02-28), and the certificate is valid through that day: "valid until
 * D" includes D, expired from D + 1 (`certificateStatus`, the server's SQL status and the UI all use this).
 * This is the period rule of the Civil Code (2020) arts. 201–202 — the issue day is not counted and a
 * period in years ends on the corresponding day — applied to the card's validity; no certificate rule
 * read says otherwise. A review date that would fall on or after expiry is dropped, since renewal replaces it.
 */
export function computeCertificateDates(
  rules: CertificateTrackRules,
  issuedOn: string,
): { expiresOn: string; nextReviewOn: string | null } {
  if (!Number.isInteger(rules.validityYears) || rules.validityYears <= 0) {
    throw new RangeError(`validityYears must be a positive integer, got ${rules.validityYears}`);
  }
  const expiresOn = addYears(issuedOn, rules.validityYears);
  const every = rules.reviewEveryYears ?? 0;
  if (!Number.isInteger(every) || every < 0)
    throw new RangeError(`reviewEveryYears must be a whole number, got ${every}`);
  const review = every > 0 ? addYears(issuedOn, every) : null;
  return { expiresOn, nextReviewOn: review !== null && compareDates(review, expiresOn) < 0 ? review : null };
}

export interface HeldCertificate extends CertificateDates {
  category: string;
}

/**
 * "Does this worker hold a valid certificate for this operation?" — matching category, already
 * issued, and not expired. A certificate merely due for review still lets its holder work.
 */
export function isCertificateValidFor(
  cert: HeldCertificate,
  category: string,
  today: string,
  rules: CertificateStatusRules,
): boolean {
  if (cert.category !== category) return false;
  if (compareDates(today, cert.issuedOn) < 0) return false;
  return certificateStatus(cert, today, rules).status !== 'expired';
}

function assertWindow(days: number): void {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`reviewWindowDays must be a whole number, got ${days}`);
}

/**
 * The next review date once a review has been recorded: the review interval runs again from that
 * review (not from the issue date, which would leave a date already past on the card). A date
 * that would fall inside the window before expiry (`reviewWindowDays`), or after it, is dropped:
 * renewal is due by then and replaces the review. Tracks without mid-term review (housing) have none.
 */
export function nextReviewAfter(
  rules: Pick<CertificateTrackRules, 'reviewEveryYears'> & { reviewWindowDays?: number },
  cert: { reviewedOn: string; expiresOn: string },
): string | null {
  const every = rules.reviewEveryYears ?? 0;
  if (!Number.isInteger(every) || every < 0)
    throw new RangeError(`reviewEveryYears must be a whole number, got ${every}`);
  const window = rules.reviewWindowDays ?? 0;
  assertWindow(window);
  if (every === 0) return null;
  const next = addYears(cert.reviewedOn, every);
  return compareDates(next, addDays(cert.expiresOn, -window)) < 0 ? next : null;
}
