/** The canonical model: registry, schema validation and the issue shape shared by every validator. */
export * from './model-registry.js';
export * from './validation-issue.js';
export * from './schema-validator.js';
export * from './date-formats.js';
export { toSnakeCase, toPascalCase } from './naming.js';
export { schemasRoot, modelSchemasDir, codeListsDir } from './schema-location.js';
export { commonDefName } from './property-definition.js';
