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
  ) {
    super(message);
  }
}

export async function apiGet<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (window.shopify?.idToken) headers.set('Authorization', `Bearer ${await window.shopify.idToken()}`);
  const res = await fetch(`/api${path}`, { ...init, headers });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      message = ((await res.json()) as { error?: string }).error ?? message;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}
