/**
 * The reviewer's page: a period of any kind (week, quarter, half-year, year), who reported which week
 * (and who is missing), generating the summary with its progress, the documents to download, the
 * editorial texts for the district review, and the district's HTML previewed in a sandboxed frame.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorMessage, type Api, type Schemas } from '../api/client';
import { EditorialForm } from '../components/editorial-form';
import {
  isPeriod,
  periodChoices,
  periodFromSearch,
  periodKind,
  periodName,
  previewName,
  searchWithPeriod,
  summaryName,
} from '../periods';
import { dueText, periodOfWeek, weekJustEnded, weekTitle } from '../weeks';

type Coverage = Schemas['Coverage'];
type Summary = Schemas['SummaryStatus'];
type Format = Summary['documents'][number]['format'];

const FORMAT_LABELS: Record<Format, string> = {
  docx: 'Word',
  html: 'HTML',
  md: 'Markdown',
  json: 'JSON',
  xlsx: 'Excel',
  provenance: '数据来源',
};
const FORMAT_ORDER: Format[] = ['docx', 'xlsx', 'html', 'md', 'json', 'provenance'];
const SYMBOLS: Record<string, string> = {
  'on-time': '✓',
  late: '!',
  missing: '✗',
  'not-due': '·',
  'not-expected': '—',
};
const KIND_GROUPS = { week: '周', quarter: '季度', half: '半年', year: '年' } as const;
const POLL_MS = 1000;

export function ReviewerPage(props: { api: Api; onExpired: () => void }) {
  const { api } = props;
  // The address's ?period= (a message's link, or the period this page showed last, which it writes there).
  const [input, setInput] = useState(
    () => periodFromSearch(window.location.search) ?? periodOfWeek(weekJustEnded()),
  );
  const [period, setPeriod] = useState(input);
  const [inputError, setInputError] = useState<string>();
  const [coverage, setCoverage] = useState<Coverage>();
  const [summary, setSummary] = useState<Summary | null>();
  const [problem, setProblem] = useState<string>();
  const [generating, setGenerating] = useState(false);
  const [preview, setPreview] = useState<string>();
  const polling = useRef<number | undefined>(undefined);

  const loadSummary = async (forPeriod: string) => {
    const { data, response } = await api.GET('/v1/summaries/{period}', {
      params: { path: { period: forPeriod } },
    });
    if (response.status === 401) props.onExpired();
    setSummary(data ?? null);
    return data;
  };

  const choices = useMemo(
    () => periodChoices(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone),
    [],
  );

  useEffect(() => {
    // The address names the period shown, as the links in messages do, so it can be shared or bookmarked.
    window.history.replaceState(
      null,
      '',
      window.location.pathname + searchWithPeriod(window.location.search, period),
    );
    setCoverage(undefined);
    setSummary(undefined);
    setPreview(undefined);
    setProblem(undefined);
    void api
      .GET('/v1/coverage/{period}', { params: { path: { period } } })
      .then(({ data, error, response }) => {
        if (response.status === 401) return props.onExpired();
        if (data) setCoverage(data);
        else setProblem(errorMessage(error, response));
      });
    void loadSummary(period);
    return () => window.clearTimeout(polling.current);
  }, [period]);

  // The district's HTML, inline, once a ready generation has it.
  const ready = summary?.documentsGenerationId;
  useEffect(() => {
    if (!ready || !summary?.documents.some((d) => d.scope === 'district' && d.format === 'html')) return;
    void api
      .GET('/v1/summaries/{period}/documents/{scope}/{format}', {
        params: {
          path: { period, scope: 'district', format: 'html' },
          query: { redirect: 'false', disposition: 'inline' },
        },
      })
      .then(({ data }) => data && setPreview(data.url));
  }, [ready]);

  const poll = async () => {
    const status = await loadSummary(period);
    if (status?.status === 'running') polling.current = window.setTimeout(poll, POLL_MS);
    else setGenerating(false);
  };

  const generate = async () => {
    setGenerating(true);
    setProblem(undefined);
    const { error, response } = await api.POST('/v1/summaries/{period}', { params: { path: { period } } });
    if (response.status === 401) return props.onExpired();
    if (response.status !== 202) {
      setGenerating(false);
      return setProblem(`无法生成汇总：${errorMessage(error, response)}`);
    }
    await poll();
  };

  const download = async (scope: string, format: Format) => {
    const { data, error, response } = await api.GET('/v1/summaries/{period}/documents/{scope}/{format}', {
      params: { path: { period, scope, format }, query: { redirect: 'false' } },
    });
    if (data) window.location.assign(data.url);
    else setProblem(`无法下载：${errorMessage(error, response)}`);
  };

  const scopes = groupByScope(summary?.documents ?? []);
  return (
    <div class="page reviewer">
      <h1>
        汇总审阅 <span class="period-name">{periodName(period)}</span>
      </h1>
      <form
        class="card period"
        onSubmit={(event) => {
          event.preventDefault();
          const value = input.trim();
          if (!isPeriod(value))
            return setInputError('请按示例填写期间：周 2023-W10、季度 2023-Q1、半年 2023-H1 或年 2023');
          setInputError(undefined);
          setInput(value);
          setPeriod(value);
        }}
      >
        <div class="period-fields">
          <div class="field">
            <label for="period">期间</label>
            <div class="inline">
              <input
                id="period"
                value={input}
                size={10}
                aria-invalid={inputError ? true : undefined}
                aria-describedby={inputError ? 'period-error period-hint' : 'period-hint'}
                onInput={(event) => setInput(event.currentTarget.value)}
              />
              <button type="submit" class="secondary">
                查看
              </button>
            </div>
          </div>
          <div class="field">
            <label for="period-choice">常用期间</label>
            <select
              id="period-choice"
              value={choices.some((choice) => choice.value === period) ? period : ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (!value) return;
                setInputError(undefined);
                setInput(value);
                setPeriod(value);
              }}
            >
              <option value="">选择…</option>
              {(Object.keys(KIND_GROUPS) as (keyof typeof KIND_GROUPS)[]).map((kind) => (
                <optgroup key={kind} label={KIND_GROUPS[kind]}>
                  {choices
                    .filter((choice) => periodKind(choice.value) === kind)
                    .map((choice) => (
                      <option key={choice.value} value={choice.value}>
                        {choice.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
        </div>
        <p id="period-hint" class="hint">
          可填周（2023-W10）、季度（2023-Q1）、半年（2023-H1）或年（2023）。
        </p>
        {inputError && (
          <p id="period-error" class="field-error">
            {inputError}
          </p>
        )}
      </form>
      {problem && (
        <p class="alert" role="alert">
          {problem}
        </p>
      )}

      <section class="card" aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">报送情况</h2>
        {coverage ? <CoverageView coverage={coverage} /> : <p role="status">正在载入…</p>}
      </section>

      <section class="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{summaryName(period)}</h2>
        <button type="button" onClick={() => void generate()} disabled={generating}>
          生成汇总
        </button>
        <div role="status" aria-live="polite" class="progress">
          {generating && (
            <>
              <progress aria-label="生成进度" />
              <span>正在生成汇总…</span>
            </>
          )}
          {!generating && summary?.status === 'ready' && (
            <span class="success">汇总已生成（{localTime(summary.generatedAt)}）</span>
          )}
          {!generating && summary?.status === 'failed' && (
            <span class="alert">生成失败：{summary.reason ?? '原因不明'}。已有的文档仍可下载。</span>
          )}
          {summary === null && !generating && <span>本期间尚未生成汇总。</span>}
        </div>
        {scopes.length > 0 && (
          <>
            <h3>文档下载</h3>
            <ul class="documents">
              {scopes.map(({ scope, scopeName, formats }) => (
                <li key={scope}>
                  <div class="doc-row" role="group" aria-label={scopeName}>
                    <span class="scope-name">{scopeName}</span>
                    <span class="buttons">
                      {FORMAT_ORDER.filter((format) => formats.includes(format)).map((format) => (
                        <button
                          key={format}
                          type="button"
                          class="secondary small"
                          onClick={() => void download(scope, format)}
                        >
                          {FORMAT_LABELS[format]}
                        </button>
                      ))}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <EditorialForm
        key={period}
        api={api}
        period={period}
        generatedAt={summary?.status === 'ready' ? (summary.generatedAt ?? undefined) : undefined}
        onExpired={props.onExpired}
      />

      {preview && (
        <section class="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{previewName(period)}</h2>
          {/* An empty sandbox: the document's own scripts (it has none) could not run, nor reach this app. */}
          <iframe
            class="preview"
            sandbox=""
            src={preview}
            title={previewName(period)}
            referrerpolicy="no-referrer"
          />
        </section>
      )}
    </div>
  );
}

function CoverageView({ coverage }: { coverage: Coverage }) {
  // "This week" is the latest week whose report is due; before the first deadline there is none.
  const dueWeeks = coverage.weeks.filter((week) => week.due);
  const latestDue = dueWeeks[dueWeeks.length - 1];
  const index = latestDue ? coverage.weeks.indexOf(latestDue) : -1;
  const missing = coverage.departments.filter((d) => d.weeks[index]?.status === 'missing');
  return (
    <>
      {latestDue ? (
        <p class={missing.length ? 'alert' : 'success'}>
          {weekTitle(latestDue.week)}（截止 {dueText(latestDue.dueAt)}）
          {missing.length ? `未报：${missing.map((d) => d.name).join('、')}` : '各部门均已报送'}
        </p>
      ) : (
        <p>本期间还没有到期的周报。</p>
      )}
      <p class="legend">
        {Object.entries({
          'on-time': '按时',
          late: '逾期',
          missing: '未报',
          'not-due': '未到期',
          'not-expected': '无需报送',
        }).map(([status, label]) => (
          <span key={status} class={`cell status-${status}`}>
            {SYMBOLS[status]} {label}
          </span>
        ))}
      </p>
      <div class="grid-scroll" tabIndex={0} role="region" aria-label="各部门各周报送情况">
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">部门</th>
              {coverage.weeks.map((week) => (
                <th scope="col" key={week.week} title={`截止 ${dueText(week.dueAt)}`}>
                  {Number(week.week.slice(6))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {coverage.departments.map((department) => (
              <tr key={department.departmentId}>
                <th scope="row">{department.name}</th>
                {department.weeks.map((cell) => (
                  <td
                    key={cell.week}
                    class={`status-${cell.status}`}
                    title={`${weekTitle(cell.week)}：${cell.label}`}
                  >
                    <span aria-hidden="true">{SYMBOLS[cell.status]}</span>
                    <span class="visually-hidden">{cell.label}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function groupByScope(documents: Summary['documents']) {
  const scopes: { scope: string; scopeName: string; formats: Format[] }[] = [];
  for (const document of documents) {
    let entry = scopes.find((candidate) => candidate.scope === document.scope);
    if (!entry) scopes.push((entry = { scope: document.scope, scopeName: document.scopeName, formats: [] }));
    entry.formats.push(document.format);
  }
  return scopes;
}

function localTime(iso: string | null | undefined) {
  return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '';
}
