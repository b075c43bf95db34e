import { parse } from 'node:querystring';
import { describe, expect, it } from 'vitest';
import { signedProxyQuery } from '../../../../../app/demo/cli/block-endpoint';
import { createAppProxyVerifier, type ProxyQuery } from '../../../../../app/auth/app-proxy-signature';

describe('the demo blocks’ signed app proxy query', () => {
  const params = { shop: 'waymark-dev.myshopify.com', logged_in_customer_id: '', path_prefix: '/apps/waymark', placement: 'also_like', product_id: '123', recent: '1,2,3', visitor: 'vid-abc' };

  it('passes the server’s own signature check', () => {
    const now = Date.UTC(2026, 11, 6, 9);
    const verify = createAppProxyVerifier('secret-1', () => now);
    expect(verify(parse(signedProxyQuery(params, 'secret-1', now)) as ProxyQuery)).toMatchObject({ ok: true });
  });

  it('fails it with another secret, a changed parameter or an old timestamp', () => {
    const now = Date.UTC(2026, 11, 6, 9);
    const verify = createAppProxyVerifier('secret-1', () => now);
    expect(verify(parse(signedProxyQuery(params, 'secret-2', now)) as ProxyQuery).ok).toBe(false);
    expect(verify(parse(signedProxyQuery(params, 'secret-1', now).replace('also_like', 'recommended')) as ProxyQuery).ok).toBe(false);
    expect(verify(parse(signedProxyQuery(params, 'secret-1', now - 10 * 60_000)) as ProxyQuery).ok).toBe(false);
  });
});
