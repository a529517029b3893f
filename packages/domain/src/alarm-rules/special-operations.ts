/**
 * Special operations a camera can see, and which special-operation certificates make a person
 * lawful to do them (DOMAIN §7). Emergency-management track: SAWS Order 30 (11 categories; being
 * replaced by MEM Order 19 from 2026-06-01 — the category codes are ours, see
 * data/reference/certificate-categories.json); housing track: 建质〔2008〕75号.
 *
 * `trades` are the registry trades whose holders are on duty FOR the operation: a welder checked in
 * at a welding shop is taken to weld there; a labourer is not. A person holding a certificate of
 * the operation (even an expired one) is on duty for it too. Matching is by operation, not by
 * trade and category (a signaller's HS-03 counts for hoisting as a crane driver's HS-04 does) —
 * finer matching needs per-trade categories in the registry.
 *
 * UNCONFIRMED: that the housing track's provincial construction welder (HS-07) covers hot cutting
 * as well as welding is an assumption, not checked against a published text.
 */
export const SPECIAL_OPERATIONS = {
  welding: {
    zh: '焊接作业',
    en: 'welding',
    certificateZh: '焊接与热切割作业操作证',
    categories: ['EM-02', 'HS-07'],
    /** Categories flagged as welding in the registry (a province may add its own) count as well. */
    weldingFlag: true,
    trades: ['welder'],
  },
  hot_cutting: {
    zh: '热切割作业',
    en: 'hot cutting',
    certificateZh: '焊接与热切割作业操作证',
    categories: ['EM-02', 'HS-07'],
    weldingFlag: true,
    trades: ['welder'],
  },
  electrical: {
    zh: '电工作业',
    en: 'electrical work',
    certificateZh: '电工作业操作证',
    categories: ['EM-01', 'HS-01'],
    weldingFlag: false,
    trades: ['electrician'],
  },
  work_at_height: {
    zh: '高处作业',
    en: 'work at height',
    certificateZh: '高处作业操作证',
    categories: ['EM-03', 'HS-02', 'HS-06'],
    weldingFlag: false,
    trades: ['scaffolder'],
  },
  hoisting: {
    zh: '起重吊装作业',
    en: 'hoisting',
    certificateZh: '起重作业操作证',
    categories: ['HS-03', 'HS-04', 'HS-05', 'MK-01'],
    weldingFlag: false,
    trades: ['crane_operator', 'signaller', 'hoist_operator'],
  },
} as const satisfies Record<
  string,
  {
    zh: string;
    en: string;
    certificateZh: string;
    categories: readonly string[];
    weldingFlag: boolean;
    trades: readonly string[];
  }
>;
export type SpecialOperation = keyof typeof SPECIAL_OPERATIONS;
export const SPECIAL_OPERATION_CODES = Object.keys(SPECIAL_OPERATIONS) as SpecialOperation[];

/**
 * How far apart an attendance record and a device event may be and still be compared as
 * simultaneous, in seconds (a rule's `crossCheck.toleranceSeconds` overrides it). A gate and a
 * camera keep their own clocks and send times to the second (a check-in recorded by hand keeps
 * milliseconds), so a check-in in the same second as the event — or up to this much after it — counts
 * as on duty, and so does a check-out up to this much before it. 60 s is Redline's choice, not a
 * regulation: it covers unsynchronised device clocks and a gate that reports a little late, and is
 * short against a shift.
 */
export const ATTENDANCE_TOLERANCE_SECONDS = 60;
/** The largest tolerance a rule may state (10 minutes). */
export const MAX_ATTENDANCE_TOLERANCE_SECONDS = 600;

/** The alarm type of a special operation nobody on duty can be named for (its own, lower-severity finding). */
export const UNATTRIBUTED_SPECIAL_OPERATION = 'unattributed_special_operation';
