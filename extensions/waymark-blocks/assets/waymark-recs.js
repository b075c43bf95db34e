/*
 * Waymark recommendation blocks (served as-is, loaded with `defer`).
 *
 * For each [data-waymark-recs] container rendered by snippets/waymark-recs.liquid:
 * wait until it nears the viewport, ask Waymark's app proxy for recommendations, fall
 * back to Shopify's own /recommendations/products.json (or hide) when Waymark has
 * none, render the cards into the height the markup already reserved, publish
 * waymark:rec_impression once when seen and waymark:rec_click on clicks.
 * Cards are built with DOM APIs and textContent only: no HTML from the network.
 */
(function () {
  'use strict';

  var SELECTOR = '[data-waymark-recs]';
  var MAX_LIMIT = 24;
  var IMAGE_SIZE = 480;
  var started = typeof WeakSet === 'function' ? new WeakSet() : null;
  var loader = null;

  function publish(name, payload) {
    var analytics = window.Shopify && window.Shopify.analytics;
    if (!analytics || typeof analytics.publish !== 'function') return;
    try {
      analytics.publish(name, payload);
    } catch (e) {
      /* analytics must never break the page */
    }
  }

  /** Session context from the app embed (waymark-embed.js), consent-checked there. */
  function sessionContext() {
    var empty = { recent: [], visitor: '' };
    var api = window.Waymark;
    if (!api || typeof api.context !== 'function') return Promise.resolve(empty);
    var timeout = new Promise(function (resolve) {
      setTimeout(resolve, 2000, empty);
    });
    return Promise.race([Promise.resolve(api.context()), timeout]).then(
      function (ctx) {
        return {
          recent: ctx && Array.isArray(ctx.recent) ? ctx.recent.filter(isId).slice(-20) : [],
          visitor: ctx && typeof ctx.visitor === 'string' ? ctx.visitor.slice(0, 64) : '',
        };
      },
      function () {
        return empty;
      },
    );
  }

  function isId(value) {
    return typeof value === 'string' && /^\d{1,20}$/.test(value);
  }

  function ids(list) {
    return String(list || '')
      .split(',')
      .filter(isId);
  }

  /** Only http(s) URLs, resolved against the page; anything else is dropped. */
  function safeUrl(value) {
    if (typeof value !== 'string' || !value) return null;
    try {
      var url = new URL(value, location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
    } catch (e) {
      return null;
    }
  }

  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  function fromWaymark(el, limit, ctx) {
    var d = el.dataset;
    var params = new URLSearchParams();
    params.set('placement', d.placement || 'recommended');
    params.set('limit', String(limit));
    if (isId(d.productId)) params.set('product_id', d.productId);
    var cart = ids(d.cart);
    if (cart.length) params.set('cart', cart.join(','));
    if (ctx.recent.length) params.set('recent', ctx.recent.join(','));
    if (ctx.visitor) params.set('visitor', ctx.visitor);
    if (d.fallback === 'popular') params.set('fallback', 'popular');
    return getJson((d.endpoint || '/apps/waymark/recommendations') + '?' + params).then(function (json) {
      var products = json && Array.isArray(json.products) ? json.products : [];
      var strategy = json && typeof json.strategy === 'string' ? json.strategy : 'none';
      return { products: products, strategy: products.length ? strategy : 'none' };
    });
  }

  /** Shopify's own product recommendations (prices in minor units). */
  function fromShopify(el, limit, ctx) {
    var d = el.dataset;
    var productId = isId(d.productId) ? d.productId : ids(d.cart)[0] || ctx.recent[ctx.recent.length - 1];
    if (!productId || !d.fallbackUrl) return Promise.resolve([]);
    var intent = d.placement === 'bought_together' ? 'complementary' : 'related';
    var url = d.fallbackUrl + '?product_id=' + encodeURIComponent(productId) + '&limit=' + limit + '&intent=' + intent;
    return getJson(url).then(function (json) {
      return (json && Array.isArray(json.products) ? json.products : []).map(function (p) {
        var image = p.featured_image;
        if (image && typeof image === 'object') image = image.src || image.url;
        return {
          id: String(p.id),
          title: p.title,
          vendor: p.vendor,
          price: typeof p.price === 'number' ? p.price / 100 : null,
          currency: d.currency,
          imageUrl: typeof image === 'string' ? image : null,
          url: p.url,
        };
      });
    });
  }

  function load(el) {
    var d = el.dataset;
    var limit = Math.min(MAX_LIMIT, Math.max(1, parseInt(d.limit, 10) || 4));
    sessionContext()
      .then(function (ctx) {
        return fromWaymark(el, limit, ctx)
          .catch(function () {
            return { products: [], strategy: 'none' };
          })
          .then(function (result) {
            if (result.products.length || d.fallback !== 'shopify') return result;
            return fromShopify(el, limit, ctx).then(
              function (products) {
                return { products: products, strategy: 'shopify' };
              },
              function () {
                return { products: [], strategy: 'none' };
              },
            );
          });
      })
      .then(function (result) {
        var cards = normalise(result.products, limit, d.productId);
        if (!cards.length) {
          el.hidden = true;
          return;
        }
        render(el, cards, result.strategy);
      });
  }

  function normalise(products, limit, currentId) {
    var seen = {};
    var out = [];
    for (var i = 0; i < products.length && out.length < limit; i++) {
      var p = products[i];
      if (!p || typeof p !== 'object') continue;
      var id = String(p.id);
      var url = safeUrl(p.url);
      if (!isId(id) || id === currentId || seen[id] || !url || typeof p.title !== 'string') continue;
      seen[id] = true;
      out.push({
        id: id,
        title: p.title,
        vendor: typeof p.vendor === 'string' ? p.vendor : '',
        price: typeof p.price === 'number' && isFinite(p.price) ? p.price : null,
        currency: typeof p.currency === 'string' ? p.currency : '',
        image: safeUrl(p.imageUrl),
        url: url,
      });
    }
    return out;
  }

  function formatPrice(amount, currency) {
    var locale = document.documentElement.lang || undefined;
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency: currency || 'USD' }).format(amount);
    } catch (e) {
      return amount.toFixed(2) + (currency ? ' ' + currency : '');
    }
  }

  function imageSrc(url) {
    // Shopify's CDN resizes on request.
    if (/(^|\.)shopify\.com$/.test(url.hostname) || url.pathname.indexOf('/cdn/shop/') === 0) {
      url.searchParams.set('width', String(IMAGE_SIZE));
    }
    return url.href;
  }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    return element;
  }

  function card(item, d) {
    var li = node('li', 'waymark-recs__item');
    var box = node('div', 'waymark-card');
    var media = node('div', 'waymark-card__media');
    if (item.image) {
      var img = node('img');
      img.src = imageSrc(item.image);
      img.alt = item.title;
      img.width = IMAGE_SIZE;
      img.height = IMAGE_SIZE;
      img.loading = 'lazy';
      img.decoding = 'async';
      media.appendChild(img);
    }
    var body = node('div', 'waymark-card__body');
    var title = node('h3', 'waymark-card__title');
    var link = node('a', 'waymark-card__link', item.title);
    link.href = item.url.href;
    link.setAttribute('data-product-id', item.id);
    title.appendChild(link);
    body.appendChild(title);
    if (d.showVendor === 'true' && item.vendor) body.appendChild(node('p', 'waymark-card__vendor', item.vendor));
    if (d.showPrice === 'true' && item.price !== null) {
      body.appendChild(node('p', 'waymark-card__price', formatPrice(item.price, item.currency || d.currency)));
    }
    box.appendChild(media);
    box.appendChild(body);
    li.appendChild(box);
    return li;
  }

  function render(el, items, strategy) {
    var d = el.dataset;
    var placement = d.placement || 'recommended';
    var list = el.querySelector('.waymark-recs__list');
    if (!list) return;
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) {
      fragment.appendChild(card(item, d));
    });
    list.replaceChildren(fragment);
    list.removeAttribute('aria-busy');
    el.setAttribute('data-strategy', strategy);
    var status = el.querySelector('[data-waymark-status]');
    if (status) status.textContent = d.textLoaded || '';
    updateNav(el);

    list.addEventListener('click', function (event) {
      var link = event.target instanceof Element ? event.target.closest('a[data-product-id]') : null;
      if (!link) return;
      publish('waymark:rec_click', { placement: placement, productId: link.getAttribute('data-product-id'), strategy: strategy });
    });

    var payload = {
      placement: placement,
      items: items.map(function (item) {
        return item.id;
      }),
      strategy: strategy,
    };
    if (!('IntersectionObserver' in window)) {
      publish('waymark:rec_impression', payload);
      return;
    }
    var seen = new IntersectionObserver(
      function (entries) {
        if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
        seen.disconnect();
        publish('waymark:rec_impression', payload);
      },
      { threshold: 0.5 },
    );
    seen.observe(list);
  }

  // ------------------------------------------------------------------ carousel

  function updateNav(el) {
    var list = el.querySelector('.waymark-recs__list');
    var prev = el.querySelector('[data-waymark-prev]');
    var next = el.querySelector('[data-waymark-next]');
    if (!list || !prev || !next) return;
    var busy = list.hasAttribute('aria-busy');
    prev.disabled = busy || list.scrollLeft <= 1;
    next.disabled = busy || list.scrollLeft + list.clientWidth >= list.scrollWidth - 1;
  }

  function setupCarousel(el) {
    if (el.dataset.layout !== 'carousel') return;
    var list = el.querySelector('.waymark-recs__list');
    var prev = el.querySelector('[data-waymark-prev]');
    var next = el.querySelector('[data-waymark-next]');
    if (!list) return;
    list.tabIndex = 0;
    var step = function (dir) {
      list.scrollBy({ left: dir * Math.max(list.clientWidth * 0.8, 1), behavior: 'smooth' });
    };
    if (prev) prev.addEventListener('click', function () { step(-1); });
    if (next) next.addEventListener('click', function () { step(1); });
    list.addEventListener('scroll', function () { updateNav(el); }, { passive: true });
    list.addEventListener('keydown', function (event) {
      var keys = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
      if (!(event.key in keys)) return;
      var links = Array.prototype.slice.call(list.querySelectorAll('a[data-product-id]'));
      if (!links.length) return;
      event.preventDefault();
      var move = keys[event.key];
      var at = links.indexOf(document.activeElement);
      var to = at === -1 ? (move > 0 ? 0 : links.length - 1) : at + move;
      to = Math.max(0, Math.min(links.length - 1, to === Infinity || to === -Infinity ? (move > 0 ? links.length - 1 : 0) : to));
      links[to].focus();
      var item = links[to].closest('.waymark-recs__item');
      if (item) item.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
    });
  }

  // ------------------------------------------------------------------ start-up

  function init() {
    var blocks = document.querySelectorAll(SELECTOR);
    if (!loader && 'IntersectionObserver' in window) {
      loader = new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (!entry.isIntersecting) return;
            loader.unobserve(entry.target);
            load(entry.target);
          });
        },
        { rootMargin: '600px 0px' },
      );
    }
    Array.prototype.forEach.call(blocks, function (el) {
      if (started) {
        if (started.has(el)) return;
        started.add(el);
      }
      setupCarousel(el);
      if (loader) loader.observe(el);
      else load(el);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
  // The theme editor re-renders sections and blocks in place.
  document.addEventListener('shopify:section:load', init);
  document.addEventListener('shopify:block:select', init);
})();
