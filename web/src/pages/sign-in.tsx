import { useState } from 'preact/hooks';

export function SignIn(props: { notice?: string; onSignIn: (token: string) => void }) {
  const [value, setValue] = useState('');
  const [empty, setEmpty] = useState(false);
  return (
    <main class="sign-in">
      <h1>工作成效周报</h1>
      <p>请输入管理员发给您的访问令牌。</p>
      {props.notice && (
        <p class="alert" role="alert">
          {props.notice}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const token = value.trim();
          if (!token) return setEmpty(true);
          props.onSignIn(token);
        }}
      >
        <label for="token">访问令牌</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={value}
          aria-invalid={empty || undefined}
          aria-describedby={empty ? 'token-error' : undefined}
          onInput={(event) => {
            setValue(event.currentTarget.value);
            setEmpty(false);
          }}
        />
        {empty && (
          <p id="token-error" class="field-error">
            请输入访问令牌
          </p>
        )}
        <button type="submit">登录</button>
      </form>
    </main>
  );
}
