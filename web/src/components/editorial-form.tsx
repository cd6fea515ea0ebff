/**
 * The reviewer's editorial of a period's district review: an overview (总体情况), a lead per theme and
 * the next steps (下一步工作打算), stored as a revision by PUT /v1/summaries/{period}/editorial and used by
 * the next generation. 404 means none yet, so the form starts empty. Saving sends If-Match with the
 * revision the form read ("0" when there was none), so two reviewers cannot overwrite each other unseen.
 * Unsaved texts are kept as a draft per period in localStorage until they are saved or reloaded away.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage, isApiError, type Api, type Schemas } from '../api/client';
import { EDITORIAL_LIMITS } from '../api/contract';
import {
  clearEditorialDraft,
  fieldsFromStored,
  fieldsToBody,
  hasChanges,
  loadEditorialDraft,
  mapEditorialErrors,
  saveEditorialDraft,
  textLength,
  themeInputId,
  type EditorialErrors,
  type EditorialFields,
} from '../form/editorial-form';
import { FieldError } from './field-error';

type Editorial = Schemas['Editorial'];
type Theme = Schemas['Catalog']['themes'][number];

interface Outcome {
  kind: 'saved' | 'unchanged' | 'conflict' | 'invalid' | 'failed';
  text: string;
}

const NO_ERRORS: EditorialErrors = { byInput: {}, general: [] };

export function EditorialForm(props: {
  api: Api;
  period: string;
  /** When the latest ready generation was made, to tell whether it already carries the saved text. */
  generatedAt?: string;
  onExpired: () => void;
}) {
  const { api, period } = props;
  const [themes, setThemes] = useState<Theme[]>();
  const [stored, setStored] = useState<Editorial | null>();
  const [fields, setFields] = useState<EditorialFields>(fieldsFromStored(null));
  const [errors, setErrors] = useState<EditorialErrors>(NO_ERRORS);
  const [outcome, setOutcome] = useState<Outcome>();
  const [loadProblem, setLoadProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [restored, setRestored] = useState<string>();

  useEffect(() => {
    void api.GET('/v1/catalog').then(({ data }) => data && setThemes(data.themes));
  }, [api]);

  const load = async (useDraft: boolean) => {
    setStored(undefined);
    setLoadProblem(undefined);
    setErrors(NO_ERRORS);
    setRestored(undefined);
    const { data, error, response } = await api.GET('/v1/summaries/{period}/editorial', {
      params: { path: { period } },
    });
    if (response.status === 401) return props.onExpired();
    if (data || response.status === 404) {
      setStored(data ?? null);
      const draft = useDraft ? loadEditorialDraft(localStorage, period) : undefined;
      if (draft && hasChanges(draft.fields, data)) {
        setFields(draft.fields);
        setRestored(
          draft.baseRevision === (data?.revision ?? 0)
            ? '已恢复未保存的草稿。'
            : `已恢复未保存的草稿；草稿基于第${draft.baseRevision}版，此后已有第${data?.revision ?? 0}版，保存前请核对。`,
        );
      } else {
        clearEditorialDraft(localStorage, period);
        setFields(fieldsFromStored(data));
      }
    } else {
      setLoadProblem(`无法载入编辑文字：${errorMessage(error, response)}`);
    }
  };
  useEffect(() => {
    setOutcome(undefined);
    void load(true);
  }, [period]);

  const save = async () => {
    setBusy(true);
    setOutcome(undefined);
    const { data, error, response } = await api.PUT('/v1/summaries/{period}/editorial', {
      params: { path: { period }, header: { 'if-match': `"${stored?.revision ?? 0}"` } },
      body: fieldsToBody(fields),
    });
    setBusy(false);
    if (response.status === 401) return props.onExpired();
    if (data) {
      const unchanged = stored?.revision === data.revision;
      clearEditorialDraft(localStorage, period);
      setRestored(undefined);
      setStored(data);
      setFields(fieldsFromStored(data));
      setErrors(NO_ERRORS);
      return setOutcome({
        kind: unchanged ? 'unchanged' : 'saved',
        text: unchanged
          ? `内容与第${data.revision}版相同，未生成新版本。`
          : `已保存 第${data.revision}版（${localTime(data.updatedAt)}），下次生成汇总时用于区级汇总。`,
      });
    }
    if (response.status === 412)
      return setOutcome({
        kind: 'conflict',
        text: '编辑文字已被他人更新，本页的修改未保存。请重新载入最新版本后再修改。',
      });
    if (response.status === 400 && isApiError(error)) {
      setErrors(mapEditorialErrors(error.error.details));
      return setOutcome({ kind: 'invalid', text: '未能保存：请修正标出的内容。' });
    }
    setOutcome({ kind: 'failed', text: `未能保存：${errorMessage(error, response)}` });
  };

  const edit = (next: EditorialFields) => {
    setFields(next);
    saveEditorialDraft(localStorage, period, {
      baseRevision: stored?.revision ?? 0,
      fields: next,
      savedAt: new Date().toISOString(),
    });
    if (outcome?.kind === 'saved' || outcome?.kind === 'unchanged') setOutcome(undefined);
  };
  const changed = stored !== undefined && hasChanges(fields, stored);
  const notYetUsed =
    stored && props.generatedAt !== undefined && stored.updatedAt > props.generatedAt && !changed;

  return (
    <form
      class="card editorial"
      aria-labelledby="editorial-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2 id="editorial-heading">区级汇总编辑</h2>
      <p class="hint">
        {'这里的文字在下次“生成汇总”时写入区级汇总：总体情况和各主题导语替换自动生成的段落，' +
          '下一步工作打算作为结尾一节。留空的栏目沿用自动生成的文字；空一行即分段。'}
      </p>
      {loadProblem && <p class="alert">{loadProblem}</p>}
      {stored === undefined && !loadProblem ? (
        <p role="status">正在载入…</p>
      ) : (
        <>
          <p class="hint" id="editorial-state">
            {stored
              ? `当前为第${stored.revision}版（${localTime(stored.updatedAt)}）。`
              : '本期间尚无编辑文字。'}
            {changed ? '有未保存的修改。' : ''}
          </p>
          {restored && <p class="notice">{restored}</p>}
          {notYetUsed && (
            <p class="notice">已保存的编辑文字晚于最近一次生成，重新生成汇总后才会出现在文档中。</p>
          )}
          <TextArea
            id="editorial-overview"
            label="总体情况"
            rows={5}
            max={EDITORIAL_LIMITS.overview}
            value={fields.overview}
            errors={errors.byInput['editorial-overview']}
            onInput={(overview) => edit({ ...fields, overview })}
          />
          {themes && themes.length > 0 && (
            <fieldset class="themes">
              <legend>各主题导语</legend>
              {themes.map((theme) => {
                const id = themeInputId(theme.id);
                return (
                  <TextArea
                    key={theme.id}
                    id={id}
                    label={theme.title}
                    rows={3}
                    max={EDITORIAL_LIMITS.theme}
                    value={fields.themes[theme.id] ?? ''}
                    errors={errors.byInput[id]}
                    onInput={(text) => edit({ ...fields, themes: { ...fields.themes, [theme.id]: text } })}
                  />
                );
              })}
            </fieldset>
          )}
          <TextArea
            id="editorial-next-steps"
            label="下一步工作打算"
            rows={5}
            max={EDITORIAL_LIMITS.nextSteps}
            value={fields.nextSteps}
            errors={errors.byInput['editorial-next-steps']}
            onInput={(nextSteps) => edit({ ...fields, nextSteps })}
          />
          {errors.general.length > 0 && (
            <ul class="field-error">
              {errors.general.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          <div class="actions">
            <button type="submit" disabled={busy}>
              保存编辑
            </button>
            {outcome?.kind === 'conflict' && (
              <button type="button" class="secondary" onClick={() => void load(false)}>
                重新载入
              </button>
            )}
          </div>
        </>
      )}
      <div role="status" aria-live="polite">
        {outcome && (
          <p class={outcome.kind === 'saved' || outcome.kind === 'unchanged' ? 'success' : 'alert'}>
            {outcome.text}
          </p>
        )}
      </div>
    </form>
  );
}

function TextArea(props: {
  id: string;
  label: string;
  rows: number;
  max: number;
  value: string;
  errors: string[] | undefined;
  onInput: (value: string) => void;
}) {
  const length = textLength(props.value);
  const over = length > props.max;
  const invalid = over || (props.errors?.length ?? 0) > 0;
  const describedBy = [`${props.id}-count`, props.errors?.length ? `${props.id}-error` : ''].filter(Boolean);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={props.rows}
        value={props.value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy.join(' ')}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <p id={`${props.id}-count`} class={over ? 'count field-error' : 'count hint'}>
        {over ? `超出 ${length - props.max} 字（最多 ${props.max} 字）` : `${length}/${props.max} 字`}
      </p>
      <FieldError id={props.id} messages={props.errors} />
    </div>
  );
}

function localTime(iso: string) {
  return new Date(iso).toLocaleString('zh-CN', { hour12: false });
}
