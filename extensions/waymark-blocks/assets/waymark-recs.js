/* Waymark recommendation blocks (snippets/waymark-recs.liquid): a deferred classic script, its
   names kept off window by the block. Under 10 000 bytes (theme-check). Cards use textContent,
   never network HTML. */
'use strict';
{
  const SIZE = 480;
  const LIST = '.waymark-recs__list';
  const started = new WeakSet();
  let loader = null;

  const $ = (root, sel) => root.querySelector(sel);
  const isId = (v) => typeof v === 'string' && /^\d{1,20}$/.test(v);
  const ids = (s) => String(s || '').split(',').filter(isId);

  // No Shopify.analytics, no event; a throwing one never breaks the page.
  const publish = (name, payload) => {
    try {
      window.Shopify?.analytics?.publish?.(name, payload);
    } catch {}
  };

  const wait = (ms) => new Promise((r) => setTimeout(r, ms));

  /** Session context from the app embed (waymark-embed.js, consent-checked). */
  const sessionContext = async () => {
    // The embed's deferred script may not have run.
    const embed = $(document, 'script[data-waymark-embed]');
    if (embed && !window.Waymark) await Promise.race([new Promise((r) => embed.addEventListener('load', r)), wait(2000)]);
    const ctx = await Promise.race([window.Waymark?.context?.(), wait(2000)]).catch(() => 0);
    const recent = Array.isArray(ctx?.recent) ? ctx.recent.filter(isId).slice(-20) : [];
    return { recent, visitor: typeof ctx?.visitor === 'string' ? ctx.visitor.slice(0, 64) : '' };
  };

  /** http(s) URLs only, resolved against the page. */
  const safeUrl = (v) => {
    try {
      const url = new URL(v, location.href);
      return typeof v == 'string' && v && /^https?:$/.test(url.protocol) ? url : null;
    } catch {
      return null;
    }
  };

  const getJson = async (url) => {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw Error(res.status);
    return res.json();
  };

  const fromWaymark = async (d, limit, ctx) => {
    const q = new URLSearchParams({ placement: d.placement || 'recommended', limit });
    if (isId(d.productId)) q.set('product_id', d.productId);
    const cart = ids(d.cart);
    if (cart.length) q.set('cart', cart.join(','));
    if (ctx.recent.length) q.set('recent', ctx.recent.join(','));
    if (ctx.visitor) q.set('visitor', ctx.visitor);
    if (d.fallback === 'popular') q.set('fallback', 'popular');
    const json = await getJson(`${d.endpoint || '/apps/waymark/recommendations'}?${q}`);
    // The holdout gets no Waymark answer; its events say so (lift).
    const holdout = json?.group === 'holdout';
    const products = !holdout && Array.isArray(json?.products) ? json.products : [];
    return { products, holdout, strategy: holdout ? 'holdout' : (products.length && json.strategy) || 'none' };
  };

  /** Shopify's own recommendations; prices there are in minor units. */
  const fromShopify = async (d, limit, ctx) => {
    const id = isId(d.productId) ? d.productId : ids(d.cart)[0] || ctx.recent[ctx.recent.length - 1];
    if (!id || !d.fallbackUrl) return [];
    const intent = d.placement === 'bought_together' ? 'complementary' : 'related';
    const q = new URLSearchParams({ product_id: id, limit, intent });
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
    let r = await fromWaymark(d, limit, ctx).catch(() => ({ products: [], strategy: 'none' }));
    // No Waymark answer: the block's setting decides.
    if (!r.products.length && d.fallback === 'shopify') {
      r = { ...r, products: await fromShopify(d, limit, ctx).catch(() => []), strategy: r.holdout ? 'holdout' : 'shopify' };
    }
    const items = normalize(r.products, limit, d.productId);
    if (items.length) render(el, items, r.strategy);
    else if (r.holdout) hideSeen(el, d.placement || 'recommended');
    else el.hidden = true;
  };

  // A hidden holdout block still reports when its place is seen.
  const hideSeen = (el, placement) => {
    el.replaceChildren();
    el.style.cssText = 'height:0;min-height:0;margin:0;padding:0;border:0';
    el.dataset.strategy = 'holdout';
    onSeen(el, 0, () => publish('waymark:rec_impression', { placement, items: [], strategy: 'holdout' }));
  };

  const onSeen = (target, threshold, fn) => {
    const o = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && (o.disconnect(), fn()), { threshold });
    o.observe(target);
  };

  const normalize = (products, limit, currentId) => {
    const seen = new Set();
    const out = [];
    for (const p of products) {
      if (out.length >= limit) break;
      const id = String(p?.id);
      const url = safeUrl(p?.url);
      if (!isId(id) || id === currentId || seen.has(id) || !url || typeof p.title !== 'string') continue;
      seen.add(id);
      const currency = typeof p.currency === 'string' ? p.currency : '';
      out.push({ id, url, price: Number.isFinite(p.price) ? p.price : null, currency, title: p.title, vendor: String(p.vendor || ''), image: safeUrl(p.imageUrl) });
    }
    return out;
  };

  const formatPrice = (amount, currency) => {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency: currency || 'USD' }).format(amount);
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
      // Shopify's CDN resizes.
      if (/(^|\.)shopify\.com$/.test(item.image.hostname) || item.image.pathname.startsWith('/cdn/shop/')) {
        item.image.searchParams.set('width', SIZE);
      }
      const img = node('img');
      Object.assign(img, { src: item.image.href, alt: item.title, width: SIZE, height: SIZE, loading: 'lazy', decoding: 'async' });
      media.append(img);
    }
    const body = node('div', 'waymark-card__body');
    const title = node('h3', 'waymark-card__title');
    const link = Object.assign(node('a', 'waymark-card__link', item.title), { href: item.url.href });
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
    const list = $(el, LIST);
    if (!list) return;
    list.replaceChildren(...items.map((item) => card(item, d)));
    list.removeAttribute('aria-busy');
    el.dataset.strategy = strategy;
    $(el, '[data-waymark-status]')?.replaceChildren(d.textLoaded || '');
    updateNav(el);

    list.addEventListener('click', (event) => {
      const link = event.target instanceof Element && event.target.closest('a[data-product-id]');
      if (link) publish('waymark:rec_click', { placement, productId: link.dataset.productId, strategy });
    });
    const payload = { placement, items: items.map((item) => item.id), strategy };
    onSeen(list, 0.5, () => publish('waymark:rec_impression', payload));
  };

  const updateNav = (el) => {
    const list = $(el, LIST);
    const [prev, next] = ['prev', 'next'].map((k) => $(el, `[data-waymark-${k}]`));
    if (!list || !prev || !next) return;
    const busy = list.hasAttribute('aria-busy');
    prev.disabled = busy || list.scrollLeft <= 1;
    next.disabled = busy || list.scrollLeft + list.clientWidth >= list.scrollWidth - 1;
  };

  const KEYS = { ArrowLeft: -1, ArrowRight: 1, Home: -1e3, End: 1e3 };

  const setupCarousel = (el) => {
    const list = $(el, LIST);
    if (el.dataset.layout !== 'carousel' || !list) return;
    list.tabIndex = 0;
    const step = (dir) => list.scrollBy({ left: dir * Math.max(list.clientWidth * 0.8, 1), behavior: 'smooth' });
    $(el, '[data-waymark-prev]')?.addEventListener('click', () => step(-1));
    $(el, '[data-waymark-next]')?.addEventListener('click', () => step(1));
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
    loader ??= new IntersectionObserver((es) => es.forEach((e) => e.isIntersecting && (loader.unobserve(e.target), load(e.target))), {
      rootMargin: '600px 0px',
    });
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
}
