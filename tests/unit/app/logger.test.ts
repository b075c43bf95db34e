import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../app/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('info', stream), text: () => lines.join('') };
}

describe('createLogger', () => {
  it('redacts secrets, tokens, salts and client ids', () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJsecret', cookie: 'sid=secret-cookie', 'x-shopify-hmac-sha256': 'hmac-secret' } },
        session: { accessToken: 'shpat_secret_token' },
        config: { apiSecret: 'api-secret-value' },
        shop: { salt: 'salt-secret-value' },
        event: { clientId: 'raw-client-id' },
        accessToken: 'top-level-token',
      },
      'hello',
    );
    const out = text();
    expect(out).toContain('hello');
    for (const secret of ['eyJsecret', 'secret-cookie', 'hmac-secret', 'shpat_secret_token', 'api-secret-value', 'salt-secret-value', 'raw-client-id', 'top-level-token']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });
});
