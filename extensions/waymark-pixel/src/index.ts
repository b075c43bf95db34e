/**
 * Waymark web pixel (strict sandbox). Streams shoppers' standard customer
 * events and Waymark's `waymark:*` custom events, reduced to PII-free
 * JourneyEvents, to the ingest endpoint configured in the pixel settings.
 */
import { register } from '@shopify/web-pixels-extension';
import { startPixel } from './pixel';

register((api) => {
  startPixel(api);
});
