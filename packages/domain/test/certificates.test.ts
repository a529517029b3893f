import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  certificateStatus,
  computeCertificateDates,
  isCertificateValidFor,
  nextReviewAfter,
  type CertificateDates,
} from '../src/index.ts';

// Track rules as the reference data carries them (data/reference/certificate-categories.json).
const EMERGENCY = { validityYears: 6, reviewEveryYears: 3 };
const HOUSING = { validityYears: 2, reviewEveryYears: null };
const WINDOW = { reviewWindowDays: 60 };

describe('certificate dates', () => {
  it('emergency-management track: valid 6 years, reviewed after 3', () => {
    expect(computeCertificateDates(EMERGENCY, '2021-03-15')).toEqual({
      expiresOn: '2027-03-15',
      nextReviewOn: '2024-03-15',
    });
  });

  it('housing track: valid 2 years, renewed at expiry instead of a mid-term review', () => {
    expect(computeCertificateDates(HOUSING, '2024-02-29')).toEqual({
      expiresOn: '2026-02-28',
      nextReviewOn: null,
    });
  });

  it('drops a review date that would fall on expiry', () => {
    expect(
      computeCertificateDates({ validityYears: 3, reviewEveryYears: 3 }, '2024-01-01').nextReviewOn,
    ).toBeNull();
  });

  it('"valid until D" includes D: valid (and usable for the operation) on D, expired on D + 1', () => {
    const { expiresOn } = computeCertificateDates(EMERGENCY, '2020-06-01');
    expect(expiresOn).toBe('2026-06-01'); // not 2026-05-31: the same calendar day, valid through it
    const held = { category: 'EM-02', issuedOn: '2020-06-01', expiresOn, nextReviewOn: null };
    expect(certificateStatus(held, '2026-06-01', WINDOW).status).not.toBe('expired');
    expect(isCertificateValidFor(held, 'EM-02', '2026-06-01', WINDOW)).toBe(true);
    expect(certificateStatus(held, '2026-06-02', WINDOW)).toMatchObject({
      status: 'expired',
      reason: { code: 'EXPIRED', expiresOn: '2026-06-01', daysPast: 1 },
    });
    expect(isCertificateValidFor(held, 'EM-02', '2026-06-02', WINDOW)).toBe(false);
  });

  it('rejects nonsense track rules', () => {
    expect(() => computeCertificateDates({ validityYears: 0 }, '2024-01-01')).toThrow(RangeError);
  });
});

describe('certificate status', () => {
  const cert: CertificateDates = {
    issuedOn: '2021-03-15',
    expiresOn: '2027-03-15',
    nextReviewOn: '2024-03-15',
  };

  it.each([
    ['2023-06-01', 'valid', 'VALID'],
    ['2024-01-14', 'valid', 'VALID'], // the day before the 60-day window opens
    ['2024-01-15', 'review_due', 'REVIEW_WINDOW_OPEN'], // window opens
    ['2024-03-15', 'review_due', 'REVIEW_WINDOW_OPEN'], // review date itself
    ['2024-03-16', 'review_due', 'REVIEW_OVERDUE'],
    ['2027-03-15', 'review_due', 'REVIEW_OVERDUE'], // review still missing on the expiry date
    ['2027-03-16', 'expired', 'EXPIRED'],
  ])('on %s it is %s (%s)', (today, status, code) => {
    const r = certificateStatus(cert, today, WINDOW);
    expect(r.status).toBe(status);
    expect(r.reason.code).toBe(code);
  });

  it('a review done inside the window clears it, leaving expiry to decide', () => {
    const reviewed = { ...cert, lastReviewedOn: '2024-02-01' };
    expect(certificateStatus(reviewed, '2024-04-01', WINDOW).status).toBe('valid');
    expect(certificateStatus(reviewed, '2027-02-01', WINDOW).reason.code).toBe('EXPIRY_APPROACHING');
  });

  it('a review done before the window does not count for this review date', () => {
    expect(
      certificateStatus({ ...cert, lastReviewedOn: '2023-01-01' }, '2024-04-01', WINDOW).reason.code,
    ).toBe('REVIEW_OVERDUE');
  });

  it('expiry approaching without any review (housing track renewal window)', () => {
    const housing = { issuedOn: '2024-01-10', expiresOn: '2026-01-10', nextReviewOn: null };
    const rules = { reviewWindowDays: 90 };
    expect(certificateStatus(housing, '2025-10-11', rules).status).toBe('valid');
    const due = certificateStatus(housing, '2025-10-12', rules);
    expect(due).toEqual({
      status: 'review_due',
      reason: { code: 'EXPIRY_APPROACHING', expiresOn: '2026-01-10', daysLeft: 90 },
    });
    expect(certificateStatus(housing, '2026-01-11', rules).reason).toEqual({
      code: 'EXPIRED',
      expiresOn: '2026-01-10',
      daysPast: 1,
    });
  });

  it('a missed review voids the certificate when the track says so', () => {
    const r = certificateStatus(cert, '2024-03-16', { ...WINDOW, missedReviewVoids: true });
    expect(r).toEqual({
      status: 'expired',
      reason: { code: 'REVIEW_MISSED', nextReviewOn: '2024-03-15', daysPast: 1 },
    });
  });

  it('answers "does this welder hold a valid welding certificate?"', () => {
    const welding = { ...cert, category: 'EM-02' };
    expect(isCertificateValidFor(welding, 'EM-02', '2023-06-01', WINDOW)).toBe(true);
    expect(isCertificateValidFor(welding, 'EM-02', '2024-03-20', WINDOW)).toBe(true); // review due still allows work
    expect(isCertificateValidFor(welding, 'EM-01', '2023-06-01', WINDOW)).toBe(false); // wrong category
    expect(isCertificateValidFor(welding, 'EM-02', '2027-03-16', WINDOW)).toBe(false); // expired
    expect(isCertificateValidFor(welding, 'EM-02', '2021-03-14', WINDOW)).toBe(false); // not yet issued
  });

  const date = fc
    .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('property: a certificate is expired exactly when today is after its expiry', () => {
    fc.assert(
      fc.property(date, date, fc.integer({ min: 0, max: 365 }), (issuedOn, today, window) => {
        const dates = computeCertificateDates(EMERGENCY, issuedOn);
        const r = certificateStatus({ issuedOn, ...dates }, today, { reviewWindowDays: window });
        expect(r.status === 'expired').toBe(today > dates.expiresOn);
      }),
    );
  });
});

describe('next review after a recorded review', () => {
  // Issued 2020-12-01 (review due 2023-12-01, expires 2026-12-01), reviewed late on 2024-02-10.
  const expiresOn = '2026-12-01';

  it('the interval runs again from the review, not from the issue date', () => {
    expect(nextReviewAfter(EMERGENCY, { reviewedOn: '2022-10-15', expiresOn: '2027-03-15' })).toBe(
      '2025-10-15',
    );
  });

  it('a review whose next date would reach expiry leaves none: renewal replaces it', () => {
    expect(nextReviewAfter(EMERGENCY, { reviewedOn: '2024-02-10', expiresOn })).toBeNull();
    expect(nextReviewAfter(EMERGENCY, { reviewedOn: '2023-12-01', expiresOn })).toBeNull(); // on expiry
  });

  it('a next review inside the window before expiry is dropped: renewal is due by then', () => {
    const rules = { ...EMERGENCY, ...WINDOW };
    // Reviewed early, 2024-11-20, for the review due 2024-12-10; expires 2027-12-09.
    expect(nextReviewAfter(rules, { reviewedOn: '2024-11-20', expiresOn: '2027-12-09' })).toBeNull();
    expect(nextReviewAfter(EMERGENCY, { reviewedOn: '2024-11-20', expiresOn: '2027-12-09' })).toBe(
      '2027-11-20',
    );
    // Just outside the window: 2027-10-09 is 61 days before expiry.
    expect(nextReviewAfter(rules, { reviewedOn: '2024-10-09', expiresOn: '2027-12-09' })).toBe('2027-10-09');
    expect(nextReviewAfter(rules, { reviewedOn: '2024-10-10', expiresOn: '2027-12-09' })).toBeNull();
  });

  it('the housing track has no mid-term review', () => {
    expect(nextReviewAfter(HOUSING, { reviewedOn: '2025-01-01', expiresOn: '2026-02-28' })).toBeNull();
  });

  it('property: the next review is never on or before the review just recorded, and before expiry', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (reviewedOn, expiry) => {
        const next = nextReviewAfter(EMERGENCY, { reviewedOn, expiresOn: expiry });
        if (next !== null) {
          expect(next > reviewedOn).toBe(true);
          expect(next < expiry).toBe(true);
        }
      }),
    );
  });

  it('a certificate reviewed in time is valid afterwards; next comes renewal, not a past date', () => {
    const issuedOn = '2021-03-15';
    const dates = computeCertificateDates(EMERGENCY, issuedOn); // review due 2024-03-15
    const reviewedOn = '2024-02-20';
    const nextReviewOn = nextReviewAfter(
      { ...EMERGENCY, ...WINDOW },
      { reviewedOn, expiresOn: dates.expiresOn },
    );
    expect(nextReviewOn).toBeNull(); // 2027-02-20 is inside the 60 days before expiry 2027-03-15
    const today = '2024-03-20'; // after the old review date 2024-03-15
    expect(
      certificateStatus({ issuedOn, ...dates, nextReviewOn, lastReviewedOn: reviewedOn }, today, WINDOW)
        .status,
    ).toBe('valid');
  });
});
