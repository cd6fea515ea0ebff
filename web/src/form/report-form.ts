/**
 * The weekly report form's logic, apart from any rendering: items and metric rows being edited, the units
 * a metric may be entered in, where an API error belongs, what a correction changes, and the draft kept
 * in local storage. Pure functions on plain data, so they are unit-tested without a browser.
 */
import { fieldMessageInChinese } from './field-messages';

export interface CatalogTheme {
  id: string;
  title: string;
}
export interface CatalogMetric {
  id: string;
  theme: string;
  label: string;
  unit: string;
}
export interface CatalogView {
  themes: CatalogTheme[];
  metrics: CatalogMetric[];
}

export interface MetricRow {
  key: string;
  metric: string;
  value: string;
  unit: string;
}

export interface ItemRow {
  key: string;
  theme: string;
  title: string;
  detail: string;
  highlight: boolean;
  metrics: MetricRow[];
}

/** What the API stores and returns for one item. */
export interface StoredItem {
  theme: string;
  title: string;
  detail?: string;
  highlight: boolean;
  metrics: { metric: string; value: string; unit: string }[];
}

let counter = 0;
/** Keys keep each row's inputs attached to it when rows above are removed. */
export function rowKey(): string {
  counter += 1;
  return `r${counter}`;
}

/** The API accepts the catalog unit and its 万 and 亿 forms and converts them exactly. */
export function unitChoices(catalogUnit: string): string[] {
  return [catalogUnit, `万${catalogUnit}`, `亿${catalogUnit}`];
}

export function metricsOfTheme(catalog: CatalogView, theme: string): CatalogMetric[] {
  return catalog.metrics.filter((metric) => metric.theme === theme);
}

export function emptyItem(catalog: CatalogView): ItemRow {
  return {
    key: rowKey(),
    theme: catalog.themes[0]?.id ?? '',
    title: '',
    detail: '',
    highlight: false,
    metrics: [],
  };
}

export function emptyMetric(catalog: CatalogView, theme: string): MetricRow {
  const first = metricsOfTheme(catalog, theme)[0];
  return { key: rowKey(), metric: first?.id ?? '', value: '', unit: first?.unit ?? '' };
}

/**
 * A new theme keeps the metric rows whose metric belongs to it and drops the others: a metric of another
 * theme would only come back as a 400.
 */
export function changeTheme(catalog: CatalogView, item: ItemRow, theme: string): ItemRow {
  const allowed = new Set(metricsOfTheme(catalog, theme).map((metric) => metric.id));
  return { ...item, theme, metrics: item.metrics.filter((row) => allowed.has(row.metric)) };
}

/** A new metric takes its catalog unit, since the old unit may not fit it. */
export function changeMetric(catalog: CatalogView, row: MetricRow, metric: string): MetricRow {
  const definition = catalog.metrics.find((candidate) => candidate.id === metric);
  return { ...row, metric, unit: definition?.unit ?? '' };
}

export function itemsFromStored(items: StoredItem[]): ItemRow[] {
  return items.map((item) => ({
    key: rowKey(),
    theme: item.theme,
    title: item.title,
    detail: item.detail ?? '',
    highlight: item.highlight,
    metrics: item.metrics.map((metric) => ({ key: rowKey(), ...metric })),
  }));
}

/** The request body's items. Text goes as typed: the API trims, checks and reports on it. */
export function itemsToBody(items: ItemRow[]): StoredItem[] {
  return items.map((item) => ({
    theme: item.theme,
    title: item.title,
    ...(item.detail.trim() === '' ? {} : { detail: item.detail }),
    highlight: item.highlight,
    metrics: item.metrics.map(({ metric, value, unit }) => ({ metric, value: value.trim(), unit })),
  }));
}

/** The id of the input that shows an API error field, or undefined when no input stands for it. */
export function inputIdForField(field: string): string | undefined {
  const item = /^body\.items\.(\d+)\.(theme|title|detail|highlight|metrics)$/.exec(field);
  if (item) return `items.${item[1]}.${item[2]}`;
  const metric = /^body\.items\.(\d+)\.metrics\.(\d+)\.(metric|value|unit)$/.exec(field);
  if (metric) return `items.${metric[1]}.metrics.${metric[2]}.${metric[3]}`;
  return undefined;
}

export interface FieldErrors {
  /** Messages by input id. */
  byInput: Record<string, string[]>;
  /** Errors no input stands for (the week, If-Match, the body as a whole). */
  general: { field: string; message: string }[];
}

export function mapFieldErrors(details: { field: string; message: string }[]): FieldErrors {
  const result: FieldErrors = { byInput: {}, general: [] };
  for (const detail of details) {
    const id = inputIdForField(detail.field);
    if (id) (result.byInput[id] ??= []).push(fieldMessageInChinese(detail.message));
    else result.general.push(detail);
  }
  return result;
}

/** One line of what a correction changes, in the words the form uses. */
export interface Change {
  where: string;
  before: string;
  after: string;
}

function metricText(catalog: CatalogView, metric: { metric: string; value: string; unit: string }) {
  const label = catalog.metrics.find((candidate) => candidate.id === metric.metric)?.label ?? metric.metric;
  return `${label} ${metric.value}${metric.unit}`;
}

function itemFields(catalog: CatalogView, item: StoredItem | undefined): Record<string, string> {
  if (!item) return {};
  return {
    主题: catalog.themes.find((theme) => theme.id === item.theme)?.title ?? item.theme,
    标题: item.title,
    详情: item.detail ?? '',
    亮点: item.highlight ? '是' : '否',
    指标: item.metrics.map((metric) => metricText(catalog, metric)).join('；'),
  };
}

/**
 * What the form would change against the stored revision, item by item and field by field. Values are
 * compared as entered, so "1.5 万人次" against a stored "15000 人次" shows as a change the API may then
 * find identical; the API's answer (same revision) says so.
 */
export function diffItems(catalog: CatalogView, stored: StoredItem[], edited: StoredItem[]): Change[] {
  const changes: Change[] = [];
  const count = Math.max(stored.length, edited.length);
  for (let index = 0; index < count; index++) {
    const before = stored[index];
    const after = edited[index];
    const label = `事项${index + 1}`;
    if (!before) {
      changes.push({ where: label, before: '（无）', after: `新增：${after?.title ?? ''}` });
      continue;
    }
    if (!after) {
      changes.push({ where: label, before: before.title, after: '（删除）' });
      continue;
    }
    const a = itemFields(catalog, before);
    const b = itemFields(catalog, after);
    for (const field of Object.keys(a)) {
      if (a[field] !== b[field])
        changes.push({ where: `${label} ${field}`, before: a[field] ?? '', after: b[field] ?? '' });
    }
  }
  return changes;
}

/** The part of Web Storage the draft needs, so tests can pass a map. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Draft {
  /** The revision the draft was started from; 0 for a week without a report. */
  baseRevision: number;
  items: ItemRow[];
  savedAt: string;
}

export function draftKey(departmentId: string, week: string): string {
  return `showcase.draft.${departmentId}.${week}`;
}

export function saveDraft(store: KeyValueStore, departmentId: string, week: string, draft: Draft): void {
  store.setItem(draftKey(departmentId, week), JSON.stringify(draft));
}

/** A draft that cannot be read (another version of the app, a hand edit) is dropped, not trusted. */
export function loadDraft(store: KeyValueStore, departmentId: string, week: string): Draft | undefined {
  const text = store.getItem(draftKey(departmentId, week));
  if (!text) return undefined;
  try {
    const draft = JSON.parse(text) as Draft;
    if (typeof draft.baseRevision !== 'number' || !Array.isArray(draft.items)) throw new Error('shape');
    return {
      ...draft,
      items: draft.items.map((item) => ({
        key: rowKey(),
        theme: String(item.theme ?? ''),
        title: String(item.title ?? ''),
        detail: String(item.detail ?? ''),
        highlight: item.highlight === true,
        metrics: (Array.isArray(item.metrics) ? item.metrics : []).map((metric) => ({
          key: rowKey(),
          metric: String(metric.metric ?? ''),
          value: String(metric.value ?? ''),
          unit: String(metric.unit ?? ''),
        })),
      })),
    };
  } catch {
    store.removeItem(draftKey(departmentId, week));
    return undefined;
  }
}

export function clearDraft(store: KeyValueStore, departmentId: string, week: string): void {
  store.removeItem(draftKey(departmentId, week));
}
