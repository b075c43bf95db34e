/* Waymark recommendation blocks (snippets/waymark-recs.liquid). Served as-is with defer;
   theme-check caps app-block JS at 10 000 bytes. Cards use textContent, never network HTML. */
(() => {
  const SIZE = 480;
  const started = new WeakSet();
  let loader = null;

  const isId = (v) => typeof v === 'string' && /^\d{1,20}$/.test(v);
  const ids = (s) => String(s || '').split(',').filter(isId);

  // Guarded: no Shopify.analytics, no event; a throwing publisher never breaks the page.
  const publish = (name, payload) => {
    try {
      window.Shopify?.analytics?.publish?.(name, payload);
    } catch {}
  };

  const wait = (ms) => new Promise((r) => setTimeout(r, ms));

  /** Session context from the app embed (waymark-embed.js), consent-checked there. */
  const sessionContext = async () => {
    // The embed's deferred script may not have run yet; its load event fires once it has.
    const embed = document.querySelector('script[data-waymark-embed]');
    if (embed && !window.Waymark) await Promise.race([new Promise((r) => embed.addEventListener('load', r)), wait(2000)]);
    const ctx = await Promise.race([window.Waymark?.context?.(), wait(2000)]).catch(() => 0);
    const recent = Array.isArray(ctx?.recent) ? ctx.recent.filter(isId).slice(-20) : [];
    return { recent, visitor: typeof ctx?.visitor === 'string' ? ctx.visitor.slice(0, 64) : '' };
  };

  /** http(s) URLs only, resolved against the page. */
  const safeUrl = (value) => {
    if (typeof value !== 'string' || !value) return null;
    try {
      const url = new URL(value, location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
    } catch {
      return null;
    }
  };

  const getJson = async (url) => {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  };

  const fromWaymark = async (d, limit, ctx) => {
    const q = new URLSearchParams({ placement: d.placement || 'recommended', limit: String(limit) });
    if (isId(d.productId)) q.set('product_id', d.productId);
    const cart = ids(d.cart);
    if (cart.length) q.set('cart', cart.join(','));
    if (ctx.recent.length) q.set('recent', ctx.recent.join(','));
    if (ctx.visitor) q.set('visitor', ctx.visitor);
    if (d.fallback === 'popular') q.set('fallback', 'popular');
    const json = await getJson(`${d.endpoint || '/apps/waymark/recommendations'}?${q}`);
    const products = Array.isArray(json?.products) ? json.products : [];
    // A holdout visitor's events say so: lift is measured on them.
    const s = json?.group === 'holdout' ? 'holdout' : json?.strategy;
    return { products, strategy: products.length && typeof s == 'string' ? s : 'none' };
  };

  /** Shopify's own recommendations; prices there are in minor units. */
  const fromShopify = async (d, limit, ctx) => {
    const id = isId(d.productId) ? d.productId : ids(d.cart)[0] || ctx.recent[ctx.recent.length - 1];
    if (!id || !d.fallbackUrl) return [];
    const intent = d.placement === 'bought_together' ? 'complementary' : 'related';
    const q = new URLSearchParams({ product_id: id, limit: String(limit), intent });
    const json = await getJson(`${d.fallbackUrl}?${q}`);
    return (Array.isArray(json?.products) ? json.products : []).map((p) => ({
      ...p,
      price: typeof p.price === 'number' ? p.price / 100 : null,
      currency: d.currency,
      imageUrl: p.featured_image?.src ?? p.featured_image,
    }));
  };

  const load = async (el) => {
    const d = el.dataset;
    const limit = Math.min(24, Math.max(1, parseInt(d.limit, 10) || 4));
    const ctx = await sessionContext();
    let result = await fromWaymark(d, limit, ctx).catch(() => ({ products: [], strategy: 'none' }));
    if (!result.products.length && d.fallback === 'shopify') {
      const products = await fromShopify(d, limit, ctx).catch(() => []);
      result = { products, strategy: 'shopify' };
    }
    const items = normalise(result.products, limit, d.productId);
    if (items.length) render(el, items, result.strategy);
    else el.hidden = true;
  };

  const normalise = (products, limit, currentId) => {
    const seen = new Set();
    const out = [];
    for (const p of products) {
      if (out.length >= limit) break;
      const id = String(p?.id);
      const url = safeUrl(p?.url);
      if (!isId(id) || id === currentId || seen.has(id) || !url || typeof p.title !== 'string') continue;
      seen.add(id);
      const price = Number.isFinite(p.price) ? p.price : null;
      const currency = typeof p.currency === 'string' ? p.currency : '';
      out.push({ id, url, price, currency, title: p.title, vendor: String(p.vendor || ''), image: safeUrl(p.imageUrl) });
    }
    return out;
  };

  const formatPrice = (amount, currency) => {
    try {
      const locale = document.documentElement.lang || undefined;
      return new Intl.NumberFormat(locale, { style: 'currency', currency: currency || 'USD' }).format(amount);
    } catch {
      return amount.toFixed(2);
    }
  };

  const node = (tag, className = '', text = '') => Object.assign(document.createElement(tag), { className, textContent: text });

  const card = (item, d) => {
    const li = node('li', 'waymark-recs__item');
    const box = node('div', 'waymark-card');
    const media = node('div', 'waymark-card__media');
    if (item.image) {
      // Shopify's CDN resizes on request.
      if (/(^|\.)shopify\.com$/.test(item.image.hostname) || item.image.pathname.startsWith('/cdn/shop/')) {
        item.image.searchParams.set('width', String(SIZE));
      }
      const img = node('img');
      Object.assign(img, { src: item.image.href, alt: item.title, width: SIZE, height: SIZE, loading: 'lazy', decoding: 'async' });
      media.append(img);
    }
    const body = node('div', 'waymark-card__body');
    const title = node('h3', 'waymark-card__title');
    const link = node('a', 'waymark-card__link', item.title);
    link.href = item.url.href;
    link.dataset.productId = item.id;
    title.append(link);
    body.append(title);
    if (d.showVendor === 'true' && item.vendor) body.append(node('p', 'waymark-card__vendor', item.vendor));
    if (d.showPrice === 'true' && item.price !== null) {
      body.append(node('p', 'waymark-card__price', formatPrice(item.price, item.currency || d.currency)));
    }
    box.append(media, body);
    li.append(box);
    return li;
  };

  const render = (el, items, strategy) => {
    const d = el.dataset;
    const placement = d.placement || 'recommended';
    const list = el.querySelector('.waymark-recs__list');
    if (!list) return;
    list.replaceChildren(...items.map((item) => card(item, d)));
    list.removeAttribute('aria-busy');
    el.dataset.strategy = strategy;
    const status = el.querySelector('[data-waymark-status]');
    if (status) status.textContent = d.textLoaded || '';
    updateNav(el);

    list.addEventListener('click', (event) => {
      const link = event.target instanceof Element && event.target.closest('a[data-product-id]');
      if (link) publish('waymark:rec_click', { placement, productId: link.dataset.productId, strategy });
    });
    const payload = { placement, items: items.map((item) => item.id), strategy };
    const seen = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        seen.disconnect();
        publish('waymark:rec_impression', payload);
      },
      { threshold: 0.5 },
    );
    seen.observe(list);
  };

  const updateNav = (el) => {
    const list = el.querySelector('.waymark-recs__list');
    const prev = el.querySelector('[data-waymark-prev]');
    const next = el.querySelector('[data-waymark-next]');
    if (!list || !prev || !next) return;
    const busy = list.hasAttribute('aria-busy');
    prev.disabled = busy || list.scrollLeft <= 1;
    next.disabled = busy || list.scrollLeft + list.clientWidth >= list.scrollWidth - 1;
  };

  const KEYS = { ArrowLeft: -1, ArrowRight: 1, Home: -1e3, End: 1e3 };

  const setupCarousel = (el) => {
    const list = el.querySelector('.waymark-recs__list');
    if (el.dataset.layout !== 'carousel' || !list) return;
    list.tabIndex = 0;
    const step = (dir) => list.scrollBy({ left: dir * Math.max(list.clientWidth * 0.8, 1), behavior: 'smooth' });
    el.querySelector('[data-waymark-prev]')?.addEventListener('click', () => step(-1));
    el.querySelector('[data-waymark-next]')?.addEventListener('click', () => step(1));
    list.addEventListener('scroll', () => updateNav(el), { passive: true });
    list.addEventListener('keydown', (event) => {
      const move = KEYS[event.key];
      const links = [...list.querySelectorAll('a[data-product-id]')];
      if (!move || !links.length) return;
      event.preventDefault();
      const at = links.indexOf(document.activeElement);
      const to = Math.max(0, Math.min(links.length - 1, at === -1 ? (move > 0 ? 0 : links.length - 1) : at + move));
      links[to].focus({ preventScroll: true });
      links[to].closest('li')?.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
    });
  };

  const init = () => {
    // Start fetching well before the block scrolls into view.
    loader ??= new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          loader.unobserve(entry.target);
          load(entry.target);
        }
      },
      { rootMargin: '600px 0px' },
    );
    for (const el of document.querySelectorAll('[data-waymark-recs]')) {
      if (started.has(el)) continue;
      started.add(el);
      setupCarousel(el);
      loader.observe(el);
    }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
  // The theme editor re-renders sections in place.
  document.addEventListener('shopify:section:load', init);
})();
