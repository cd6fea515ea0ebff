/**
 * A department clerk's page: pick the week, fill in the items, submit; correct a reported week with
 * If-Match and see what changes; follow the half-year's weeks. The draft is kept per department and week.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorMessage, isApiError, type Api, type Schemas } from '../api/client';
import { FieldError, describedBy } from '../components/field-error';
import {
  changeMetric,
  changeTheme,
  clearDraft,
  diffItems,
  emptyItem,
  emptyMetric,
  itemsFromStored,
  itemsToBody,
  loadDraft,
  mapFieldErrors,
  metricsOfTheme,
  saveDraft,
  unitChoices,
  type CatalogView,
  type FieldErrors,
  type ItemRow,
  type MetricRow,
} from '../form/report-form';
import { currentWeek, dueText, periodOfWeek, weekJustEnded, weeksOfPeriod, weekTitle } from '../weeks';

type Report = Schemas['Report'];
type Coverage = Schemas['Coverage'];

const CLERK_STATUS: Record<string, string> = {
  'on-time': '已报',
  late: '逾期',
  missing: '未报',
  'not-due': '未到期',
  'not-expected': '无需报送',
};

/**
 * The weeks a clerk may report: from the start of the last ended week's half-year to the running week,
 * and an earlier week a link (a reminder's `?period=`) asks for.
 */
function reportableWeeks(linked?: string): string[] {
  const last = currentWeek();
  const periods = [...new Set([periodOfWeek(weekJustEnded()), periodOfWeek(last)])];
  const weeks = periods.flatMap((period) => weeksOfPeriod(period)).filter((week) => week <= last);
  if (linked && linked <= last && !weeks.includes(linked)) weeks.unshift(linked);
  return weeks.reverse();
}

interface Outcome {
  kind: 'submitted' | 'unchanged' | 'conflict' | 'invalid' | 'failed';
  text: string;
}

export function ClerkPage(props: {
  api: Api;
  departmentId: string;
  departmentName: string;
  /** The week a link opened the app on. */
  initialWeek?: string;
  onExpired: () => void;
}) {
  const { api, departmentId } = props;
  const weeks = useMemo(() => reportableWeeks(props.initialWeek), []);
  const [week, setWeek] = useState(
    props.initialWeek && weeks.includes(props.initialWeek) ? props.initialWeek : weekJustEnded(),
  );
  const [catalog, setCatalog] = useState<CatalogView>();
  const [baseline, setBaseline] = useState<Report | null>();
  const [items, setItems] = useState<ItemRow[]>([]);
  const [restored, setRestored] = useState<string>();
  const [errors, setErrors] = useState<FieldErrors>({ byInput: {}, general: [] });
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const [coverage, setCoverage] = useState<Coverage>();
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    void api.GET('/v1/catalog').then(({ data, response }) => {
      if (response.status === 401) props.onExpired();
      if (data) setCatalog(data);
    });
  }, [api]);

  const loadCoverage = (forWeek: string) =>
    api
      .GET('/v1/coverage/{period}', { params: { path: { period: periodOfWeek(forWeek) } } })
      .then(({ data }) => {
        if (data) setCoverage(data);
      });

  const loadWeek = async (forWeek: string, useDraft: boolean) => {
    if (!catalog) return;
    setBaseline(undefined);
    setErrors({ byInput: {}, general: [] });
    const { data, response } = await api.GET('/v1/departments/{departmentId}/reports/{week}', {
      params: { path: { departmentId, week: forWeek } },
    });
    if (response.status === 401) return props.onExpired();
    const stored = data ?? null;
    setBaseline(stored);
    const draft = useDraft ? loadDraft(localStorage, departmentId, forWeek) : undefined;
    if (draft) {
      setItems(draft.items);
      setRestored(draft.savedAt);
      setDirty(true);
    } else {
      setItems(stored ? itemsFromStored(stored.items) : [emptyItem(catalog)]);
      setRestored(undefined);
      setDirty(false);
    }
  };

  useEffect(() => {
    setOutcome(undefined);
    void loadWeek(week, true);
  }, [week, catalog]);

  useEffect(() => {
    void loadCoverage(week);
  }, [periodOfWeek(week)]);

  // Every edit is kept, so a reload or a closed tab loses nothing.
  useEffect(() => {
    if (dirty && baseline !== undefined)
      saveDraft(localStorage, departmentId, week, {
        baseRevision: baseline?.revision ?? 0,
        items,
        savedAt: new Date().toISOString(),
      });
  }, [items, dirty]);

  const edit = (next: ItemRow[]) => {
    setItems(next);
    setDirty(true);
  };
  const editItem = (index: number, next: ItemRow) =>
    edit(items.map((item, i) => (i === index ? next : item)));
  const editMetric = (index: number, m: number, next: MetricRow) =>
    editItem(index, {
      ...items[index]!,
      metrics: items[index]!.metrics.map((row, j) => (j === m ? next : row)),
    });

  const changes = useMemo(
    () => (catalog && baseline ? diffItems(catalog, baseline.items, itemsToBody(items)) : []),
    [catalog, baseline, items],
  );

  const submit = async () => {
    setBusy(true);
    setOutcome(undefined);
    setErrors({ byInput: {}, general: [] });
    const { data, error, response } = await api.PUT('/v1/departments/{departmentId}/reports/{week}', {
      params: {
        path: { departmentId, week },
        ...(baseline ? { header: { 'if-match': `"${baseline.revision}"` } } : {}),
      },
      body: { items: itemsToBody(items) },
    });
    setBusy(false);
    if (data) {
      const unchanged = baseline?.revision === data.revision;
      setOutcome(
        unchanged
          ? { kind: 'unchanged', text: `内容与第${data.revision}版相同，未产生新版本。` }
          : {
              kind: 'submitted',
              text: `已提交 第${data.revision}版，${data.onTime ? '按时报送' : '逾期报送'}${
                data.revision > 1 && data.late ? '（本次修改在截止时间之后）' : ''
              }。`,
            },
      );
      clearDraft(localStorage, departmentId, week);
      setBaseline(data);
      setItems(itemsFromStored(data.items));
      setRestored(undefined);
      setDirty(false);
      void loadCoverage(week);
      return;
    }
    if (response.status === 401) return props.onExpired();
    if (response.status === 412) {
      return setOutcome({
        kind: 'conflict',
        text:
          `未能提交：在您修改期间，本周周报已被他人更新（您修改的是第${baseline?.revision ?? 0}版）。` +
          '请重新载入最新版本后再修改。',
      });
    }
    if (isApiError(error) && error.error.details.length > 0) {
      setErrors(mapFieldErrors(error.error.details));
      return setOutcome({ kind: 'invalid', text: '未能提交：请修正标出的内容。' });
    }
    setOutcome({ kind: 'failed', text: `未能提交：${errorMessage(error, response)}` });
  };

  const own = coverage?.departments[0];
  return (
    <div class="page clerk">
      <h1>{props.departmentName} · 周报填报</h1>
      <section aria-labelledby="week-heading" class="card">
        <h2 id="week-heading">报送周次</h2>
        <label for="week">周次</label>
        <select id="week" value={week} onChange={(event) => setWeek(event.currentTarget.value)}>
          {weeks.map((w) => (
            <option key={w} value={w}>
              {weekTitle(w)}（{w}）
            </option>
          ))}
        </select>
        {coverage && (
          <p class="hint">
            截止时间：{dueText(coverage.weeks.find((w) => w.week === week)?.dueAt ?? '')}（{coverage.timeZone}
            ）
          </p>
        )}
      </section>

      <form
        class="card"
        aria-labelledby="items-heading"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id="items-heading">本周事项</h2>
        {baseline === undefined || !catalog ? (
          <p role="status">正在载入…</p>
        ) : (
          <>
            <p class="hint">
              {baseline
                ? `本周已提交 第${baseline.revision}版；修改后再次提交将生成新版本。`
                : '本周尚未提交。'}
            </p>
            {restored && (
              <p class="notice">
                已恢复未提交的草稿。{' '}
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    clearDraft(localStorage, departmentId, week);
                    void loadWeek(week, false);
                  }}
                >
                  放弃草稿
                </button>
              </p>
            )}
            {items.map((item, index) => (
              <ItemFields
                key={item.key}
                catalog={catalog}
                item={item}
                index={index}
                errors={errors}
                onChange={(next) => editItem(index, next)}
                onMetricChange={(m, next) => editMetric(index, m, next)}
                onRemove={() => edit(items.filter((_, i) => i !== index))}
              />
            ))}
            <button type="button" class="secondary" onClick={() => edit([...items, emptyItem(catalog)])}>
              添加事项
            </button>
            {baseline && changes.length > 0 && (
              <section class="diff" aria-labelledby="diff-heading">
                <h3 id="diff-heading">与第{baseline.revision}版相比的修改</h3>
                <ul>
                  {changes.map((change, i) => (
                    <li key={i}>
                      <span class="where">{change.where}</span>
                      <del>{change.before || '（空）'}</del> → <ins>{change.after || '（空）'}</ins>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {errors.general.length > 0 && (
              <ul class="alert" aria-label="其他错误">
                {errors.general.map((detail, i) => (
                  <li key={i}>
                    {detail.field}：{detail.message}
                  </li>
                ))}
              </ul>
            )}
            <div class="actions">
              <button type="submit" disabled={busy}>
                提交周报
              </button>
            </div>
            <div role="status" aria-live="polite">
              {outcome && (
                <p class={outcome.kind === 'submitted' || outcome.kind === 'unchanged' ? 'success' : 'alert'}>
                  {outcome.text}{' '}
                  {outcome.kind === 'conflict' && (
                    <button
                      type="button"
                      onClick={() => {
                        clearDraft(localStorage, departmentId, week);
                        setOutcome(undefined);
                        void loadWeek(week, false);
                      }}
                    >
                      重新载入
                    </button>
                  )}
                </p>
              )}
            </div>
          </>
        )}
      </form>

      <section class="card" aria-labelledby="weeks-heading">
        <h2 id="weeks-heading">本半年报送情况</h2>
        {own ? (
          <ul class="week-list">
            {own.weeks.map((cell) => (
              <li key={cell.week}>
                {weeks.includes(cell.week) ? (
                  <button
                    type="button"
                    class="link week-name"
                    aria-current={cell.week === week ? 'true' : undefined}
                    onClick={() => setWeek(cell.week)}
                  >
                    {weekTitle(cell.week)}
                  </button>
                ) : (
                  <span class="week-name">{weekTitle(cell.week)}</span>
                )}
                <span class={`status status-${cell.status}`}>{CLERK_STATUS[cell.status] ?? cell.label}</span>
                {cell.revision !== undefined && <span class="hint">第{cell.revision}版</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p role="status">正在载入…</p>
        )}
      </section>
    </div>
  );
}

function ItemFields(props: {
  catalog: CatalogView;
  item: ItemRow;
  index: number;
  errors: FieldErrors;
  onChange: (item: ItemRow) => void;
  onMetricChange: (index: number, row: MetricRow) => void;
  onRemove: () => void;
}) {
  const { catalog, item, index, errors } = props;
  const id = (field: string) => `items.${index}.${field}`;
  const messages = (field: string) => errors.byInput[id(field)];
  const themeMetrics = metricsOfTheme(catalog, item.theme);
  return (
    <fieldset class="item">
      <legend>事项 {index + 1}</legend>
      <div class="field">
        <label for={id('theme')}>主题</label>
        <select
          id={id('theme')}
          value={item.theme}
          {...describedBy(id('theme'), messages('theme'))}
          onChange={(event) => props.onChange(changeTheme(catalog, item, event.currentTarget.value))}
        >
          {catalog.themes.map((theme) => (
            <option key={theme.id} value={theme.id}>
              {theme.title}
            </option>
          ))}
        </select>
        <FieldError id={id('theme')} messages={messages('theme')} />
      </div>
      <div class="field">
        <label for={id('title')}>标题</label>
        <input
          id={id('title')}
          value={item.title}
          {...describedBy(id('title'), messages('title'))}
          onInput={(event) => props.onChange({ ...item, title: event.currentTarget.value })}
        />
        <FieldError id={id('title')} messages={messages('title')} />
      </div>
      <div class="field">
        <label for={id('detail')}>详情</label>
        <textarea
          id={id('detail')}
          rows={3}
          value={item.detail}
          {...describedBy(id('detail'), messages('detail'))}
          onInput={(event) => props.onChange({ ...item, detail: event.currentTarget.value })}
        />
        <FieldError id={id('detail')} messages={messages('detail')} />
      </div>
      <div class="field checkbox">
        <input
          id={id('highlight')}
          type="checkbox"
          checked={item.highlight}
          onChange={(event) => props.onChange({ ...item, highlight: event.currentTarget.checked })}
        />
        <label for={id('highlight')}>亮点</label>
      </div>
      <FieldError id={id('metrics')} messages={messages('metrics')} />
      {item.metrics.map((row, m) => {
        const mid = (field: string) => `items.${index}.metrics.${m}.${field}`;
        const mmessages = (field: string) => errors.byInput[mid(field)];
        const definition = catalog.metrics.find((metric) => metric.id === row.metric);
        return (
          <div class="metric" key={row.key} role="group" aria-label={`指标 ${m + 1}`}>
            <div class="field">
              <label for={mid('metric')}>指标</label>
              <select
                id={mid('metric')}
                value={row.metric}
                {...describedBy(mid('metric'), mmessages('metric'))}
                onChange={(event) =>
                  props.onMetricChange(m, changeMetric(catalog, row, event.currentTarget.value))
                }
              >
                {themeMetrics.map((metric) => (
                  <option key={metric.id} value={metric.id}>
                    {metric.label}
                  </option>
                ))}
              </select>
              <FieldError id={mid('metric')} messages={mmessages('metric')} />
            </div>
            <div class="field">
              <label for={mid('value')}>数值</label>
              <input
                id={mid('value')}
                inputMode="decimal"
                value={row.value}
                {...describedBy(mid('value'), mmessages('value'))}
                onInput={(event) => props.onMetricChange(m, { ...row, value: event.currentTarget.value })}
              />
              <FieldError id={mid('value')} messages={mmessages('value')} />
            </div>
            <div class="field">
              <label for={mid('unit')}>单位</label>
              <select
                id={mid('unit')}
                value={row.unit}
                {...describedBy(mid('unit'), mmessages('unit'))}
                onChange={(event) => props.onMetricChange(m, { ...row, unit: event.currentTarget.value })}
              >
                {unitChoices(definition?.unit ?? row.unit).map((unit) => (
                  <option key={unit} value={unit}>
                    {unit}
                  </option>
                ))}
              </select>
              <FieldError id={mid('unit')} messages={mmessages('unit')} />
            </div>
            <button
              type="button"
              class="secondary small"
              onClick={() => props.onChange({ ...item, metrics: item.metrics.filter((_, j) => j !== m) })}
            >
              删除指标
            </button>
          </div>
        );
      })}
      <div class="actions">
        {themeMetrics.length > 0 && (
          <button
            type="button"
            class="secondary small"
            onClick={() =>
              props.onChange({ ...item, metrics: [...item.metrics, emptyMetric(catalog, item.theme)] })
            }
          >
            添加指标
          </button>
        )}
        <button type="button" class="danger small" onClick={props.onRemove}>
          删除
        </button>
      </div>
    </fieldset>
  );
}
