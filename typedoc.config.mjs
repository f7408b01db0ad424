// TypeDoc over the curated entry points (`npm run docs:api` → docs/api/, not committed: CI generates it into
// a temp folder). Warnings are errors, so an exported declaration without a doc comment fails the build.
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'casebridge',
  entryPoints: [
    'src/index.ts',
    'src/mappings/index.ts',
    'src/validators/index.ts',
    'src/connectors/index.ts',
    'src/connectors/files/index.ts',
    'src/connectors/postgres/index.ts',
    'src/connectors/mysql/index.ts',
    'src/connectors/mssql/index.ts',
    'src/targets/pglite/index.ts',
    'src/targets/postgres/index.ts',
    'src/targets/jsonl/index.ts',
    'src/targets/documents/index.ts',
    'src/targets/store/index.ts',
    'src/targets/typeorm/index.ts',
    'src/testing/index.ts',
    'src/profiles/index.ts',
    'src/stats/index.ts',
    'src/canton/index.ts',
    'src/trust/index.ts',
  ],
  tsconfig: 'tsconfig.build.json',
  out: 'docs/api',
  readme: 'docs/api.md',
  excludeInternal: true,
  excludePrivate: true,
  excludeProtected: true,
  validation: {
    notExported: false,
    invalidLink: true,
    notDocumented: true,
  },
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  treatWarningsAsErrors: true,
  githubPages: false,
  disableSources: true,
};

// The generated model types carry JSON Schema keywords as tags (`@maxItems`): known, not warnings.
config.blockTags = [...OptionDefaults.blockTags, '@maxItems'];

export default config;
