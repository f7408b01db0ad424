/**
 * JSON Schema of `casebridge.config.json` (and of the object a `.mjs`/`.ts` config exports). Checked with
 * ajv before anything connects, so that a typo fails with the path of the bad field. Secrets are never
 * written in the file: `{"env": "NAME"}` reads them from the environment at start.
 */

const secret = {
  description: 'A secret: the literal value (discouraged) or {"env": "VARIABLE"} to read it from the environment.',
  oneOf: [
    { type: 'string' },
    { type: 'object', required: ['env'], additionalProperties: false, properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } } },
  ],
} as const;

const sqlSource = {
  type: 'object',
  required: ['connector'],
  properties: {
    connector: { enum: ['postgres', 'mysql', 'mssql'] },
    name: { type: 'string', minLength: 1 },
    connectionString: secret,
    host: { type: 'string' },
    server: { type: 'string' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    user: { type: 'string' },
    password: secret,
    database: { type: 'string' },
    schema: { type: 'string' },
    poolSize: { type: 'integer', minimum: 1 },
    encrypt: { type: 'boolean' },
    trustServerCertificate: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

const fileSource = {
  type: 'object',
  required: ['connector', 'baseDir', 'tables'],
  properties: {
    connector: { const: 'files' },
    name: { type: 'string', minLength: 1 },
    baseDir: { type: 'string', minLength: 1 },
    tables: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['file', 'format'],
        properties: {
          file: { type: 'string', minLength: 1 },
          format: { enum: ['csv', 'jsonl'] },
          columns: { type: 'object', additionalProperties: { type: 'string' } },
          keyColumn: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
          decimalSeparator: { enum: ['.', ','] },
          delimiter: { type: 'string', minLength: 1, maxLength: 1 },
          encoding: { enum: ['utf-8', 'windows-1252', 'iso-8859-1'] },
          header: { type: 'boolean' },
          columnNames: { type: 'array', items: { type: 'string' } },
          nullValues: { type: 'array', items: { type: 'string' } },
          quote: { type: 'string', minLength: 1, maxLength: 1 },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

const threshold = {
  type: 'object',
  required: ['metric', 'severity'],
  properties: {
    entity: { type: 'string' },
    metric: { type: 'string', pattern: '^(extracted|quarantined|filtered|warnings|duplicates|issue:.+|filter:.+|case-errors|case:.+)$' },
    maxCount: { type: 'integer', minimum: 0 },
    minCount: { type: 'integer', minimum: 0 },
    maxPercent: { type: 'number', minimum: 0, maximum: 100 },
    severity: { enum: ['warning', 'error'] },
  },
  additionalProperties: false,
} as const;

/** The config file schema (JSON Schema draft 2020-12 subset ajv checks). */
export const CONFIG_SCHEMA = {
  $id: 'https://casebridge.dev/schemas/cli-config.json',
  type: 'object',
  required: ['source', 'mappings', 'target'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
    tenant: {
      description:
        'Whose data this is: the commune (BFS municipality number, valid in `year` when given) and the source system. Required to run; there is no default.',
      type: 'object',
      properties: {
        commune: { type: 'integer', minimum: 1, maximum: 9999 },
        sourceSystem: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' },
        year: { type: 'integer', minimum: 1960, maximum: 2100 },
      },
      additionalProperties: false,
    },
    source: { oneOf: [sqlSource, fileSource] },
    mappings: {
      description:
        'A built-in reference profile name (`flat-file`, `relational`) or a path to a module exporting a MigrationDefinition, a factory, or `mappings`.',
      type: 'string',
      minLength: 1,
    },
    codeListMapsDir: { type: 'string', minLength: 1 },
    target: {
      oneOf: [
        {
          type: 'object',
          required: ['kind', 'dir'],
          properties: { kind: { const: 'pglite' }, dir: { type: 'string', minLength: 1 } },
          additionalProperties: false,
        },
        {
          type: 'object',
          required: ['kind', 'url'],
          properties: { kind: { const: 'postgres' }, url: secret, max: { type: 'integer', minimum: 1 } },
          additionalProperties: false,
        },
        {
          type: 'object',
          required: ['kind', 'dir'],
          properties: { kind: { const: 'jsonl' }, dir: { type: 'string', minLength: 1 } },
          additionalProperties: false,
        },
      ],
    },
    documents: {
      description:
        'Document transfer after the run: contents from a folder (contentRef relative to dir) or a BLOB column of the SQL source; false switches a built-in profile default off.',
      oneOf: [
        { const: false },
        {
          type: 'object',
          required: ['from'],
          properties: { from: { const: 'folder' }, dir: { type: 'string', minLength: 1 }, concurrency: { type: 'integer', minimum: 1 } },
          additionalProperties: false,
        },
        {
          type: 'object',
          required: ['from', 'table', 'contentColumn', 'keyColumns'],
          properties: {
            from: { const: 'blob' },
            table: { type: 'string', minLength: 1 },
            contentColumn: { type: 'string', minLength: 1 },
            keyColumns: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
            chunkSize: { type: 'integer', minimum: 1024 },
            concurrency: { type: 'integer', minimum: 1 },
          },
          additionalProperties: false,
        },
      ],
    },
    reports: {
      type: 'object',
      properties: {
        dir: { type: 'string', minLength: 1 },
        formats: { type: 'array', items: { enum: ['json', 'html', 'md'] }, minItems: 1, uniqueItems: true },
      },
      additionalProperties: false,
    },
    lang: {
      enum: ['de', 'fr', 'en'],
      description: 'Language of the HTML and Markdown reports and the summary; --lang overrides it. Default: the locale (LC_ALL, LANG), else en.',
    },
    pseudonyms: {
      type: 'object',
      description: "The commune's pseudonym key: keyFile is created on first use and must lie outside the report folder.",
      properties: { keyFile: { type: 'string', minLength: 1 } },
      additionalProperties: false,
    },
    signingKey: {
      type: 'string',
      minLength: 1,
      description:
        "Ed25519 private key (PEM file) that signs each real run's chain link; --signing-key overrides it. Create one with casebridge keys ed25519 <dir>.",
    },
    options: {
      type: 'object',
      properties: {
        batchSize: { type: 'integer', minimum: 1 },
        idScheme: {
          enum: ['uuidv5', 'ordered'],
          description: "Canonical id scheme of the commune's first run in a store (ordered: keys that insert in order); later runs keep the recorded one.",
        },
        concurrency: { type: 'integer', minimum: 1 },
        pipelineDepth: { type: 'integer', minimum: 1 },
        duplicatePolicy: { enum: ['flag', 'merge'] },
        duplicateScope: { enum: ['commune', 'canton'] },
        reconcile: { type: 'boolean' },
        reportListLimit: { type: 'integer', minimum: 0 },
        thresholds: { type: 'array', items: threshold },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** A secret as written in the config. */
export type SecretValue = string | { readonly env: string };
