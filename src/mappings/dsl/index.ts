/** The declarative mapping DSL: rule builders, definition types and `defineMapping`. */
export { computed, constant, copy, id, lookup, reference, rename, transform } from './field-rules.js';
export type {
  AnyFieldRule,
  ComputeContext,
  ComputedRule,
  ConstantRule,
  CopyOptions,
  CopyRule,
  FieldRule,
  FieldRuleKind,
  IdRule,
  InvalidValuePolicy,
  LookupRule,
  ReferenceRule,
  RenameRule,
  RuleOptions,
  RuleSeverity,
  TransformRule,
} from './field-rules.js';
export type {
  AnyYieldDefinition,
  CompiledYield,
  DeltaDeclaration,
  FieldRules,
  FilterDefinition,
  JoinSourceDefinition,
  MappingDefinition,
  QuerySourceDefinition,
  RowCondition,
  TableSourceDefinition,
  YieldDefinition,
} from './mapping-definition.js';
export { defineMapping } from './define-mapping.js';
export type { CodeListPinInfo, CompiledMapping } from './define-mapping.js';
