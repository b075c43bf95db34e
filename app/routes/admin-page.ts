/**
 * The admin page (web/, built by Vite into WEB_DIST): Shopify loads it in the admin iframe.
 * Its static files, and index.html for the page's own paths; a plain 503 saying how to build
 * it when it is not built.
 */
import express, { Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { ShopifyApp } from '../shopify';
import { WEB_DIST } from '../paths';

export function createAdminPageRouter({ config, shopify }: { config: Config; shopify: ShopifyApp }): Router {
  const router = Router();
  if (config.mode === 'production') router.use('/', shopify.cspHeaders());
  if (existsSync(WEB_DIST)) {
    router.use(express.static(WEB_DIST, { index: false, maxAge: '1h' }));
    const indexHtml = renderIndexHtml(readFileSync(join(WEB_DIST, 'index.html'), 'utf8'), config);
    router.get(['/', '/app{/*rest}'], (_req, res) => res.type('html').send(indexHtml));
  } else {
    router.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The admin page is not built yet: run `npm run build:web` (npm run demo does it for you).');
    });
  }
  return router;
}

/**
 * Inside Shopify admin the page needs App Bridge (from Shopify's CDN, as Shopify requires)
 * and the app's API key. Local mode has neither: the page talks to the dev bypass.
 */
export function renderIndexHtml(html: string, config: Config): string {
  if (!config.shopify.hasRealCredentials) return html;
  const key = config.shopify.apiKey.replace(/[^A-Za-z0-9_-]/g, '');
  return html.replace(
    '<!--waymark:app-bridge-->',
    `<meta name="shopify-api-key" content="${key}" />\n    <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>`,
  );
}
