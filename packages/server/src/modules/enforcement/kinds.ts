import type { DocumentKind } from '@redline/contracts';

/** Names of the document kinds, for lists and the verification page (the template title is authoritative in the PDF). */
export const KIND_NAMES: Record<DocumentKind, string> = {
  inspection_record: '现场检查记录',
  rectification_order: '责令限期整改指令书',
  treatment_decision: '现场处理措施决定书',
  review_opinion: '整改复查意见书',
  case_filing: '立案审批表',
  penalty_decision: '行政处罚决定书',
};

/** A review opinion follows one of these orders. */
export const ORDER_KINDS: readonly DocumentKind[] = ['rectification_order', 'treatment_decision'];
