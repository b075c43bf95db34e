/** The local demo storefront (see ./router.ts) and the block markup renderer it shares with tests. */
export { createStorefrontRouter, type StorefrontRouterOptions } from './router';
export {
  renderRecommendationBlock,
  renderEmbed,
  defaultSettings,
  blockSchema,
  parseBlockSchema,
  PLACEMENTS,
  EXTENSION_DIR,
  ASSETS_DIR,
  type BlockSettings,
  type Placement,
  type RenderBlockOptions,
} from './block-markup';
export { escapeHtml, jsonForScript } from './html';
