/**
 * Routes THIS process's HTTPS traffic (global fetch, and https.globalAgent) through the
 * stand-in's CONNECT proxy and trusts its test CA, at run time, with Node's own APIs:
 * `http.setGlobalProxyFromEnv` (Node ≥ 24.5: installs undici's EnvHttpProxyAgent as the
 * global dispatcher) and `tls.setDefaultCACertificates` (Node ≥ 24.5). No undici package
 * is needed. Returns a function that puts both back.
 */
import * as http from 'node:http';
import * as tls from 'node:tls';

type SetGlobalProxyFromEnv = (env: Record<string, string>) => () => void;
type TlsCaApi = {
  getCACertificates(type?: 'default' | 'system' | 'bundled' | 'extra'): string[];
  setDefaultCACertificates(certs: string[]): void;
};

export function routeProcessThrough(env: { HTTPS_PROXY: string; HTTP_PROXY: string; NO_PROXY: string }, caPem: string): () => void {
  const setGlobalProxyFromEnv = (http as unknown as { setGlobalProxyFromEnv?: SetGlobalProxyFromEnv }).setGlobalProxyFromEnv;
  const caApi = tls as unknown as Partial<TlsCaApi>;
  if (typeof setGlobalProxyFromEnv !== 'function' || typeof caApi.setDefaultCACertificates !== 'function' || typeof caApi.getCACertificates !== 'function') {
    throw new Error(`routeGlobalFetch needs Node >= 24.5 (http.setGlobalProxyFromEnv, tls.setDefaultCACertificates); this is ${process.version}`);
  }
  const before = caApi.getCACertificates('default');
  caApi.setDefaultCACertificates([...before, caPem]);
  const restoreProxy = setGlobalProxyFromEnv({ ...env });
  return () => {
    restoreProxy();
    caApi.setDefaultCACertificates!(before);
  };
}
