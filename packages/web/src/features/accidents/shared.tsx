import { Tag } from 'antd';
import { ACCIDENT_GRADE_LABELS, type ACCIDENT_GRADES } from '@redline/contracts';
import { GB6441_ACCIDENT_TYPES } from '@redline/domain';
import { formatDateTimeSeconds } from '../../lib/time';

export type Grade = (typeof ACCIDENT_GRADES)[number];
const GRADE_COLOR: Record<Grade, string> = {
  especially_serious: 'magenta',
  serious: 'red',
  larger: 'orange',
  general: 'gold',
};

export function AccidentGradeTag({ grade }: { grade: Grade }) {
  return (
    <Tag color={GRADE_COLOR[grade]} data-testid="accident-grade">
      {ACCIDENT_GRADE_LABELS[grade]}
    </Tag>
  );
}

export const TYPE_OPTIONS = GB6441_ACCIDENT_TYPES.map((t) => ({ value: t.code, label: `${t.code} ${t.zh}` }));
export const typeName = (code: string) => GB6441_ACCIDENT_TYPES.find((t) => t.code === code)?.zh ?? code;

export const EQUIPMENT_OPTIONS = [
  ['1000', '锅炉'],
  ['2000', '压力容器（含气瓶）'],
  ['3000', '电梯'],
  ['4000', '起重机械'],
  ['5000', '场（厂）内专用机动车辆'],
  ['6000', '大型游乐设施'],
  ['8000', '压力管道'],
  ['9000', '客运索道'],
].map(([value, label]) => ({ value, label }));

const yuan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
/** "1,234.5 万元" for large sums, else yuan. */
export function moneyText(v: string): string {
  const n = Number(v);
  return n >= 10_000 ? `${yuan.format(n / 10_000)} 万元` : `${yuan.format(n)} 元`;
}

export const fmtInstant = (iso: string | null) => formatDateTimeSeconds(iso);
