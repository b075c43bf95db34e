/**
 * The Quick feedback block's markup for the demo storefront, as blocks/quick-feedback.liquid
 * renders it with its schema defaults (same tags, classes and data attributes, texts from the
 * extension's locales), so the demo runs the very same assets/waymark-feedback.js.
 */
import { blockSchema, t } from './block-markup';
import { escapeHtml } from './html';

/** The block's `max_length` default from its {% schema %}. */
export function feedbackMaxLength(): number {
  const setting = blockSchema('quick-feedback').settings.find((s) => s.id === 'max_length');
  return typeof setting?.default === 'number' ? setting.default : 300;
}

export function renderFeedbackBlock(opts: { id: string; template: string; productId?: string | null }): string {
  const id = escapeHtml(opts.id);
  return `<form
  class="waymark-feedback"
  data-waymark-feedback
  data-placement="feedback:${escapeHtml(opts.template)}"
  data-product-id="${escapeHtml(opts.productId ?? '')}"
>
  <label class="waymark-feedback__question" for="waymark-feedback-${id}">${escapeHtml(t('waymark.feedback.question'))}</label>
  <textarea
    id="waymark-feedback-${id}"
    class="waymark-feedback__answer"
    name="answer"
    rows="3"
    maxlength="${feedbackMaxLength()}"
    required
  ></textarea>
  <p class="waymark-feedback__note">${escapeHtml(t('waymark.feedback.privacy'))}</p>
  <button type="submit" class="waymark-feedback__send button">${escapeHtml(t('waymark.feedback.send'))}</button>
  <p class="waymark-feedback__status" role="status" aria-live="polite"
    data-thanks="${escapeHtml(t('waymark.feedback.thanks'))}"
    data-no-consent="${escapeHtml(t('waymark.feedback.no_consent'))}"></p>
</form>`;
}
