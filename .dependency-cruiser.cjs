// dependency-cruiser (`npm run check:imports`): the layering rules of src/. src/core is the bottom layer:
// it imports nothing from the layers above it and no database driver, so that the engine can be embedded
// and tested without them (it is handed the validator and case rules; see test/core-layering.test.ts).

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-upper-layer',
      comment: 'src/core imports nothing from cli, connectors, targets, mappings, validators, profiles, stats or testing.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(cli|canton|connectors|targets|mappings|validators|profiles|stats|testing)/' },
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
