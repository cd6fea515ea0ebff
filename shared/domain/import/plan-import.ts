/**
 * Spreadsheet rows → weekly reports, with every error a person can fix in the sheet.
 *
 * Input: the header and rows a reader took from a CSV or a workbook, the catalog, the departments the
 * caller may name, and who the caller is.
 * Output: one planned report per department-week (the body of one PUT), and the errors, each naming
 * the row as a spreadsheet shows it (the header is row 1), the column and the reason.
 * Primary course:
 *  1. Map the header to the fixed column names (any order; unknown, repeated or missing columns are errors).
 *  2. Read each row: resolve 单位, 周次, 主题 and 指标 by id or by name, 是/否, the value in its unit, 报送时间.
 *  3. Group rows into items (same 单位 + 周次 + 标题) and items into reports (same 单位 + 周次); rows of one
 *     item must agree on 主题, 详情 and 亮点, a metric may appear once per item.
 *  4. Run the API's own rules (the shared normalisation, and the request schema the caller passes in) on
 *     each report and point their faults back at rows.
 * A department-week with any error is left out of `reports`: an import replaces the whole week, so
 * sending the rows that happen to be valid would delete the others' items.
 */
import type { ErrorDetail } from '../../errors/app-error';
import { hasStarted, isLate, parseWeek, type Deadline } from '../calendar';
import type { CatalogIndex, MetricDefinition, Theme } from '../catalog';
import {
  contentHash,
  convertValue,
  normaliseItems,
  type SubmittedItem,
  type SubmittedMetric,
} from '../report-content';
import type { ReportItem } from '../report';
import { DateTime } from 'luxon';
import {
  IMPORT_COLUMNS,
  NO,
  REQUIRED_COLUMNS,
  YES,
  type CellValue,
  type ImportColumn,
  type SheetData,
} from './layout';

export interface ImportError {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  /** null when the fault is the row's or the report's as a whole. */
  column: ImportColumn | null;
  message: string;
  /** The row's department and week (resolved, or as written), so a list of errors can be sorted by report. */
  department?: string;
  week?: string;
}

export interface KnownDepartment {
  departmentId: string;
  name: string;
}

export interface ReportSubmission {
  items: SubmittedItem[];
  submittedAt?: string;
}

export interface ImportContext {
  catalog: CatalogIndex;
  /**
   * The departments the caller may name, by id or exact name. Undefined when the caller cannot read
   * the roster: then any well-formed id is taken and the API has the last word.
   */
  departments?: readonly KnownDepartment[];
  /** Set for a department token: rows of any other department are refused. */
  ownDepartmentId?: string;
  /** Only an admin may give 报送时间 (the API's rule for importing history). */
  mayBackdate: boolean;
  /** Where 报送时间 without an offset, and workbook date cells, are read. */
  timeZone: string;
  now: Date;
  /** The API's request schema as faults with fields like `body.items.0.title`, so its limits apply here. */
  checkBody?: (body: ReportSubmission) => ErrorDetail[];
}

export interface PlannedReport {
  departmentId: string;
  week: string;
  body: ReportSubmission;
  /** The first row of each item and the row of each of its metrics, to point faults at. */
  itemRows: { row: number; metricRows: number[] }[];
  /** Every row of the report. */
  rows: number[];
}

export interface ImportPlan {
  reports: PlannedReport[];
  errors: ImportError[];
  /** Department-weeks left out because some of their rows are in error. */
  rejectedReports: number;
  /** Rows that held data. */
  rowCount: number;
}

const ID_TEXT = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The text of a cell, trimmed and NFC-normalised; undefined when empty. */
function cellText(value: CellValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'boolean') text = value ? YES : NO;
  else text = String(value);
  text = text.normalize('NFC').trim();
  return text === '' ? undefined : text;
}

/** Thousands separators as a spreadsheet may show them: "1,300" or "12,345.6". */
const GROUPED_NUMBER = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

function valueText(value: CellValue | undefined): string | undefined {
  // A workbook's numeric cell is a double; its shortest round-trip form is the number Excel shows for
  // up to 15 significant digits. Longer figures must be typed as text, which the template says.
  const text = cellText(value);
  if (text !== undefined && GROUPED_NUMBER.test(text)) return text.replaceAll(',', '');
  return text;
}

/**
 * 报送时间 as an ISO instant. A workbook date cell carries the wall time it shows in its UTC fields
 * (a spreadsheet date has no zone), so it is read in the deployment's zone; so is text without an offset.
 */
function parseSubmittedAt(value: CellValue, timeZone: string): string | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    const local = DateTime.fromObject(
      {
        year: value.getUTCFullYear(),
        month: value.getUTCMonth() + 1,
        day: value.getUTCDate(),
        hour: value.getUTCHours(),
        minute: value.getUTCMinutes(),
        second: value.getUTCSeconds(),
        millisecond: value.getUTCMilliseconds(),
      },
      { zone: timeZone },
    );
    return local.isValid ? local.toUTC().toISO()! : undefined;
  }
  const text = cellText(value);
  if (text === undefined) return undefined;
  const hasOffset = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text) && /T|\s\d/.test(text);
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), hasOffset ? { setZone: true } : { zone: timeZone });
  return parsed.isValid ? parsed.toUTC().toISO()! : undefined;
}

interface ItemDraft {
  key: string;
  row: number;
  theme: string;
  title: string;
  detail?: string;
  highlight: boolean;
  metrics: SubmittedMetric[];
  metricRows: number[];
}

interface ReportDraft {
  departmentId: string;
  week: string;
  submittedAt?: string;
  submittedAtRow?: number;
  items: Map<string, ItemDraft>;
  rows: number[];
}

function themeLabel(theme: Theme): string {
  return `${theme.title} (${theme.id})`;
}

class Resolver {
  private readonly themesByTitle = new Map<string, Theme>();
  private readonly metricsByLabel = new Map<string, MetricDefinition[]>();
  private readonly departmentsByKey = new Map<string, KnownDepartment[]>();

  constructor(private readonly context: ImportContext) {
    for (const theme of context.catalog.catalog.themes) this.themesByTitle.set(theme.title, theme);
    for (const metric of context.catalog.catalog.metrics) {
      const list = this.metricsByLabel.get(metric.label) ?? [];
      list.push(metric);
      this.metricsByLabel.set(metric.label, list);
    }
    for (const department of context.departments ?? []) {
      for (const key of new Set([department.departmentId, department.name.normalize('NFC')])) {
        const list = this.departmentsByKey.get(key) ?? [];
        list.push(department);
        this.departmentsByKey.set(key, list);
      }
    }
  }

  department(text: string): string | { fault: string } {
    if (!this.context.departments) {
      return ID_TEXT.test(text) ? text : { fault: `unknown department ${text}` };
    }
    const byId = this.context.departments.find((department) => department.departmentId === text);
    if (byId) return byId.departmentId;
    const byName = this.departmentsByKey.get(text) ?? [];
    if (byName.length === 1) return byName[0]!.departmentId;
    if (byName.length > 1) {
      return {
        fault: `${text} names ${byName.length} departments (${byName.map((d) => d.departmentId).join(', ')}); use the id`,
      };
    }
    // A department token knows only its own department: any other is not unknown, just not its to submit.
    if (this.context.ownDepartmentId !== undefined) {
      return { fault: `this token may not submit for department ${text}` };
    }
    return { fault: `unknown department ${text}` };
  }

  theme(text: string): Theme | undefined {
    return this.context.catalog.themes.get(text) ?? this.themesByTitle.get(text);
  }

  metric(text: string, theme: Theme): MetricDefinition | { fault: string } {
    const byId = this.context.catalog.metrics.get(text);
    const candidates = byId ? [byId] : (this.metricsByLabel.get(text) ?? []);
    if (candidates.length === 0) return { fault: `unknown metric ${text}` };
    // A label may repeat under several themes; the row's theme decides which one it means.
    const own = candidates.find((metric) => metric.theme === theme.id);
    if (own) return own;
    const other = this.context.catalog.themes.get(candidates[0]!.theme);
    return {
      fault: `metric ${text} belongs to theme ${other ? themeLabel(other) : candidates[0]!.theme}, not ${themeLabel(theme)}`,
    };
  }
}

/** Maps the header to columns, or says what is wrong with it. */
function readHeader(header: CellValue[]): { columns: (ImportColumn | null)[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const seen = new Set<ImportColumn>();
  const columns = header.map((cell): ImportColumn | null => {
    const name = cellText(cell)?.replace(/^\uFEFF/, '');
    if (name === undefined) return null;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      errors.push({
        row: 1,
        column: null,
        message: `unknown column ${name}; the columns are ${IMPORT_COLUMNS.join(', ')}`,
      });
      return null;
    }
    const column = name as ImportColumn;
    if (seen.has(column)) errors.push({ row: 1, column, message: `column ${column} appears twice` });
    seen.add(column);
    return column;
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required))
      errors.push({ row: 1, column: required, message: `column ${required} is missing` });
  }
  return { columns, errors };
}

const ITEM_FIELD_COLUMNS: Record<string, ImportColumn> = {
  theme: '主题',
  title: '标题',
  detail: '详情',
  highlight: '亮点',
};
const METRIC_FIELD_COLUMNS: Record<string, ImportColumn> = {
  metric: '指标',
  value: '数值',
  unit: '计量单位',
};

/** Points an API fault (`body.items.2.metrics.0.value`) at the row and column it came from. */
export function locateFault(fault: ErrorDetail, report: PlannedReport): ImportError {
  const parts = fault.field.split('.');
  const first = report.rows[0]!;
  if (parts[1] === 'submittedAt') return { row: first, column: '报送时间', message: fault.message };
  if (parts[1] !== 'items' || parts[2] === undefined) {
    return { row: first, column: null, message: `${report.departmentId} ${report.week}: ${fault.message}` };
  }
  const item = report.itemRows[Number(parts[2])];
  if (!item) return { row: first, column: null, message: fault.message };
  if (parts[3] !== 'metrics') {
    return { row: item.row, column: ITEM_FIELD_COLUMNS[parts[3] ?? ''] ?? null, message: fault.message };
  }
  const metricRow = parts[4] === undefined ? undefined : item.metricRows[Number(parts[4])];
  return {
    row: metricRow ?? item.row,
    column: METRIC_FIELD_COLUMNS[parts[5] ?? ''] ?? '指标',
    message: fault.message,
  };
}

export function planImport(sheet: SheetData, context: ImportContext): ImportPlan {
  const { columns, errors } = readHeader(sheet.header);
  if (errors.length > 0) return { reports: [], errors, rejectedReports: 0, rowCount: sheet.rows.length };

  const resolver = new Resolver(context);
  const drafts = new Map<string, ReportDraft>();
  const rejected = new Set<string>();
  const orphans: { departmentId?: string; week?: string; title: string }[] = [];
  let rowCount = 0;

  for (const { row, values } of sheet.rows) {
    // The template pre-fills 单位 for a department: a row with nothing else in it is a blank row.
    if (values.every((value, index) => columns[index] === '单位' || cellText(value) === undefined)) continue;
    rowCount++;
    const rowErrors: ImportError[] = [];
    const fail = (column: ImportColumn | null, message: string) => rowErrors.push({ row, column, message });
    const cells = new Map<ImportColumn, CellValue>();
    values.forEach((value, index) => {
      const column = columns[index];
      if (column) cells.set(column, value);
      else if (cellText(value) !== undefined)
        fail(null, `a value in column ${index + 1}, which has no header`);
    });
    const text = (column: ImportColumn) => cellText(cells.get(column) ?? null);

    let departmentId: string | undefined;
    const departmentText = text('单位');
    if (departmentText === undefined) fail('单位', 'required');
    else {
      const resolved = resolver.department(departmentText);
      if (typeof resolved !== 'string') fail('单位', resolved.fault);
      else if (context.ownDepartmentId !== undefined && resolved !== context.ownDepartmentId) {
        fail('单位', `a department token may import only its own department (${context.ownDepartmentId})`);
      } else departmentId = resolved;
    }

    let week: string | undefined;
    const weekText = text('周次');
    if (weekText === undefined) fail('周次', 'required');
    else if (!parseWeek(weekText))
      fail('周次', `${weekText} is not an ISO week that exists, such as 2023-W10`);
    else if (!hasStarted(weekText, context.now, context.timeZone))
      fail('周次', `${weekText} has not started yet`);
    else week = weekText;

    let theme: Theme | undefined;
    const themeText = text('主题');
    if (themeText === undefined) fail('主题', 'required');
    else {
      theme = resolver.theme(themeText);
      if (!theme) fail('主题', `unknown theme ${themeText}`);
    }

    const title = text('标题');
    if (title === undefined) fail('标题', 'required');
    const detail = text('详情');

    let highlight = false;
    const highlightCell = cells.get('亮点') ?? null;
    const highlightText = cellText(highlightCell);
    if (highlightText === YES) highlight = true;
    else if (highlightText !== undefined && highlightText !== NO) {
      fail('亮点', `must be ${YES} or ${NO} (empty means ${NO}), not ${highlightText}`);
    }

    let metric: SubmittedMetric | undefined;
    const metricText = text('指标');
    const value = valueText(cells.get('数值') ?? null);
    const unit = text('计量单位');
    if (metricText === undefined) {
      if (value !== undefined) fail('数值', 'a value needs its 指标');
      if (unit !== undefined) fail('计量单位', 'a unit needs its 指标');
    } else if (theme) {
      const definition = resolver.metric(metricText, theme);
      if (!('id' in definition)) fail('指标', definition.fault);
      else if (value === undefined) fail('数值', `required for metric ${definition.label}`);
      else {
        const converted = convertValue(value, unit, definition.unit);
        if (typeof converted !== 'string') {
          fail(converted.fault.startsWith('unit') ? '计量单位' : '数值', `${value}: ${converted.fault}`);
        } else metric = { metric: definition.id, value, ...(unit !== undefined ? { unit } : {}) };
      }
    }

    let submittedAt: string | undefined;
    const submittedCell = cells.get('报送时间') ?? null;
    if (cellText(submittedCell) !== undefined) {
      submittedAt = parseSubmittedAt(submittedCell, context.timeZone);
      if (!context.mayBackdate) {
        fail('报送时间', 'only an admin token may set 报送时间 (to import history)');
        submittedAt = undefined;
      } else if (submittedAt === undefined) {
        fail('报送时间', 'must be an ISO 8601 time such as 2023-03-13T09:30:00+08:00');
      } else if (new Date(submittedAt).getTime() > context.now.getTime()) {
        fail('报送时间', 'must not be in the future');
      }
    }

    const reportKey =
      departmentId !== undefined && week !== undefined ? `${departmentId}|${week}` : undefined;
    if (rowErrors.length === 0 && reportKey && theme && title !== undefined) {
      let draft = drafts.get(reportKey);
      if (!draft) {
        draft = { departmentId: departmentId!, week: week!, items: new Map(), rows: [] };
        drafts.set(reportKey, draft);
      }
      if (submittedAt !== undefined) {
        if (draft.submittedAt === undefined) {
          draft.submittedAt = submittedAt;
          draft.submittedAtRow = row;
        } else if (draft.submittedAt !== submittedAt) {
          fail(
            '报送时间',
            `differs from row ${draft.submittedAtRow} of the same report (${draft.submittedAt})`,
          );
        }
      }
      const item = draft.items.get(title);
      if (item) {
        if (item.theme !== theme.id) fail('主题', `differs from row ${item.row} of the same item`);
        if (item.detail !== detail) fail('详情', `differs from row ${item.row} of the same item`);
        if (item.highlight !== highlight) fail('亮点', `differs from row ${item.row} of the same item`);
        if (metric && item.metrics.some((existing) => existing.metric === metric!.metric)) {
          const earlier = item.metricRows[item.metrics.findIndex((m) => m.metric === metric!.metric)];
          fail('指标', `metric ${metricText} already given for this item in row ${earlier}`);
        }
      }
      if (rowErrors.length === 0) {
        const target: ItemDraft = item ?? {
          key: title,
          row,
          theme: theme.id,
          title,
          ...(detail !== undefined ? { detail } : {}),
          highlight,
          metrics: [],
          metricRows: [],
        };
        if (!item) draft.items.set(title, target);
        if (metric) {
          target.metrics.push(metric);
          target.metricRows.push(row);
        }
        draft.rows.push(row);
      }
    }
    if (rowErrors.length > 0) {
      const where = {
        ...((departmentId ?? departmentText) !== undefined
          ? { department: departmentId ?? departmentText }
          : {}),
        ...((week ?? weekText) !== undefined ? { week: week ?? weekText } : {}),
      };
      errors.push(...rowErrors.map((error) => ({ ...error, ...where })));
      if (reportKey) rejected.add(reportKey);
      else if (title !== undefined) orphans.push({ departmentId, week, title });
    }
  }
  // A row whose 单位 or 周次 cannot be read still names its item: the weeks holding that item lose a
  // row, so they are left out too rather than sent without it.
  for (const [key, draft] of drafts) {
    const orphaned = orphans.some(
      (orphan) =>
        (orphan.departmentId ?? draft.departmentId) === draft.departmentId &&
        (orphan.week ?? draft.week) === draft.week &&
        draft.items.has(orphan.title),
    );
    if (orphaned) rejected.add(key);
  }

  const reports: PlannedReport[] = [];
  for (const [key, draft] of drafts) {
    const items = [...draft.items.values()];
    const report: PlannedReport = {
      departmentId: draft.departmentId,
      week: draft.week,
      body: {
        items: items.map((item) => ({
          theme: item.theme,
          title: item.title,
          ...(item.detail !== undefined ? { detail: item.detail } : {}),
          highlight: item.highlight,
          metrics: item.metrics,
        })),
        ...(draft.submittedAt !== undefined ? { submittedAt: draft.submittedAt } : {}),
      },
      itemRows: items.map((item) => ({ row: item.row, metricRows: item.metricRows })),
      rows: draft.rows,
    };
    const content = normaliseItems(report.body.items, context.catalog);
    // The request schema and the normalisation share some rules (text limits): one error per fault.
    const faults = [
      ...new Map(
        [...(context.checkBody?.(report.body) ?? []), ...(content.ok ? [] : content.faults)].map((fault) => [
          `${fault.field}\n${fault.message}`,
          fault,
        ]),
      ).values(),
    ];
    if (faults.length > 0) {
      errors.push(
        ...faults.map((fault) => ({
          ...locateFault(fault, report),
          department: report.departmentId,
          week: report.week,
        })),
      );
      rejected.add(key);
    }
    if (!rejected.has(key)) reports.push(report);
  }
  errors.sort((a, b) => a.row - b.row);
  return { reports, errors, rejectedReports: rejected.size, rowCount };
}

/** The latest stored revision of a department-week, as the API returns it. */
export interface ExistingReport {
  revision: number;
  submittedAt: string;
  firstLate?: boolean;
  items: {
    theme: string;
    title: string;
    detail?: string;
    highlight: boolean;
    metrics: { metric: string; value: string; unit: string }[];
  }[];
}

export type ReportChange =
  | { status: 'new'; willBeLate: boolean }
  | { status: 'unchanged' }
  | { status: 'changed'; added: string[]; removed: string[]; changed: string[]; note?: string };

function canonicalItems(items: ExistingReport['items']): ReportItem[] {
  return items.map((item) => ({
    theme: item.theme,
    title: item.title,
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    highlight: item.highlight,
    metrics: item.metrics.map((metric) => ({
      metric: metric.metric,
      value: metric.value,
      unit: metric.unit,
    })),
  }));
}

/**
 * What submitting the planned report would do, judged the way the API judges an identical resubmit:
 * the same normalised content (in the same order) and, when 报送时间 is given, the same time.
 */
export function compareWithExisting(
  report: PlannedReport,
  existing: ExistingReport | undefined,
  context: { catalog: CatalogIndex; deadline: Deadline; now: Date },
): ReportChange {
  const content = normaliseItems(report.body.items, context.catalog);
  if (!content.ok) throw new Error(`planned report ${report.departmentId} ${report.week} is invalid`);
  if (!existing) {
    const at = report.body.submittedAt ? new Date(report.body.submittedAt) : context.now;
    return { status: 'new', willBeLate: isLate(report.week, at, context.deadline) };
  }
  const stored = canonicalItems(existing.items);
  const sameTime =
    report.body.submittedAt === undefined ||
    new Date(report.body.submittedAt).getTime() === new Date(existing.submittedAt).getTime();
  if (contentHash(content.items) === contentHash(stored) && sameTime) return { status: 'unchanged' };
  const before = new Map(stored.map((item) => [item.title, JSON.stringify(item)]));
  const after = new Map(content.items.map((item) => [item.title, JSON.stringify(item)]));
  const added = [...after.keys()].filter((title) => !before.has(title));
  const removed = [...before.keys()].filter((title) => !after.has(title));
  const changed = [...after.keys()].filter(
    (title) => before.has(title) && before.get(title) !== after.get(title),
  );
  const note =
    added.length + removed.length + changed.length === 0
      ? sameTime
        ? 'items in another order'
        : '报送时间 differs'
      : undefined;
  return { status: 'changed', added, removed, changed, ...(note ? { note } : {}) };
}
