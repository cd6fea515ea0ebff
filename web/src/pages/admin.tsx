/**
 * The admin's page: the roster (create, rename, activeFrom, e-mail, order) and tokens (the list from
 * GET /v1/tokens a page at a time with each token's state, issue and see the secret once with its
 * sign-in link, revoke). A department is saved with every field the page read, since PUT replaces it.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage, isApiError, type Api, type Schemas } from '../api/client';
import { FieldError, describedBy } from '../components/field-error';
import {
  departmentBody,
  departmentFields,
  mergeTokens,
  tokenState,
  type DepartmentFields,
} from '../form/department-form';
import { signInLink } from '../session';

type Department = Schemas['Department'];
type Token = Schemas['Token'];
type Role = Token['role'];

/** Tokens per page of the list (the API's default); "加载更多" asks for the next. */
const TOKEN_PAGE = 50;
const STATE_LABELS = { active: '有效', expired: '已过期', revoked: '已吊销' } as const;

const ROLE_LABELS: Record<Role, string> = { department: '部门填报', reviewer: '审阅', admin: '管理员' };

/** Field errors of a form, by the body field the API named ("body.name" → "name"). */
function bodyErrors(error: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!isApiError(error)) return result;
  for (const detail of error.error.details) {
    const field = detail.field.replace(/^(body|path)\./, '');
    (result[field] ??= []).push(detail.message);
  }
  return result;
}

export function AdminPage(props: { api: Api; onExpired: () => void; currentTokenId: string }) {
  const { api } = props;
  const [departments, setDepartments] = useState<Department[]>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const reload = async () => {
    const { data, response } = await api.GET('/v1/departments');
    if (response.status === 401) return props.onExpired();
    setDepartments(data?.departments ?? []);
  };
  useEffect(() => {
    void reload();
  }, [api]);

  return (
    <div class="page admin">
      <h1>部门与令牌</h1>
      <div role="status" aria-live="polite">
        {message && <p class={message.ok ? 'success' : 'alert'}>{message.text}</p>}
      </div>
      <Departments
        api={api}
        departments={departments}
        onSaved={(text) => {
          setMessage({ ok: true, text });
          void reload();
        }}
      />
      <Tokens
        api={api}
        departments={departments ?? []}
        onMessage={setMessage}
        onExpired={props.onExpired}
        currentTokenId={props.currentTokenId}
      />
    </div>
  );
}

function Departments(props: {
  api: Api;
  departments: Department[] | undefined;
  onSaved: (text: string) => void;
}) {
  const { api } = props;
  const [id, setId] = useState('');
  const [fields, setFields] = useState<DepartmentFields>(departmentFields(undefined));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [editing, setEditing] = useState<string>();

  const create = async () => {
    const built = departmentBody(fields);
    if ('errors' in built) return setErrors(built.errors);
    const { data, error, response } = await api.PUT('/v1/departments/{departmentId}', {
      params: { path: { departmentId: id.trim() } },
      body: built.body,
    });
    if (!data)
      return setErrors({
        ...bodyErrors(error),
        ...(isApiError(error) ? {} : { form: [errorMessage(error, response)] }),
      });
    setErrors({});
    setId('');
    setFields(departmentFields(undefined));
    props.onSaved(response.status === 201 ? `已新建部门：${data.name}` : `已更新部门：${data.name}`);
  };

  return (
    <section class="card" aria-labelledby="departments-heading">
      <h2 id="departments-heading">部门</h2>
      {!props.departments ? (
        <p role="status">正在载入…</p>
      ) : (
        <ul class="departments">
          {props.departments.map((department) =>
            editing === department.departmentId ? (
              <li key={department.departmentId}>
                <EditDepartment
                  api={api}
                  department={department}
                  onDone={(text) => {
                    setEditing(undefined);
                    if (text) props.onSaved(text);
                  }}
                />
              </li>
            ) : (
              <li key={department.departmentId}>
                <div class="department-text">
                  <span class="name">{department.name}</span>{' '}
                  <span class="hint">
                    {department.departmentId}
                    {department.order !== undefined ? ` · 序号 ${department.order}` : ''}
                    {department.activeFrom ? ` · 自 ${department.activeFrom} 起报送` : ''}
                    {department.email ? ` · ${department.email}` : ''}
                  </span>
                </div>
                <button
                  type="button"
                  class="secondary small"
                  aria-label={`编辑 ${department.name}`}
                  onClick={() => setEditing(department.departmentId)}
                >
                  编辑
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      <form
        class="subform"
        aria-labelledby="new-department-heading"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <h3 id="new-department-heading">新建部门</h3>
        <div class="field">
          <label for="new-department-id">部门编号</label>
          <input
            id="new-department-id"
            value={id}
            placeholder="如 qwb"
            {...describedBy('new-department-id', errors.departmentId)}
            onInput={(e) => setId(e.currentTarget.value)}
          />
          <FieldError id="new-department-id" messages={errors.departmentId} />
        </div>
        <DepartmentInputs
          prefix="new-department"
          labels={{ name: '部门名称', activeFrom: '起报周次', email: '邮箱', order: '序号' }}
          fields={fields}
          errors={errors}
          onChange={setFields}
        />
        <FieldError id="new-department-form" messages={errors.form} />
        <button type="submit">新建部门</button>
      </form>
    </section>
  );
}

/** The inputs of a department's fields, shared by the new and the edit form. */
function DepartmentInputs(props: {
  prefix: string;
  labels: Record<keyof DepartmentFields, string>;
  fields: DepartmentFields;
  errors: Record<string, string[]>;
  onChange: (fields: DepartmentFields) => void;
}) {
  const { prefix, fields, errors } = props;
  const input = (
    key: keyof DepartmentFields,
    options: { placeholder?: string; inputMode?: 'numeric' | 'email' } = {},
  ) => {
    const id = `${prefix}-${key}`;
    return (
      <div class="field">
        <label for={id}>{props.labels[key]}</label>
        <input
          id={id}
          inputMode={options.inputMode}
          value={fields[key]}
          placeholder={options.placeholder}
          {...describedBy(id, errors[key])}
          onInput={(e) => props.onChange({ ...fields, [key]: e.currentTarget.value })}
        />
        <FieldError id={id} messages={errors[key]} />
      </div>
    );
  };
  return (
    <>
      {input('name')}
      {input('activeFrom', { placeholder: '可不填，如 2023-W01' })}
      {input('email', { inputMode: 'email', placeholder: '可不填，催报邮件发往此处' })}
      {input('order', { inputMode: 'numeric', placeholder: '可不填，文档中部门的排列次序' })}
    </>
  );
}

function EditDepartment(props: { api: Api; department: Department; onDone: (text?: string) => void }) {
  const { department } = props;
  const [fields, setFields] = useState(departmentFields(department));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const prefix = `edit-${department.departmentId}`;
  const save = async () => {
    // PUT replaces the record: send every field this form read, changed or not.
    const built = departmentBody(fields);
    if ('errors' in built) return setErrors(built.errors);
    const { data, error, response } = await props.api.PUT('/v1/departments/{departmentId}', {
      params: { path: { departmentId: department.departmentId } },
      body: built.body,
    });
    if (!data)
      return setErrors({
        ...bodyErrors(error),
        ...(isApiError(error) ? {} : { form: [errorMessage(error, response)] }),
      });
    props.onDone(`已保存部门：${data.name}`);
  };
  return (
    <form
      class="subform"
      aria-label={`编辑部门 ${department.departmentId}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <DepartmentInputs
        prefix={prefix}
        labels={{ name: '名称', activeFrom: '起报周次', email: '邮箱', order: '序号' }}
        fields={fields}
        errors={errors}
        onChange={setFields}
      />
      <FieldError id={`${prefix}-form`} messages={errors.form} />
      <div class="actions">
        <button type="submit">保存</button>
        <button type="button" class="secondary" onClick={() => props.onDone()}>
          取消
        </button>
      </div>
    </form>
  );
}

function Tokens(props: {
  api: Api;
  departments: Department[];
  onMessage: (message: { ok: boolean; text: string }) => void;
  onExpired: () => void;
  /** The token this page is signed in with, marked in the list: revoking it signs the admin out. */
  currentTokenId: string;
}) {
  const { api } = props;
  const [role, setRole] = useState<Role>('department');
  const [departmentId, setDepartmentId] = useState('');
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [fresh, setFresh] = useState<{ id: string; token: string }>();
  const [tokens, setTokens] = useState<Token[]>();
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [listProblem, setListProblem] = useState<string>();
  const [revokeId, setRevokeId] = useState('');
  const [copied, setCopied] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const chosenDepartment = departmentId || props.departments[0]?.departmentId || '';

  const loadPage = async (after: string | null, shown: Token[]) => {
    const { data, error, response } = await api.GET('/v1/tokens', {
      params: { query: { limit: String(TOKEN_PAGE), ...(after ? { nextToken: after } : {}) } },
    });
    if (response.status === 401) return props.onExpired();
    if (!data) return setListProblem(`无法载入令牌列表：${errorMessage(error, response)}`);
    setListProblem(undefined);
    setTokens(mergeTokens(shown, data.tokens));
    setNextToken(data.nextToken);
  };
  useEffect(() => {
    void loadPage(null, []);
  }, [api]);

  const issue = async () => {
    const { data, error, response } = await api.POST('/v1/tokens', {
      body: {
        role,
        ...(role === 'department' ? { departmentId: chosenDepartment } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
      },
    });
    if (!data) {
      setErrors(bodyErrors(error));
      return props.onMessage({ ok: false, text: `未能签发：${errorMessage(error, response)}` });
    }
    setErrors({});
    setFresh({ id: data.id, token: data.token });
    setCopied(undefined);
    setLabel('');
    // The list is oldest first: the new token is its last, so it is shown now only if every page is.
    if (tokens && !nextToken) {
      const { token: _secret, ...listed } = data;
      setTokens(mergeTokens(tokens, [{ revokedAt: null, ...listed }]));
    }
  };

  const revoke = async (id: string) => {
    const { error, response } = await api.DELETE('/v1/tokens/{tokenId}', {
      params: { path: { tokenId: id } },
    });
    setConfirming(undefined);
    if (response.status === 401) return props.onExpired();
    if (response.status !== 204)
      return props.onMessage({ ok: false, text: `未能吊销：${errorMessage(error, response)}` });
    const revokedAt = new Date().toISOString();
    setTokens(
      tokens?.map((token) => (token.id === id && !token.revokedAt ? { ...token, revokedAt } : token)),
    );
    if (fresh?.id === id) setFresh(undefined);
    props.onMessage({ ok: true, text: `已吊销令牌 ${id}` });
  };

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(`${what}复制失败，请手动选择复制`);
    }
  };

  const departmentName = (id: string) => props.departments.find((d) => d.departmentId === id)?.name ?? id;
  const now = new Date();

  return (
    <section class="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">访问令牌</h2>
      <form
        class="subform"
        aria-labelledby="issue-heading"
        onSubmit={(event) => {
          event.preventDefault();
          void issue();
        }}
      >
        <h3 id="issue-heading">签发令牌</h3>
        <div class="field">
          <label for="token-role">角色</label>
          <select id="token-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        {role === 'department' && (
          <div class="field">
            <label for="token-department">部门</label>
            <select
              id="token-department"
              value={chosenDepartment}
              {...describedBy('token-department', errors.departmentId)}
              onChange={(e) => setDepartmentId(e.currentTarget.value)}
            >
              {props.departments.map((d) => (
                <option key={d.departmentId} value={d.departmentId}>
                  {d.name}
                </option>
              ))}
            </select>
            <FieldError id="token-department" messages={errors.departmentId} />
          </div>
        )}
        <div class="field">
          <label for="token-label">备注</label>
          <input
            id="token-label"
            value={label}
            placeholder="可不填，如 张三的令牌"
            {...describedBy('token-label', errors.label)}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
          <FieldError id="token-label" messages={errors.label} />
        </div>
        <button type="submit">签发令牌</button>
      </form>

      {fresh && (
        <section class="secret" aria-labelledby="secret-heading">
          <h3 id="secret-heading">新令牌（只显示这一次）</h3>
          <p class="hint">
            请立即复制并安全地交给使用者；关闭后无法再次查看。令牌编号：<code>{fresh.id}</code>
          </p>
          <div class="field">
            <label for="fresh-token">令牌</label>
            <input id="fresh-token" readOnly value={fresh.token} onFocus={(e) => e.currentTarget.select()} />
          </div>
          <button type="button" class="secondary small" onClick={() => void copy(fresh.token, '令牌')}>
            复制令牌
          </button>
          <div class="field">
            <label for="fresh-link">登录链接</label>
            <input
              id="fresh-link"
              readOnly
              value={signInLink(fresh.token)}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <button
            type="button"
            class="secondary small"
            onClick={() => void copy(signInLink(fresh.token), '链接')}
          >
            复制链接
          </button>
          <p role="status">{copied && (copied.includes('失败') ? copied : `已复制${copied}`)}</p>
          <button type="button" onClick={() => setFresh(undefined)}>
            我已保存
          </button>
        </section>
      )}

      <section class="token-list" aria-labelledby="token-list-heading">
        <h3 id="token-list-heading">全部令牌</h3>
        <p class="hint">按签发时间排列；令牌本身不可再次查看，只列出编号。</p>
        {listProblem && <p class="alert">{listProblem}</p>}
        {!tokens && !listProblem && <p role="status">正在载入…</p>}
        {tokens && tokens.length === 0 && <p>还没有令牌。</p>}
        {tokens && tokens.length > 0 && (
          <ul class="tokens">
            {tokens.map((token) => {
              const state = tokenState(token, now);
              return (
                <li key={token.id} class={`token-${state}`}>
                  <div class="token-main">
                    <span class="token-role">
                      {ROLE_LABELS[token.role]}
                      {token.departmentId ? ` · ${departmentName(token.departmentId)}` : ''}
                    </span>
                    <span class={`status ${STATE_CLASSES[state]}`}>{STATE_LABELS[state]}</span>
                    {token.label && <span class="token-label">{token.label}</span>}
                    {token.id === props.currentTokenId && <span class="status status-late">当前登录</span>}
                  </div>
                  <div class="hint">
                    <code>{token.id}</code>
                    {` · 签发 ${localDate(token.createdAt)}`}
                    {token.revokedAt
                      ? ` · 吊销 ${localDate(token.revokedAt)}`
                      : token.expiresAt
                        ? ` · ${state === 'expired' ? '已于' : ''}${localDate(token.expiresAt)} 到期`
                        : ' · 永不过期'}
                  </div>
                  {state !== 'revoked' && confirming !== token.id && (
                    <button
                      type="button"
                      class="danger small"
                      aria-label={`吊销 ${token.id}`}
                      onClick={() => setConfirming(token.id)}
                    >
                      吊销
                    </button>
                  )}
                  {state !== 'revoked' && confirming === token.id && (
                    // Revoking cannot be undone: a second, explicit click, and a way back.
                    <span class="confirm" role="group" aria-label={`确认吊销 ${token.id}`}>
                      <button type="button" class="danger small" onClick={() => void revoke(token.id)}>
                        确认吊销
                      </button>
                      <button type="button" class="secondary small" onClick={() => setConfirming(undefined)}>
                        取消
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {nextToken && tokens && (
          <button type="button" class="secondary" onClick={() => void loadPage(nextToken, tokens)}>
            加载更多
          </button>
        )}
      </section>

      <form
        class="subform"
        aria-labelledby="revoke-heading"
        onSubmit={(event) => {
          event.preventDefault();
          if (revokeId.trim()) void revoke(revokeId.trim()).then(() => setRevokeId(''));
        }}
      >
        <h3 id="revoke-heading">按编号吊销</h3>
        <p class="hint">列表之外的令牌（列表上线前签发、尚未吊销的）也可按编号吊销。</p>
        <div class="field">
          <label for="revoke-id">令牌编号</label>
          <input id="revoke-id" value={revokeId} onInput={(e) => setRevokeId(e.currentTarget.value)} />
        </div>
        <button type="submit" class="danger">
          吊销令牌
        </button>
      </form>
    </section>
  );
}

const STATE_CLASSES = {
  active: 'status-on-time',
  expired: 'status-not-due',
  revoked: 'status-missing',
} as const;

function localDate(iso: string) {
  return new Date(iso).toLocaleString('zh-CN', { hour12: false, dateStyle: 'short', timeStyle: 'short' });
}
