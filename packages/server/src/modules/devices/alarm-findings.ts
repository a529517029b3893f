import type { Static } from '@sinclair/typebox';
import type { Alarm } from '@redline/contracts';
import { SPECIAL_OPERATIONS, UNATTRIBUTED_SPECIAL_OPERATION, type SpecialOperation } from '@redline/domain';

type AlarmView = Static<typeof Alarm>;

/**
 * The words of an enforcement document, written from an alarm's evidence: what was seen, when,
 * where, by which device, what the registry cross-check found, the legal basis, and the measures.
 * Reference text per alarm type; the officer can still edit the editable facts before issuing.
 */
interface TypeText {
  title: string;
  basis: string;
  /** The same basis as structured references (for the hazard's legal basis). */
  legal?: Array<{ doc: string; clause: string }>;
  measures: string[];
  rectification: string;
  deadlineDays: number;
}

const WSL = '《中华人民共和国安全生产法》';
const TEXTS: Record<string, TypeText> = {
  uncertified_special_operation: uncertifiedText('welding'),
  unattributed_special_operation: unattributedText('welding'),
  hot_work_outside_window: {
    title: '在动火许可时段以外进行动火作业',
    basis: `${WSL}第四十三条`,
    measures: ['立即停止许可时段以外的动火作业'],
    rectification: '严格执行动火作业审批，动火作业限定在许可时段内进行并落实现场监护',
    deadlineDays: 7,
  },
  gas_leak: {
    title: '可燃气体浓度超过报警值',
    basis: `${WSL}第三十六条、第四十一条`,
    measures: ['立即切断气源、加强通风，撤出危险区域作业人员', '排除泄漏点前禁止一切动火作业'],
    rectification: '查明并消除泄漏原因，检测合格后方可恢复作业，检查可燃气体报警与联锁装置',
    deadlineDays: 3,
  },
  toxic_gas: {
    title: '有毒气体浓度超过报警值',
    basis: `${WSL}第三十六条、第四十一条`,
    measures: ['立即撤出危险区域作业人员并加强通风'],
    rectification: '查明并消除有毒气体来源，检测合格后方可恢复作业',
    deadlineDays: 3,
  },
  fire_smoke: {
    title: '作业场所出现明火或烟雾',
    basis: `${WSL}第四十一条`,
    measures: ['立即组织处置火情并撤出相关区域人员'],
    rectification: '查明起火原因，整改消防安全隐患',
    deadlineDays: 3,
  },
  crane_overload: {
    title: '塔式起重机超载作业',
    basis: `${WSL}第三十六条、第三十九条`,
    measures: ['立即停止该塔式起重机作业', '经检测检验合格并经本机关审查同意后方可恢复使用'],
    rectification: '检查起重量限制器等安全装置，严格按额定起重量作业，对设备进行检测',
    deadlineDays: 3,
  },
  hoist_overload: {
    title: '施工升降机超载运行',
    basis: `${WSL}第三十六条、第三十九条`,
    measures: ['立即停止该施工升降机运行'],
    rectification: '检查载重限制装置，严格按额定载重量运行，对设备进行检测',
    deadlineDays: 3,
  },
  elevator_fault: {
    title: '电梯发生故障',
    basis: `${WSL}第三十六条；《中华人民共和国特种设备安全法》第四十条`,
    measures: ['立即停止该电梯使用并设置警示标志'],
    rectification: '由维保单位排除故障，未经定期检验或检验不合格的不得继续使用',
    deadlineDays: 3,
  },
  ppe_violation: {
    title: '作业人员未按规定佩戴劳动防护用品',
    basis: `${WSL}第四十五条、第五十七条`,
    measures: ['立即纠正未按规定佩戴劳动防护用品的作业行为'],
    rectification: '加强劳动防护用品发放、佩戴检查和教育培训',
    deadlineDays: 7,
  },
  danger_zone_intrusion: {
    title: '人员闯入危险作业区域',
    basis: `${WSL}第四十一条`,
    measures: ['立即撤出危险区域内人员并设置隔离警示'],
    rectification: '完善危险区域隔离、警示和监护措施',
    deadlineDays: 7,
  },
};

/** An uncertified special operation: the operation's own words (welding, electrical work, work at height…). */
function uncertifiedText(op: SpecialOperation): TypeText {
  const d = SPECIAL_OPERATIONS[op];
  const welding = op === 'welding' || op === 'hot_cutting';
  return {
    title: welding
      ? '特种作业人员未取得相应资格从事焊接与热切割作业'
      : `特种作业人员未取得相应资格从事${d.zh}`,
    basis: `${WSL}第三十条第一款`,
    legal: [
      { doc: '中华人民共和国安全生产法', clause: '第三十条第一款' },
      { doc: '特种作业人员安全技术培训考核管理规定', clause: '第五条' },
    ],
    measures: [
      welding ? '立即停止该作业区域的焊接与热切割作业' : `立即停止该作业区域的${d.zh}`,
      '责令未取得有效特种作业操作证的人员立即撤离作业岗位',
    ],
    rectification: `安排取得有效${d.certificateZh}的人员上岗作业，对无证人员组织培训考核，${
      welding ? '完善动火作业审批和实名制考勤管理' : '完善特种作业审批和实名制考勤管理'
    }`,
    deadlineDays: 7,
  };
}

/** A special operation seen where nobody on duty can be named: verify who did it. */
function unattributedText(op: SpecialOperation): TypeText {
  const d = SPECIAL_OPERATIONS[op];
  return {
    title: `监测到${d.zh}，无法确认作业人员及其持证情况`,
    basis: `${WSL}第三十条第一款`,
    legal: [{ doc: '中华人民共和国安全生产法', clause: '第三十条第一款' }],
    measures: [`立即核实${d.zh}人员身份及其${d.certificateZh}`, '核实前暂停该作业区域的特种作业'],
    rectification: `落实实名制考勤，${d.zh}人员持有效${d.certificateZh}上岗并在考勤中登记`,
    deadlineDays: 3,
  };
}

/** The operation an alarm's cross-check was about, if it was a special-operation check. */
export function operationOfAlarm(a: AlarmView): SpecialOperation | null {
  const f = a.crossCheck?.facts.find((x) => x.code === 'SPECIAL_OPERATION');
  const op = f ? String(f.params.operation) : a.crossCheck?.kind === 'welding_certificate' ? 'welding' : '';
  return op in SPECIAL_OPERATIONS ? (op as SpecialOperation) : null;
}

const generic = (a: AlarmView): TypeText => ({
  title: a.rule.name.zh,
  basis: `${WSL}第四十一条`,
  measures: ['立即采取措施消除该事故隐患'],
  rectification: '查明原因并消除事故隐患',
  deadlineDays: 7,
});

export function textOf(a: AlarmView): TypeText {
  const op = operationOfAlarm(a);
  if (op && a.type === 'uncertified_special_operation') return uncertifiedText(op);
  if (op && a.type === UNATTRIBUTED_SPECIAL_OPERATION) return unattributedText(op);
  return TEXTS[a.type] ?? generic(a);
}

/** "（焊工，用人单位：某某建设有限公司，非被检查单位人员）": the employer only when it is someone else. */
function whoText(p: Record<string, string | number>): string {
  const trade = TRADE_ZH[String(p.trade)] ?? p.trade;
  const employer =
    p.externalEmployer === 1 && p.employer ? `，用人单位：${p.employer}，非被检查单位人员` : '';
  return trade || employer ? `（${trade ?? ''}${employer}）` : '';
}

const CANNOT_ATTRIBUTE_ZH: Record<string, (p: Record<string, string | number>) => string> = {
  nobody_on_duty: (p) => `无法确认${p.operationName}人员及其持证情况`,
  several_candidates: (p) => `在岗${p.candidates}人均未登记为${p.operationName}人员，无法确认作业人员`,
  not_registered_for_operation: (p) => `在岗人员未登记为${p.operationName}人员，无法确认作业人员`,
};

/** The legal basis as structured references: given, or read from the basis text (《…》第…条). */
export function legalOf(t: TypeText): Array<{ doc: string; clause: string }> {
  if (t.legal) return t.legal;
  const out: Array<{ doc: string; clause: string }> = [];
  for (const part of t.basis.split('；')) {
    const m = /《([^》]+)》(.*)/.exec(part);
    if (m) out.push({ doc: m[1], clause: m[2] });
  }
  return out;
}

export function zhDateTime(at: string, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((x) => [x.type, x.value]),
  );
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日${Number(p.hour)}时${p.minute}分`;
}

const pct = (n: unknown) => (typeof n === 'number' ? `${Math.round(n * 100)}%` : '');

/** One sentence per fact of the trigger and of the cross-check, in Chinese. */
export function describeFacts(a: AlarmView): string[] {
  const out: string[] = [];
  for (const f of a.facts) {
    const p = f.params;
    if (f.code === 'DETECTED')
      out.push(`识别到${DETECTION_ZH[String(p.type)] ?? p.type}（置信度${pct(p.confidence)}）`);
    else if (f.code === 'THRESHOLD_EXCEEDED')
      out.push(
        `${METRIC_ZH[String(p.metric)] ?? p.metric}达到${p.value}，超过报警值${p.limit}并持续${p.forSeconds}秒以上`,
      );
    else if (f.code === 'READING')
      out.push(`${METRIC_ZH[String(p.metric)] ?? p.metric}读数${p.value}（报警值${p.limit}）`);
    else if (f.code === 'REPEATED') out.push(`${p.withinSeconds}秒内出现${p.count}次`);
    else if (f.code === 'OUTSIDE_PERMITTED_WINDOW')
      out.push(`发生于当地时间${p.localTime}，不在许可时段（${p.permitted}）内`);
    else if (f.code === 'DEVICE_FAULT' || f.code === 'DEVICE_ALARM')
      out.push(`设备报告${f.code === 'DEVICE_FAULT' ? '故障' : '报警'}（代码${p.code}）`);
  }
  for (const f of a.crossCheck?.facts ?? []) {
    const p = f.params;
    switch (f.code) {
      case 'NOBODY_ON_DUTY':
        out.push('实名制考勤显示该场所无登记在岗人员');
        break;
      case 'ON_DUTY':
        out.push(`当班人员：${p.worker}${whoText(p)}`);
        break;
      case 'NO_OPERATION_CERTIFICATE':
        out.push(`${p.worker}未持有${p.certificateName}`);
        break;
      case 'OPERATION_CERTIFICATE_EXPIRED':
      case 'WELDING_CERTIFICATE_EXPIRED':
        out.push(`${p.worker}所持${p.categoryName}操作证（编号${p.number}）已于${p.expiresOn}过期`);
        break;
      case 'OPERATION_CERTIFICATE_NOT_YET_VALID':
      case 'WELDING_CERTIFICATE_NOT_YET_VALID':
        out.push(`${p.worker}所持${p.categoryName}操作证（编号${p.number}）尚未生效`);
        break;
      case 'OPERATION_CERTIFICATE_VALID':
      case 'WELDING_CERTIFICATE_VALID':
        out.push(`${p.worker}持有有效的${p.categoryName}操作证（编号${p.number}，有效期至${p.expiresOn}）`);
        break;
      case 'NOT_ON_DUTY_FOR_OPERATION':
        out.push(`${p.worker}${whoText(p)}未登记为${p.operationName}人员`);
        break;
      case 'UNCERTIFIED_ON_DUTY':
        out.push(`${p.worker}${whoText(p)}在岗从事${p.operationName}，未持有效的${p.certificateName}`);
        break;
      case 'CANNOT_ATTRIBUTE':
        out.push(
          (CANNOT_ATTRIBUTE_ZH[String(p.reason)] ?? CANNOT_ATTRIBUTE_ZH.not_registered_for_operation)(p),
        );
        break;
      case 'NO_WELDING_CERTIFICATE':
        out.push(`${p.worker}未持有焊接与热切割作业操作证`);
        break;
      case 'INSPECTION_OVERDUE':
        out.push(`设备${p.registrationCode}定期检验已于${p.nextInspectionOn}到期，超期${p.daysPast}天未检`);
        break;
      case 'LAST_INSPECTION_FAILED':
        out.push(`设备${p.registrationCode}最近一次定期检验结论为不合格`);
        break;
      case 'NO_INSPECTION_RECORD':
        out.push(`设备${p.registrationCode}无定期检验记录`);
        break;
      case 'INSPECTION_IN_DATE':
      case 'INSPECTION_DUE_SOON':
        out.push(`设备${p.registrationCode}定期检验有效期至${p.nextInspectionOn}`);
        break;
      case 'EQUIPMENT_NOT_REGISTERED':
        out.push('该设备未办理使用登记');
        break;
      case 'EQUIPMENT_REGISTERED':
        out.push(`设备已办理使用登记（${p.registrationCode}）`);
        break;
    }
  }
  return out;
}

/** "2026年11月23日10时15分，焊接车间的视频AI监测设备（JS-CAM-0101）识别到焊接作业……" */
export function findingsText(a: AlarmView, timeZone: string): string {
  const when = zhDateTime(a.firstEventAt, timeZone);
  const facts = describeFacts(a);
  return `${when}，${a.site.name}的${DEVICE_ZH[a.device.kind] ?? '监测设备'}（${a.device.code}）告警（编号${a.number}）：${facts.join('；')}。`;
}

const DETECTION_ZH: Record<string, string> = {
  welding: '焊接作业',
  sparks: '焊接火花',
  fire: '明火',
  smoke: '烟雾',
  no_helmet: '未佩戴安全帽',
  no_safety_belt: '未系安全带',
  intrusion: '人员闯入危险区域',
  person: '人员',
};
const METRIC_ZH: Record<string, string> = {
  gas_lel: '可燃气体浓度（%LEL）',
  co_ppm: '一氧化碳浓度（ppm）',
  load_ratio: '起重量（额定载荷百分比）',
  moment_ratio: '力矩（额定力矩百分比）',
  wind_speed: '风速（m/s）',
  pm10: 'PM10（μg/m³）',
  noise_db: '噪声（dB）',
};
const DEVICE_ZH: Record<string, string> = {
  ai_camera: '视频AI监测设备',
  smoke_sensor: '烟感探测器',
  flame_sensor: '火焰探测器',
  combustible_gas_sensor: '可燃气体探测器',
  toxic_gas_sensor: '有毒气体探测器',
  tower_crane_monitor: '塔吊安全监控系统',
  construction_elevator_monitor: '施工升降机监控系统',
  elevator_monitor: '电梯物联网监测终端',
  dust_noise_monitor: '扬尘噪声监测仪',
  access_gate: '实名制考勤闸机',
};
const TRADE_ZH: Record<string, string> = {
  welder: '焊工',
  electrician: '电工',
  operator: '操作工',
  labourer: '普工',
  crane_operator: '塔吊司机',
  scaffolder: '架子工',
  signaller: '信号司索工',
  hoist_operator: '升降机司机',
  forklift_driver: '叉车司机',
  boiler_operator: '司炉工',
  chemical_operator: '化工操作工',
  rebar_worker: '钢筋工',
  carpenter: '木工',
  mason: '瓦工',
  concrete_worker: '混凝土工',
};
