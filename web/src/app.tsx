/**
 * The shell: sign-in, then the page of the token's role. A department token gets the clerk's page, a
 * reviewer token the review page, an admin both the admin page and the review page.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApi, errorMessage, type Schemas } from './api/client';
import { AdminPage } from './pages/admin';
import { ClerkPage } from './pages/clerk';
import { ReviewerPage } from './pages/reviewer';
import { SignIn } from './pages/sign-in';
import { periodFromSearch, periodKind } from './periods';
import { clearToken, readToken, storeToken } from './session';

type Me = Schemas['Me'];

const ROLE_NAMES: Record<Me['role'], string> = {
  admin: '管理员',
  reviewer: '审阅人',
  department: '部门填报',
};

export function App() {
  // A message's link (`?period=2023-W10`) opens the app on that period; it survives the sign-in.
  const [linkedPeriod] = useState(() => periodFromSearch(window.location.search));
  const [token, setToken] = useState(readToken());
  const [me, setMe] = useState<Me>();
  const [notice, setNotice] = useState<string>();
  const [adminView, setAdminView] = useState<'manage' | 'review'>(linkedPeriod ? 'review' : 'manage');
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const api = useMemo(() => createApi(() => tokenRef.current), []);

  const signOut = (message?: string) => {
    clearToken();
    setToken(undefined);
    setMe(undefined);
    setNotice(message);
  };

  useEffect(() => {
    if (!token) return;
    let current = true;
    void api.GET('/v1/me').then(
      ({ data, error, response }) => {
        if (!current) return;
        if (data) return setMe(data);
        signOut(
          response.status === 401
            ? '访问令牌无效或已被吊销，请向管理员索取新的令牌。'
            : `无法登录：${errorMessage(error, response)}`,
        );
      },
      () => current && signOut('无法连接服务器，请稍后再试。'),
    );
    return () => {
      current = false;
    };
  }, [token, api]);

  useEffect(() => {
    document.title = me ? `${ROLE_NAMES[me.role]} · 工作成效周报` : '登录 · 工作成效周报';
  }, [me]);

  if (!token) {
    return (
      <SignIn
        notice={notice}
        onSignIn={(value) => {
          storeToken(value);
          setNotice(undefined);
          setToken(value);
        }}
      />
    );
  }

  const expired = () => signOut('登录已失效：访问令牌无效或已被吊销。');
  return (
    <>
      <header class="top">
        <p class="brand">工作成效周报</p>
        {me && (
          <p class="who">
            {me.departmentName ?? ROLE_NAMES[me.role]}
            {me.label ? `（${me.label}）` : ''}
          </p>
        )}
        <button type="button" class="secondary" onClick={() => signOut()}>
          退出
        </button>
      </header>
      {me?.role === 'admin' && (
        <nav class="tabs" aria-label="页面">
          <button
            type="button"
            aria-current={adminView === 'manage' ? 'page' : undefined}
            onClick={() => setAdminView('manage')}
          >
            部门与令牌
          </button>
          <button
            type="button"
            aria-current={adminView === 'review' ? 'page' : undefined}
            onClick={() => setAdminView('review')}
          >
            汇总审阅
          </button>
        </nav>
      )}
      <main>
        {!me && <p role="status">正在登录…</p>}
        {me?.role === 'department' && me.departmentId && (
          <ClerkPage
            api={api}
            departmentId={me.departmentId}
            departmentName={me.departmentName ?? me.departmentId}
            initialWeek={linkedPeriod && periodKind(linkedPeriod) === 'week' ? linkedPeriod : undefined}
            onExpired={expired}
          />
        )}
        {me?.role === 'reviewer' && <ReviewerPage api={api} onExpired={expired} />}
        {me?.role === 'admin' && adminView === 'manage' && (
          <AdminPage api={api} onExpired={expired} currentTokenId={me.tokenId} />
        )}
        {me?.role === 'admin' && adminView === 'review' && <ReviewerPage api={api} onExpired={expired} />}
      </main>
    </>
  );
}
