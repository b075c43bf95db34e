/* Waymark Quick feedback block (blocks/quick-feedback.liquid). Publishes the answer as the
   `waymark:feedback` custom event, only when Shopify.customerPrivacy allows analytics (the web
   pixel, consent-gated too, masks PII and sends it). Nothing is stored in the browser. */
'use strict';
{
  const MAX = 500;

  const allowed = () => {
    try {
      const api = window.Shopify && window.Shopify.customerPrivacy;
      return Boolean(api && typeof api.analyticsProcessingAllowed === 'function' && api.analyticsProcessingAllowed());
    } catch {
      return false;
    }
  };

  /** Loads the consent API when the theme has not (as the app embed does); resolves either way. */
  const consentReady = () =>
    new Promise((resolve) => {
      const shopify = window.Shopify;
      if (!shopify || shopify.customerPrivacy || typeof shopify.loadFeatures !== 'function') return resolve();
      const timer = setTimeout(resolve, 2000);
      try {
        shopify.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], () => {
          clearTimeout(timer);
          resolve();
        });
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });

  const setup = (form) => {
    if (form.dataset.waymarkReady) return;
    form.dataset.waymarkReady = '1';
    const box = form.querySelector('textarea');
    const status = form.querySelector('[role=status]');
    const send = form.querySelector('button');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answer = String(box.value || '').trim().slice(0, Math.min(MAX, Number(box.maxLength) > 0 ? box.maxLength : MAX));
      if (!answer) return;
      await consentReady();
      if (!allowed()) {
        status.textContent = status.dataset.noConsent || '';
        return;
      }
      try {
        const payload = { placement: form.dataset.placement || 'feedback', answer };
        if (/^\d{1,20}$/.test(form.dataset.productId || '')) payload.productId = form.dataset.productId;
        window.Shopify?.analytics?.publish?.('waymark:feedback', payload);
      } catch {}
      box.value = '';
      box.disabled = true;
      send.disabled = true;
      status.textContent = status.dataset.thanks || '';
    });
  };

  const start = () => document.querySelectorAll('form[data-waymark-feedback]').forEach(setup);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
  document.addEventListener('shopify:section:load', start);
}
