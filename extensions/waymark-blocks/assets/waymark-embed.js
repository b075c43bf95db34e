/*
 * Waymark app embed (served as-is, loaded with `defer`).
 *
 * Keeps, only while Shopify's Customer Privacy API allows analytics processing:
 *   - sessionStorage "waymark:recent": product ids viewed in this visit, oldest first, max 20
 *   - localStorage "waymark:vid": a random visitor key for the holdout split
 * Consent decision: analyticsProcessingAllowed() already folds in the merchant's
 * settings and the visitor's region, so a shop without a banner (or a region without a
 * consent requirement) answers true there. When the API cannot be loaded at all, we
 * fail closed: nothing is stored and the blocks get no session context. Withdrawing
 * consent (visitorConsentCollected with analyticsAllowed false) deletes both keys.
 *
 * The recommendation blocks read the context through window.Waymark.context(). A classic
 * script: the block keeps every other name off window (strict mode scopes the function
 * declarations to it too).
 */
'use strict';
{
  const RECENT_KEY = 'waymark:recent';
  const VISITOR_KEY = 'waymark:vid';
  const MAX_RECENT = 20;
  const CONSENT_TIMEOUT_MS = 3000;

  const script = document.querySelector('script[data-waymark-embed]');
  const rawProductId = script ? script.getAttribute('data-product-id') || '' : '';
  const productId = /^\d{1,20}$/.test(rawProductId) ? rawProductId : '';
  let allowed = false;

  function storage(kind) {
    try {
      return window[kind];
    } catch (e) {
      return null; // blocked storage (privacy modes) throws on access
    }
  }

  function readRecent() {
    const store = storage('sessionStorage');
    try {
      const list = JSON.parse((store && store.getItem(RECENT_KEY)) || '[]');
      return Array.isArray(list) ? list.filter(function (id) { return /^\d{1,20}$/.test(id); }) : [];
    } catch (e) {
      return [];
    }
  }

  function recordView(id) {
    const store = storage('sessionStorage');
    if (!store) return;
    const list = readRecent().filter(function (seen) { return seen !== id; });
    list.push(id);
    try {
      store.setItem(RECENT_KEY, JSON.stringify(list.slice(-MAX_RECENT)));
    } catch (e) {
      /* quota or disabled storage: personalization is best-effort */
    }
  }

  function randomKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  function visitorKey(create) {
    const store = storage('localStorage');
    if (!store) return '';
    try {
      let key = store.getItem(VISITOR_KEY);
      if (!key && create) {
        key = randomKey();
        store.setItem(VISITOR_KEY, key);
      }
      return key || '';
    } catch (e) {
      return '';
    }
  }

  function forget() {
    try {
      const session = storage('sessionStorage');
      const local = storage('localStorage');
      if (session) session.removeItem(RECENT_KEY);
      if (local) local.removeItem(VISITOR_KEY);
    } catch (e) {
      /* nothing stored */
    }
  }

  function apply(isAllowed) {
    allowed = isAllowed;
    if (!allowed) {
      forget();
      return;
    }
    visitorKey(true);
    if (productId) recordView(productId);
  }

  function isAllowed(api) {
    try {
      return Boolean(api && typeof api.analyticsProcessingAllowed === 'function' && api.analyticsProcessingAllowed());
    } catch (e) {
      return false;
    }
  }

  /** Resolves with window.Shopify.customerPrivacy, loading it if needed; null if unavailable. */
  function consentApi() {
    return new Promise(function (resolve) {
      const shopify = window.Shopify;
      if (shopify && shopify.customerPrivacy) return resolve(shopify.customerPrivacy);
      if (!shopify || typeof shopify.loadFeatures !== 'function') return resolve(null);
      const timer = setTimeout(resolve, CONSENT_TIMEOUT_MS, null);
      try {
        shopify.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], function (error) {
          clearTimeout(timer);
          resolve(error ? null : window.Shopify.customerPrivacy || null);
        });
      } catch (e) {
        clearTimeout(timer);
        resolve(null);
      }
    });
  }

  const ready = consentApi().then(function (api) {
    apply(isAllowed(api));
  });

  document.addEventListener('visitorConsentCollected', function (event) {
    const detail = event && event.detail;
    apply(detail && typeof detail.analyticsAllowed === 'boolean' ? detail.analyticsAllowed : isAllowed(window.Shopify && window.Shopify.customerPrivacy));
  });

  window.Waymark = window.Waymark || {};
  window.Waymark.context = function () {
    return ready.then(function () {
      return allowed ? { recent: readRecent(), visitor: visitorKey(false) } : { recent: [], visitor: '' };
    });
  };
}
