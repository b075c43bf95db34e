/*
 * A stand-in for the parts of `window.Shopify` that Waymark's theme assets use, for the
 * local demo storefront only (app/demo/storefront). On a real store Shopify provides these.
 *
 *  - Shopify.customerPrivacy: analyticsProcessingAllowed() and setTrackingConsent(), driven
 *    by the page's consent checkbox (#waymark-consent, default granted, remembered in
 *    localStorage); changes dispatch `visitorConsentCollected` like Shopify's banner does.
 *  - Shopify.loadFeatures: calls back at once (the API above is already there).
 *  - Shopify.analytics.publish: forwards `waymark:*` custom events (recommendation impressions
 *    and clicks, Quick feedback answers) the way the Waymark web
 *    pixel would: compact journey events (app/api-contract/ingest.ts) POSTed to the
 *    ingest URL, only while analytics is allowed (Shopify loads the pixel only then).
 *    It also emits the standard page_viewed / product_viewed / cart_viewed events the
 *    real pixel would receive, so demo journeys exist.
 *
 * A module script (`type="module"`, deferred like the theme's own scripts and run before them,
 * in document order), so nothing here leaks into the page's globals but window.Shopify.
 */
function readConfig() {
  var configEl = document.getElementById('waymark-demo-config');
  try {
    return JSON.parse((configEl && configEl.textContent) || '{}');
  } catch (e) {
    return {};
  }
}

var config = readConfig();
var CONSENT_KEY = 'waymark-demo:consent';
var CLIENT_KEY = 'waymark-demo:client';
var queue = [];
var timer = null;

function readConsent() {
  try {
    return localStorage.getItem(CONSENT_KEY) !== 'denied';
  } catch (e) {
    return true;
  }
}
var granted = readConsent();

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  var b = crypto.getRandomValues(new Uint8Array(16));
  return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
}

/** The Shopify browser id stand-in: created only with consent. */
function clientId() {
  try {
    var id = localStorage.getItem(CLIENT_KEY);
    if (!id) {
      id = 'demo-' + uuid();
      localStorage.setItem(CLIENT_KEY, id);
    }
    return id;
  } catch (e) {
    return 'demo-ephemeral';
  }
}

function flush() {
  clearTimeout(timer);
  timer = null;
  if (!queue.length || !config.shopKey || !config.ingestUrl) return;
  var body = JSON.stringify({ shopKey: config.shopKey, events: queue.splice(0, queue.length) });
  // text/plain + keepalive: a CORS-simple request that survives navigation, as the pixel sends.
  fetch(config.ingestUrl, { method: 'POST', body: body, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(
    function () {},
  );
}

function emit(name, fields, now) {
  if (!granted) return;
  var event = { id: uuid(), name: name, ts: Date.now(), clientId: clientId(), path: location.pathname };
  if (document.referrer) {
    try {
      event.refHost = new URL(document.referrer).host;
    } catch (e) {
      /* no referrer host */
    }
  }
  for (var key in fields) if (fields[key] !== undefined && fields[key] !== null) event[key] = fields[key];
  queue.push(event);
  if (now) flush();
  else if (!timer) timer = setTimeout(flush, 250);
}

function ids(list, max) {
  return (Array.isArray(list) ? list : [])
    .map(String)
    .filter(function (id) { return /^\d{1,20}$/.test(id); })
    .slice(0, max);
}

function setTrackingConsent(consent, callback) {
  granted = Boolean(consent && consent.analytics);
  try {
    localStorage.setItem(CONSENT_KEY, granted ? 'granted' : 'denied');
    if (!granted) localStorage.removeItem(CLIENT_KEY);
  } catch (e) {
    /* consent still applies for this page */
  }
  document.dispatchEvent(
    new CustomEvent('visitorConsentCollected', {
      detail: {
        analyticsAllowed: granted,
        preferencesAllowed: granted,
        marketingAllowed: false,
        saleOfDataAllowed: false,
        firstPartyMarketingAllowed: false,
        thirdPartyMarketingAllowed: false,
      },
    }),
  );
  if (typeof callback === 'function') callback();
}

var customerPrivacy = {
  analyticsProcessingAllowed: function () { return granted; },
  preferencesProcessingAllowed: function () { return granted; },
  marketingAllowed: function () { return false; },
  saleOfDataAllowed: function () { return false; },
  shouldShowBanner: function () { return false; },
  currentVisitorConsent: function () {
    return { analytics: granted ? 'yes' : 'no', preferences: granted ? 'yes' : 'no', marketing: 'no', sale_of_data: 'no' };
  },
  setTrackingConsent: setTrackingConsent,
};

var analytics = {
  publish: function (name, data) {
    if (typeof name !== 'string' || name.indexOf('waymark:') !== 0 || !data || typeof data !== 'object') return;
    var fields = {
      placement: typeof data.placement === 'string' ? data.placement.slice(0, 64) : undefined,
      strategy: typeof data.strategy === 'string' ? data.strategy.slice(0, 32) : undefined,
    };
    if (name === 'waymark:feedback') {
      // The real pixel masks PII here too (pii-scrub.ts); ingest masks it again either way.
      if (typeof data.answer !== 'string' || !data.answer.trim()) return;
      fields.answer = data.answer.trim().slice(0, 500);
      fields.productId = ids([data.productId], 1)[0];
    } else if (name === 'waymark:rec_click') fields.productId = ids([data.productId], 1)[0];
    else fields.items = ids(data.items, 50);
    emit(name, fields, name === 'waymark:rec_click' || name === 'waymark:feedback');
  },
};

var shopify = (window.Shopify = window.Shopify || {});
shopify.customerPrivacy = customerPrivacy;
shopify.analytics = analytics;
shopify.loadFeatures = function (features, callback) {
  setTimeout(function () { callback(false); }, 0);
};

addEventListener('pagehide', flush);

function start() {
  var toggle = document.getElementById('waymark-consent');
  if (toggle) {
    toggle.checked = granted;
    toggle.addEventListener('change', function () {
      customerPrivacy.setTrackingConsent({ analytics: toggle.checked, preferences: toggle.checked });
    });
  }
  var page = config.page || {};
  emit('page_viewed', {});
  if (page.type === 'product' && page.productId) {
    emit('product_viewed', { productId: page.productId, price: page.price, currency: config.currency });
  }
  if (page.type === 'cart') {
    emit('cart_viewed', { total: page.total, currency: config.currency, lines: page.lines });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
