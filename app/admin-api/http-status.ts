/**
 * The HTTP status of a failed Shopify call, or undefined for faults without a response
 * (network, DNS, TLS). Read structurally: @shopify/shopify-api ships CommonJS and ESM
 * builds, and an error thrown by one is not `instanceof` the other's HttpResponseError.
 */
export function shopifyHttpStatus(error: unknown): number | undefined {
  const code = (error as { response?: { code?: unknown } } | null)?.response?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The `error` field of a failed OAuth token call's body (e.g. `invalid_grant`). */
export function shopifyOAuthError(error: unknown): string | undefined {
  const body = (error as { response?: { body?: { error?: unknown } } } | null)?.response?.body;
  return typeof body?.error === 'string' ? body.error : undefined;
}
