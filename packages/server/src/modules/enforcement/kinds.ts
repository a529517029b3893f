import type { DocumentKind } from '@redline/contracts';

/** A review opinion follows one of these orders. */
export const ORDER_KINDS: readonly DocumentKind[] = ['rectification_order', 'treatment_decision'];
