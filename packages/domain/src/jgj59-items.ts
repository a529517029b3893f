/**
 * JGJ 59-2011 summary table (检查评分汇总表): its ten items, their weights and the sub-tables each
 * aggregates. Checklist data refers to these keys. Weights are passed to the scoring functions,
 * so a regional variant can ship its own list.
 */
export interface Jgj59SummaryItemDef {
  key: string;
  zh: string;
  en: string;
  weight: number;
  /** Appendix B tables; several present tables of one item are averaged. */
  tables: readonly string[];
}

export const JGJ59_EDITION = 'JGJ 59-2011';

export const JGJ59_SUMMARY_ITEMS: readonly Jgj59SummaryItemDef[] = [
  { key: 'safety_management', zh: '安全管理', en: 'Safety management', weight: 10, tables: ['B.1'] },
  {
    key: 'civilized_construction',
    zh: '文明施工',
    en: 'Civilized construction',
    weight: 15,
    tables: ['B.2'],
  },
  {
    key: 'scaffold',
    zh: '脚手架',
    en: 'Scaffolds',
    weight: 10,
    tables: ['B.3', 'B.4', 'B.5', 'B.6', 'B.7', 'B.8', 'B.9', 'B.10'],
  },
  { key: 'foundation_pit', zh: '基坑工程', en: 'Foundation pit', weight: 10, tables: ['B.11'] },
  { key: 'formwork_support', zh: '模板支架', en: 'Formwork support', weight: 10, tables: ['B.12'] },
  { key: 'work_at_height', zh: '高处作业', en: 'Work at height', weight: 10, tables: ['B.13'] },
  { key: 'temporary_electricity', zh: '施工用电', en: 'Temporary electricity', weight: 10, tables: ['B.14'] },
  {
    key: 'hoist_elevator',
    zh: '物料提升机与施工升降机',
    en: 'Material hoist & construction elevator',
    weight: 10,
    tables: ['B.15', 'B.16'],
  },
  {
    key: 'crane_lifting',
    zh: '塔式起重机与起重吊装',
    en: 'Tower crane & lifting',
    weight: 10,
    tables: ['B.17', 'B.18'],
  },
  { key: 'machinery', zh: '施工机具', en: 'Construction machinery', weight: 5, tables: ['B.19'] },
];
