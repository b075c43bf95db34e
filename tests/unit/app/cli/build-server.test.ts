/**
 * The server build's guard: a bundled file under app/demo/ or tests/ fails `npm run build:server`
 * (tests/integration/compiled-server.test.ts builds the real bundle and checks it holds none).
 */
import { describe, expect, it } from 'vitest';
import { nonProductionInputs } from '../../../../app/cli/build-server';

describe('nonProductionInputs', () => {
  it('names the bundled files that lie under app/demo/ or tests/', () => {
    const inputs = [
      'app/server.ts',
      'app/demo/storefront/router.ts',
      'ml/serve.ts',
      'tests/helpers/shopify-stand-in/index.ts',
      'app/demography.ts',
      'extensions/waymark-pixel/src/to-journey-event.ts',
      'app\\demo\\simulator\\simulate.ts',
    ];
    expect(nonProductionInputs(inputs)).toEqual(['app/demo/storefront/router.ts', 'tests/helpers/shopify-stand-in/index.ts', 'app\\demo\\simulator\\simulate.ts']);
  });

  it('passes a bundle of production code only', () => {
    expect(nonProductionInputs(['app/cli/serve.ts', 'app/server.ts', 'app/generated/sqlite/client.ts'])).toEqual([]);
  });
});
