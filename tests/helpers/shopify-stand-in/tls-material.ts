/**
 * A throwaway certificate authority and a `*.myshopify.com` server certificate it signs,
 * made at test time with the openssl CLI into a fresh temp dir. Nothing here is ever
 * trusted by a process unless a test hands it the CA file (NODE_EXTRA_CA_CERTS) or adds it
 * to its own default CA list (route-fetch.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  dir: string;
  /** PEM file of the test CA: the value for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  caPem: string;
  /** Server key and certificate (CN and SAN `*.myshopify.com`, plus `myshopify.com`). */
  keyPem: string;
  certPem: string;
  remove(): void;
}

const OPENSSL = process.env.OPENSSL_BIN ?? 'openssl';

function openssl(args: string[], cwd: string): void {
  execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createTlsMaterial(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'shopify-stand-in-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Waymark Shopify stand-in test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  openssl(['req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=*.myshopify.com'], dir);
  writeFileSync(
    join(dir, 'server.ext'),
    ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:*.myshopify.com,DNS:myshopify.com', ''].join('\n'),
  );
  openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
      '-extfile', 'server.ext', '-out', 'server.pem'],
    dir,
  );
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    keyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
    certPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
