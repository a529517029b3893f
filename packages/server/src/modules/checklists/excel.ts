import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../lazy-packages.ts';
import type { ChecklistImportProblem } from '@redline/contracts';
import { AppError } from '../../errors.ts';
import { validateLibrary, type LibraryFile, type LibraryProblem } from './library-file.ts';

/**
 * A checklist library as an Excel workbook people can edit: a "library" sheet (one field per
 * row), a "summary" sheet (scored libraries), a "modules" sheet and an "items" sheet (one item per
 * row). Headers are bilingual ("代码 code"); either half matches on import. Lists inside a cell are
 * one entry per line; a legal basis line is "document | clause"; a deduction line is
 * "中文 | English | points | minPoints | per".
 */
interface Col {
  key: string;
  zh: string;
  width?: number;
}

const LIBRARY_FIELDS: Col[] = [
  { key: 'code', zh: '清单代码' },
  { key: 'name_zh', zh: '名称（中文）' },
  { key: 'name_en', zh: '名称（英文）' },
  { key: 'edition', zh: '依据版本' },
  { key: 'version', zh: '清单版本' },
  { key: 'scope', zh: '适用领域' },
  { key: 'scored', zh: '是否评分' },
  { key: 'effective', zh: '施行日期' },
  { key: 'description_zh', zh: '说明（中文）' },
  { key: 'description_en', zh: '说明（英文）' },
];
const SUMMARY_COLS: Col[] = [
  { key: 'key', zh: '汇总项目键', width: 22 },
  { key: 'name_zh', zh: '名称（中文）', width: 20 },
  { key: 'name_en', zh: '名称（英文）', width: 28 },
  { key: 'weight', zh: '分值', width: 8 },
  { key: 'tables', zh: '分项表', width: 30 },
];
const MODULE_COLS: Col[] = [
  { key: 'code', zh: '模块代码', width: 10 },
  { key: 'name_zh', zh: '模块名称（中文）', width: 22 },
  { key: 'name_en', zh: '模块名称（英文）', width: 28 },
  { key: 'description_zh', zh: '说明（中文）', width: 40 },
  { key: 'description_en', zh: '说明（英文）', width: 40 },
  { key: 'table', zh: '评分表', width: 8 },
  { key: 'hasSplit', zh: '分保证/一般项目', width: 10 },
];
const ITEM_COLS: Col[] = [
  { key: 'module', zh: '模块代码', width: 10 },
  { key: 'code', zh: '检查项代码', width: 12 },
  { key: 'title_zh', zh: '检查项（中文）', width: 30 },
  { key: 'title_en', zh: '检查项（英文）', width: 30 },
  { key: 'check_zh', zh: '检查内容（中文）', width: 50 },
  { key: 'check_en', zh: '检查内容（英文）', width: 50 },
  { key: 'method', zh: '检查方法', width: 10 },
  { key: 'criterion_zh', zh: '判定标准（中文）', width: 30 },
  { key: 'criterion_en', zh: '判定标准（英文）', width: 30 },
  { key: 'grade', zh: '默认隐患等级', width: 10 },
  { key: 'rectifyDays', zh: '整改期限（天）', width: 10 },
  { key: 'measure', zh: '处理措施', width: 18 },
  { key: 'basis', zh: '依据（文件 | 条款，每行一条）', width: 50 },
  { key: 'industries', zh: '适用行业', width: 16 },
  { key: 'projectTypes', zh: '适用工程类型', width: 16 },
  { key: 'equipmentCategories', zh: '适用设备类别', width: 16 },
  { key: 'riskSourceKinds', zh: '适用风险源', width: 16 },
  { key: 'keywords', zh: '关键词', width: 20 },
  { key: 'scoringKind', zh: '评分项目类别', width: 10 },
  { key: 'fullScore', zh: '应得分', width: 8 },
  { key: 'deductions', zh: '扣分标准（中文 | 英文 | 分值 | 最低分值 | 计量，每行一条）', width: 60 },
  { key: 'note', zh: '备注', width: 30 },
  // Provenance (issue 11): how far the item was confirmed against a published text.
  {
    key: 'provenanceStatus',
    zh: '核实状态（confirmed 已核实 | partial 部分核实 | unverified 未核实）',
    width: 16,
  },
  { key: 'provenanceEdition', zh: '版本', width: 16 },
  { key: 'provenanceClause', zh: '条款', width: 16 },
  { key: 'provenanceConfirmed', zh: '已核实部分（title, points, deductions）', width: 16 },
  { key: 'provenanceSource', zh: '核对所据文本', width: 30 },
  { key: 'provenanceNote', zh: '核实说明', width: 30 },
];

const PROVENANCE_LABEL = { confirmed: '已核实', partial: '部分核实', unverified: '未核实' } as const;

const header = (c: Col) => `${c.zh} ${c.key}`;
const SHEETS = {
  library: '清单 library',
  summary: '汇总 summary',
  modules: '模块 modules',
  items: '检查项 items',
} as const;

// ---------------------------------------------------------------------------------------------
// export

export async function libraryToXlsx(lib: LibraryFile): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Redline';
  const sheet = (name: string, cols: Col[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = cols.map((c) => ({ header: header(c), key: c.key, width: c.width ?? 16 }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return ws;
  };
  const info = wb.addWorksheet(SHEETS.library);
  info.columns = [
    { header: '字段 field', key: 'field', width: 24 },
    { header: '值 value', key: 'value', width: 80 },
  ];
  info.getRow(1).font = { bold: true };
  const values: Record<string, string> = {
    code: lib.code,
    name_zh: lib.name.zh,
    name_en: lib.name.en,
    edition: lib.edition,
    version: lib.version,
    scope: lib.scope,
    scored: lib.scored ? 'true' : 'false',
    effective: lib.effective ?? '',
    description_zh: lib.description?.zh ?? '',
    description_en: lib.description?.en ?? '',
  };
  for (const f of LIBRARY_FIELDS) info.addRow([header(f), values[f.key]]);
  if (lib.scored) {
    const ws = sheet(SHEETS.summary, SUMMARY_COLS);
    for (const s of lib.summary ?? [])
      ws.addRow({
        key: s.key,
        name_zh: s.name.zh,
        name_en: s.name.en,
        weight: s.weight,
        tables: s.tables.join(', '),
      });
  }
  const mods = sheet(SHEETS.modules, MODULE_COLS);
  for (const m of lib.modules) {
    mods.addRow({
      code: m.code,
      name_zh: m.name.zh,
      name_en: m.name.en,
      description_zh: m.description?.zh ?? '',
      description_en: m.description?.en ?? '',
      table: m.table ?? '',
      hasSplit: m.hasSplit === undefined ? '' : String(m.hasSplit),
    });
  }
  const items = sheet(SHEETS.items, ITEM_COLS);
  for (const m of lib.modules) {
    for (const it of m.items) {
      const row = items.addRow({
        module: m.code,
        code: it.code,
        title_zh: it.title.zh,
        title_en: it.title.en,
        check_zh: it.check.zh,
        check_en: it.check.en,
        method: it.method.kind,
        criterion_zh: it.method.criterion?.zh ?? '',
        criterion_en: it.method.criterion?.en ?? '',
        grade: it.handling.grade,
        rectifyDays: it.handling.rectifyDays ?? '',
        measure: it.handling.measure,
        basis: it.basis.map((b) => (b.clause ? `${b.doc} | ${b.clause}` : b.doc)).join('\n'),
        industries: (it.applies?.industries ?? []).join(', '),
        projectTypes: (it.applies?.projectTypes ?? []).join(', '),
        equipmentCategories: (it.applies?.equipmentCategories ?? []).join(', '),
        riskSourceKinds: (it.applies?.riskSourceKinds ?? []).join(', '),
        keywords: (it.keywords ?? []).join(', '),
        scoringKind: it.scoring?.kind ?? '',
        fullScore: it.scoring?.fullScore ?? '',
        deductions: (it.scoring?.deductions ?? [])
          .map((d) =>
            [d.zh, d.en, d.points, d.minPoints ?? '', d.per ?? ''].join(' | ').replace(/( \| )+$/, ''),
          )
          .join('\n'),
        note: it.note ?? '',
        provenanceStatus: it.provenance
          ? `${it.provenance.status} ${PROVENANCE_LABEL[it.provenance.status]}`
          : '',
        provenanceEdition: it.provenance?.edition ?? '',
        provenanceClause: it.provenance?.clause ?? '',
        provenanceConfirmed: (it.provenance?.confirmed ?? []).join(', '),
        provenanceSource: it.provenance?.source ?? '',
        provenanceNote: it.provenance?.note ?? '',
      });
      row.alignment = { vertical: 'top', wrapText: true };
      // An item not confirmed against a published text stands out in the sheet, not only in a column.
      if (it.provenance && it.provenance.status !== 'confirmed')
        row.getCell('provenanceStatus').fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: it.provenance.status === 'partial' ? 'FFFFF2CC' : 'FFFCE4D6' },
        };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// import

export type XlsxResult =
  | { ok: true; library: LibraryFile }
  | { ok: false; problems: ChecklistImportProblem[]; library: LibraryFile | null };

interface Where {
  sheet: string;
  row: number;
}

export async function libraryFromXlsx(buf: Buffer): Promise<XlsxResult> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('BAD_FILE', `The Excel file cannot be read: ${(e as Error).message}`, 'file');
  }
  const problems: ChecklistImportProblem[] = [];
  const problem = (w: Where | null, column: string | null, code: string, message: string, path = '') =>
    problems.push({ path, line: null, sheet: w?.sheet ?? null, row: w?.row ?? null, column, code, message });

  const find = (name: keyof typeof SHEETS) =>
    wb.worksheets.find(
      (ws) =>
        norm(ws.name) === norm(SHEETS[name]) ||
        norm(ws.name).includes(name) ||
        ws.name.startsWith(SHEETS[name].split(' ')[0]),
    );
  const infoSheet = find('library');
  const modSheet = find('modules');
  const itemSheet = find('items');
  if (!infoSheet || !modSheet || !itemSheet) {
    const missing = [!infoSheet && SHEETS.library, !modSheet && SHEETS.modules, !itemSheet && SHEETS.items]
      .filter(Boolean)
      .join(', ');
    problem(
      null,
      null,
      'SHEET_MISSING',
      `The workbook needs the sheets ${missing} (export a library to get the layout)`,
    );
    return { ok: false, problems, library: null };
  }

  // library sheet: field | value
  const info: Record<string, string> = {};
  infoSheet.eachRow((row, r) => {
    if (r === 1) return;
    const field = matchKey(cellText(row.getCell(1).value), LIBRARY_FIELDS);
    if (field) info[field] = cellText(row.getCell(2).value);
  });
  for (const f of ['code', 'name_zh', 'name_en', 'edition', 'version', 'scope', 'scored']) {
    if (!info[f])
      problem(
        { sheet: infoSheet.name, row: 0 },
        header(LIBRARY_FIELDS.find((c) => c.key === f)!),
        'REQUIRED',
        `${f} is required on the library sheet`,
      );
  }
  const scored = /^(true|yes|1|是)$/i.test(info.scored ?? '');

  const summary: NonNullable<LibraryFile['summary']> = [];
  const summarySheet = find('summary');
  if (summarySheet) {
    readRows(summarySheet, SUMMARY_COLS, problem, (get, w) => {
      summary.push({
        key: get('key'),
        name: { zh: get('name_zh'), en: get('name_en') },
        weight: num(get('weight'), w, 'weight'),
        tables: list(get('tables')),
      });
    });
  }

  const modules: LibraryFile['modules'] = [];
  const moduleRow = new Map<string, Where>();
  readRows(modSheet, MODULE_COLS, problem, (get, w) => {
    const code = get('code');
    const desc =
      get('description_zh') || get('description_en')
        ? {
            zh: get('description_zh') || get('description_en'),
            en: get('description_en') || get('description_zh'),
          }
        : undefined;
    const split = get('hasSplit');
    modules.push({
      code,
      name: { zh: get('name_zh'), en: get('name_en') },
      ...(desc && { description: desc }),
      ...(get('table') && { table: get('table') }),
      ...(split && { hasSplit: /^(true|yes|1|是)$/i.test(split) }),
      items: [],
    });
    moduleRow.set(code, w);
  });

  const itemRow: Array<{ w: Where; module: number; index: number }> = [];
  readRows(itemSheet, ITEM_COLS, problem, (get, w) => {
    const mi = modules.findIndex((m) => m.code === get('module'));
    if (mi < 0) {
      problem(
        w,
        header(ITEM_COLS[0]),
        'UNKNOWN_MODULE',
        `Module ${JSON.stringify(get('module'))} is not on the modules sheet`,
      );
      return;
    }
    const criterion =
      get('criterion_zh') || get('criterion_en')
        ? { zh: get('criterion_zh') || get('criterion_en'), en: get('criterion_en') || get('criterion_zh') }
        : undefined;
    const applies: Record<string, string[]> = {};
    for (const k of ['industries', 'projectTypes', 'equipmentCategories', 'riskSourceKinds'])
      if (list(get(k)).length) applies[k] = list(get(k));
    const days = get('rectifyDays');
    const item: Record<string, unknown> = {
      code: get('code'),
      title: { zh: get('title_zh'), en: get('title_en') },
      check: { zh: get('check_zh'), en: get('check_en') },
      method: { kind: get('method'), ...(criterion && { criterion }) },
      handling: {
        grade: get('grade'),
        ...(days !== '' && { rectifyDays: num(days, w, 'rectifyDays') }),
        measure: get('measure'),
      },
      basis: lines(get('basis')).map((l) => {
        const [doc, clause] = l.split('|').map((s) => s.trim());
        return clause ? { doc, clause } : { doc };
      }),
      ...(Object.keys(applies).length && { applies }),
      ...(list(get('keywords')).length && { keywords: list(get('keywords')) }),
      ...(get('note') && { note: get('note') }),
    };
    const status = /^(confirmed|partial|unverified)\b/.exec(get('provenanceStatus'))?.[1];
    if (get('provenanceStatus') || get('provenanceEdition') || get('provenanceClause'))
      item.provenance = {
        edition: get('provenanceEdition'),
        clause: get('provenanceClause'),
        status: status ?? get('provenanceStatus'),
        ...(list(get('provenanceConfirmed')).length && { confirmed: list(get('provenanceConfirmed')) }),
        ...(get('provenanceSource') && { source: get('provenanceSource') }),
        ...(get('provenanceNote') && { note: get('provenanceNote') }),
      };
    if (get('scoringKind') || get('fullScore') || get('deductions')) {
      item.scoring = {
        kind: get('scoringKind'),
        fullScore: num(get('fullScore'), w, 'fullScore'),
        deductions: lines(get('deductions')).map((l) => {
          const [zh, en, points, minPoints, per] = l.split('|').map((s) => s.trim());
          return {
            zh,
            en,
            points: num(points ?? '', w, 'deductions'),
            ...(minPoints && { minPoints: num(minPoints, w, 'deductions') }),
            ...(per && { per }),
          };
        }),
      };
    }
    modules[mi].items.push(item as never);
    itemRow.push({ w, module: mi, index: modules[mi].items.length - 1 });
  });

  function num(text: string, w: Where, key: string) {
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) {
      const col = [...ITEM_COLS, ...SUMMARY_COLS].find((c) => c.key === key);
      problem(w, col ? header(col) : key, 'NOT_A_NUMBER', `${key}: ${JSON.stringify(text)} is not a number`);
      return NaN;
    }
    return n;
  }

  const library = {
    code: info.code ?? '',
    name: { zh: info.name_zh ?? '', en: info.name_en ?? '' },
    edition: info.edition ?? '',
    version: info.version ?? '',
    scope: info.scope ?? '',
    scored,
    ...(info.effective && { effective: info.effective }),
    ...((info.description_zh || info.description_en) && {
      description: {
        zh: info.description_zh || info.description_en,
        en: info.description_en || info.description_zh,
      },
    }),
    ...(scored && { summary }),
    modules,
  } as LibraryFile;
  if (problems.length) return { ok: false, problems, library: null };

  const v = validateLibrary(library);
  if (v.ok) return v;
  // Point each schema problem at its sheet row and column.
  for (const p of v.problems)
    problems.push(
      placeProblem(
        p,
        infoSheet.name,
        modSheet.name,
        itemSheet.name,
        summarySheet?.name ?? SHEETS.summary,
        moduleRow,
        itemRow,
        modules,
      ),
    );
  return { ok: false, problems, library };
}

function placeProblem(
  p: LibraryProblem,
  infoName: string,
  modName: string,
  itemName: string,
  summaryName: string,
  moduleRow: Map<string, Where>,
  itemRows: Array<{ w: Where; module: number; index: number }>,
  modules: LibraryFile['modules'],
): ChecklistImportProblem {
  const base = { path: p.path, line: null, code: p.code, message: p.message };
  const item = /^modules\[(\d+)\]\.items\[(\d+)\]\.?(.*)$/.exec(p.path);
  if (item) {
    const at = itemRows.find((r) => r.module === Number(item[1]) && r.index === Number(item[2]));
    const col = itemColumn(item[3]);
    return { ...base, sheet: itemName, row: at?.w.row ?? null, column: col ? header(col) : null };
  }
  const mod = /^modules\[(\d+)\]\.?(.*)$/.exec(p.path);
  if (mod) {
    const m = modules[Number(mod[1])];
    const col = MODULE_COLS.find(
      (c) => c.key === mod[2] || c.key === mod[2].replace(/\.(zh|en)$/, '_$1').replace(/^name_/, 'name_'),
    );
    return {
      ...base,
      sheet: mod[2] === 'items' ? itemName : modName,
      row: m ? (moduleRow.get(m.code)?.row ?? null) : null,
      column: col ? header(col) : null,
    };
  }
  if (p.path.startsWith('summary')) {
    const s = /^summary\[(\d+)\]/.exec(p.path);
    return { ...base, sheet: summaryName, row: s ? Number(s[1]) + 2 : null, column: null };
  }
  const field = p.path.replace(/\.(zh|en)$/, '_$1');
  const idx = LIBRARY_FIELDS.findIndex((f) => f.key === field);
  return { ...base, sheet: infoName, row: idx >= 0 ? idx + 2 : null, column: idx >= 0 ? '值 value' : null };
}

function itemColumn(suffix: string): Col | undefined {
  const map: Array<[RegExp, string]> = [
    [/^code/, 'code'],
    [/^title\.zh/, 'title_zh'],
    [/^title\.en/, 'title_en'],
    [/^title/, 'title_zh'],
    [/^check\.zh/, 'check_zh'],
    [/^check\.en/, 'check_en'],
    [/^check/, 'check_zh'],
    [/^method\.criterion\.en/, 'criterion_en'],
    [/^method\.criterion/, 'criterion_zh'],
    [/^method/, 'method'],
    [/^handling\.grade/, 'grade'],
    [/^handling\.rectifyDays/, 'rectifyDays'],
    [/^handling\.measure/, 'measure'],
    [/^basis/, 'basis'],
    [/^applies\.(\w+)/, '$1'],
    [/^keywords/, 'keywords'],
    [/^scoring\.kind/, 'scoringKind'],
    [/^scoring\.fullScore/, 'fullScore'],
    [/^scoring/, 'deductions'],
    [/^note/, 'note'],
  ];
  for (const [re, key] of map) {
    const m = re.exec(suffix);
    if (m) return ITEM_COLS.find((c) => c.key === key.replace('$1', m[1] ?? ''));
  }
  return undefined;
}

type Problem = (w: Where | null, column: string | null, code: string, message: string) => void;

/** Reads a sheet whose first row is headers; calls `each` with a getter per non-empty data row. */
function readRows(
  ws: ExcelJS.Worksheet,
  cols: Col[],
  problem: Problem,
  each: (get: (key: string) => string, w: Where) => void,
) {
  const headers: Array<string | null> = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, c) => {
    headers[c] = matchKey(cellText(cell.value), cols);
  });
  const unknown: string[] = [];
  ws.getRow(1).eachCell((cell, c) => {
    if (!headers[c] && cellText(cell.value)) unknown.push(cellText(cell.value));
  });
  if (unknown.length)
    problem(
      { sheet: ws.name, row: 1 },
      unknown[0],
      'UNKNOWN_COLUMN',
      `Unknown column(s) on ${ws.name}: ${unknown.join(', ')}`,
    );
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const values: Record<string, string> = {};
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const key = headers[c];
      if (key) values[key] = cellText(cell.value);
    });
    if (!Object.values(values).some((v) => v !== '')) return;
    each((key) => values[key] ?? '', { sheet: ws.name, row: r });
  });
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s*（）()]/g, '');

function matchKey(text: string, cols: Col[]): string | null {
  const t = norm(text);
  if (!t) return null;
  for (const c of cols) if (t === norm(header(c)) || t === norm(c.zh) || t === norm(c.key)) return c.key;
  return null;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v).trim();
}

const list = (s: string) =>
  s
    .split(/[,，、;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);
