/**
 * Import rules, checked by `npm run check:deps` (dependency-cruiser) in CI before the tests.
 * The layers: ml/ is pure (no app, web, extensions or tests, and no I/O of its own); app/ is the
 * server; web/src is the admin page, which talks to the server only through app/api-contract/;
 * app/demo/ is demo-only code that the production server must not be able to load.
 */

/** Packages only tests, benchmarks and build tools use: production code must never load them. */
const DEV_ONLY_PACKAGES = [
  'autocannon',
  'playwright-core',
  'lighthouse',
  'vitest',
  '@vitest',
  'axe-core',
  'dependency-cruiser',
  '@shopify/cli',
  '@shopify/theme-check-node',
];

const PRODUCTION = '^(app|ml|web/src|extensions)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other one way: a cycle makes load order matter and layers meaningless.',
      from: { path: '^(app|ml|web/src|extensions|scripts)/' },
      to: { circular: true },
    },
    {
      name: 'ml-is-pure',
      severity: 'error',
      comment: 'ml/ is the pure layer: it takes data and options as parameters and imports nothing above it.',
      from: { path: '^ml/' },
      to: { path: '^(app|web|extensions|tests)/' },
    },
    {
      name: 'no-demo-or-tests-in-app',
      severity: 'error',
      comment: 'Production code under app/ must not be able to load demo-only code (app/demo/) or test code.',
      from: { path: '^app/', pathNot: '^app/demo/' },
      to: { path: '^(app/demo|tests)/' },
    },
    {
      name: 'web-talks-through-the-api-contract',
      severity: 'error',
      comment: 'The admin page shares only the API contract with the server (app/api-contract/).',
      from: { path: '^web/src/' },
      to: { path: '^app/', pathNot: '^app/api-contract/' },
    },
    {
      name: 'no-dev-only-packages-in-production',
      severity: 'error',
      comment: 'Test, benchmark and tooling packages are devDependencies: production code cannot rely on them.',
      from: { path: PRODUCTION },
      to: { path: `node_modules/(${DEV_ONLY_PACKAGES.join('|')})/` },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (a typo or a missing package would fail at run time).',
      from: { path: PRODUCTION },
      to: { couldNotResolve: true, pathNot: '^@tensorflow/tfjs-node$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|^app/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
