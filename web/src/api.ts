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

/** One invalid field of a refused request (the server's `fields`, app/problem.ts). */
export interface ApiFieldIssue {
  path: string;
  message: string;
}

/**
 * The server refused a request: its HTTP status and, from its problem answer
 * (`{ error: { code, message, fields?, reference? } }`, app/http/send-problem.ts), the problem
 * code, the first invalid field, the Retry-After header and the reference of a fault.
 * `message` is the server's own sentence (English, for people and logs); error-text.ts turns
 * the rest into words for the merchant.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly fields: ApiFieldIssue[];
  readonly retryAfterSec?: number;
  readonly reference?: string;
  constructor(
    readonly status: number,
    message: string,
    details: { code?: string; fields?: ApiFieldIssue[]; retryAfterSec?: number; reference?: string } = {},
  ) {
    super(message);
    this.code = details.code ?? (status >= 500 ? 'internal' : 'invalid_input');
    this.fields = details.fields ?? [];
    this.retryAfterSec = details.retryAfterSec;
    this.reference = details.reference;
  }

  /** The first field at fault (`merchandising.pins.0`), when the server named one. */
  get field(): string | undefined {
    return this.fields[0]?.path;
  }
}

/** The request never got an answer: the browser is offline, the server could not be reached, or it took too long. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly kind: 'offline' | 'unreachable' | 'timeout',
    cause?: unknown,
  ) {
    super(`request failed: ${kind}`, { cause });
  }
}

/** How long a JSON request may take before the page gives up on it. */
export const REQUEST_TIMEOUT_MS = 60_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Seconds from a Retry-After header (seconds or an HTTP date), when it names a time to come. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - now) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/** An error answer as an ApiError: the problem body when it is one, the bare status otherwise. */
export function apiErrorFrom(status: number, statusText: string, body: unknown, retryAfter: string | null): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const fields = Array.isArray(error.fields)
    ? error.fields.filter(isRecord).flatMap((f) => (text(f.path) ? [{ path: text(f.path)!, message: text(f.message) ?? '' }] : []))
    : [];
  return new ApiError(status, text(error.message) ?? `${status} ${statusText}`.trim(), {
    code: text(error.code),
    fields,
    retryAfterSec: retryAfterSeconds(retryAfter),
    reference: text(error.reference),
  });
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON (a proxy's error page): the status alone */
  }
  return apiErrorFrom(res.status, res.statusText, body, res.headers.get('Retry-After'));
}

/**
 * fetch, with a failure to get any answer as a NetworkError (an abort by the caller stays an
 * AbortError). `timeoutMs` gives up on a request that takes longer.
 */
async function send(url: string, init: RequestInit, timeoutMs?: number): Promise<Response> {
  const timeout = timeoutMs && typeof AbortSignal.any === 'function' ? AbortSignal.timeout(timeoutMs) : undefined;
  const signal = timeout ? (init.signal ? AbortSignal.any([init.signal, timeout]) : timeout) : init.signal;
  try {
    return await fetch(url, { ...init, signal });
  } catch (e) {
    throw networkFailure(e, timeout, init.signal);
  }
}

function networkFailure(e: unknown, timeout: AbortSignal | undefined, callerSignal: AbortSignal | null | undefined): Error {
  if (callerSignal?.aborted) return e as Error;
  if (timeout?.aborted) return new NetworkError('timeout', e);
  return new NetworkError(typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'unreachable', e);
}

async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (window.shopify?.idToken) headers.set('Authorization', `Bearer ${await window.shopify.idToken()}`);
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  const res = await send(`/api${path}`, { ...init, method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, REQUEST_TIMEOUT_MS);
  if (!res.ok) throw await errorOf(res);
  try {
    return (await res.json()) as T;
  } catch (e) {
    const name = (e as Error).name;
    // Not JSON is the server's fault, and the caller's own abort is no failure: both as they are.
    if (name === 'SyntaxError' || init.signal?.aborted) throw e;
    // The answer stopped before its end: the timeout, or a dropped connection.
    throw new NetworkError(name === 'TimeoutError' ? 'timeout' : 'unreachable', e);
  }
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
  const res = await send(`/api${path}`, { headers });
  if (!res.ok) throw await errorOf(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
