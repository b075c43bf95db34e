/**
 * The admin page's API client. Inside Shopify admin, App Bridge (window.shopify) gives a
 * fresh session token per request; in local mode there is none and the backend's dev
 * bypass answers for the dev shop.
 */
declare global {
  interface Window {
    shopify?: { idToken(): Promise<string> };
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (window.shopify?.idToken) headers.set('Authorization', `Bearer ${await window.shopify.idToken()}`);
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  const res = await fetch(`/api${path}`, { ...init, method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    let field: string | undefined;
    try {
      // Every error answer: { error: { code, message, fields?: [{ path, message }] } } (app/problem.ts).
      const { error } = (await res.json()) as { error?: { message?: string; fields?: Array<{ path: string }> } };
      message = error?.message ?? message;
      field = error?.fields?.[0]?.path;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, message, field);
  }
  return (await res.json()) as T;
}

const prefetched = new Map<string, { at: number; answer: Promise<unknown> }>();

/**
 * Starts a GET before the component that needs it has loaded (the landing page asks for
 * its data while its code is still downloading). The next apiGet of the same path within
 * a few seconds takes this answer instead of asking again.
 */
export function prefetch(path: string): void {
  const answer = request('GET', path);
  answer.catch(() => {});
  prefetched.set(path, { at: Date.now(), answer });
}

export function apiGet<T>(path: string, init: RequestInit = {}): Promise<T> {
  const early = prefetched.get(path);
  if (early) {
    prefetched.delete(path);
    if (Date.now() - early.at < 10_000) return early.answer as Promise<T>;
  }
  return request<T>('GET', path, undefined, init);
}

export function apiSend<T>(method: 'POST' | 'PUT', path: string, body: unknown = {}): Promise<T> {
  return request<T>(method, path, body);
}

/** Downloads an API answer as a file (the session token goes in a header, so no plain link). */
export async function apiDownload(path: string, filename: string): Promise<void> {
  const headers = new Headers();
  if (window.shopify?.idToken) headers.set('Authorization', `Bearer ${await window.shopify.idToken()}`);
  const res = await fetch(`/api${path}`, { headers });
  if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
