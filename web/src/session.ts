/**
 * The signed-in token: kept in sessionStorage only (gone when the tab closes), read once from a
 * `#token=` sign-in link and then removed from the address bar and the history entry.
 */
const KEY = 'showcase.token';

export function readToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** Takes a token from a `#token=…` link, if any, and removes the fragment without a navigation. */
export function takeTokenFromLink(): string | undefined {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (!match) return undefined;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return decodeURIComponent(match[1]!).trim() || undefined;
}

/** The sign-in link an admin hands to a department: the app's address with the token in the fragment. */
export function signInLink(token: string): string {
  return `${window.location.origin}/#token=${encodeURIComponent(token)}`;
}
