// dependency-cruiser (`npm run check:imports`): the layering rules of src/. src/core is the bottom layer:
// it imports nothing from the layers above it and no database driver, so that the engine can be embedded
// and tested without them. The known upward edges are listed (and shrink, never grow): see
// test/core-layering.test.ts, which checks the same list.
/** Core files that still import from a layer above, each a known debt to be replaced by injection. */
const KNOWN_UPWARD = [
  '^src/core/pipeline/exact-money\\.ts$',
  '^src/core/pipeline/model-bindings\\.ts$',
  '^src/core/pipeline/case-checks\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-upper-layer',
      comment: 'src/core imports nothing from cli, connectors, targets, mappings, validators, profiles, stats or testing.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: KNOWN_UPWARD },
      to: { path: '^src/(cli|connectors|targets|mappings|validators|profiles|stats|testing)/' },
    },
    {
      name: 'core-known-upward-edges-only',
      comment: 'The known upward edges reach only what they reach today (mappings/transforms, validators).',
      severity: 'error',
      from: { path: KNOWN_UPWARD },
      to: { path: '^src/(cli|connectors|targets|profiles|stats|testing)/' },
    },
    {
      name: 'core-imports-no-driver',
      comment: 'src/core loads no database driver or ORM: connectors and targets do, as optional peers.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: '(^|/)node_modules/(pg|pg-copy-streams|mysql2|mssql|typeorm|@electric-sql/pglite)/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles in src (madge checks the same in CI).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from a driver still ties core to it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
  },
};
