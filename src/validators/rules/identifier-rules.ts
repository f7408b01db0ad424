/**
 * Identifier checks for every property typed as AHVN13 (`Ahvn13`) or IBAN (`Iban`) in the model: the
 * schema checks the shape, these rules the check digits.
 */
import type { EntityDefinition } from '../../core/model/model-registry.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { checkAhvn13 } from '../ahvn13.js';
import { checkIban } from '../iban.js';
import type { RecordRule } from './rule-types.js';

/** Builds the vn/IBAN rule of an entity; returns undefined when the entity has neither. */
export function identifierRule(entity: EntityDefinition): RecordRule | undefined {
  const vnProps = entity.properties.filter((p) => p.commonType === 'Ahvn13').map((p) => p.name);
  const ibanProps = entity.properties.filter((p) => p.commonType === 'Iban').map((p) => p.name);
  if (vnProps.length === 0 && ibanProps.length === 0) return undefined;
  return (record, context) => {
    const issues: ValidationIssue[] = [];
    for (const name of vnProps) {
      const value = record[name];
      if (typeof value === 'string') issues.push(...checkAhvn13(value, `/${name}`, context));
    }
    for (const name of ibanProps) {
      const value = record[name];
      if (typeof value === 'string') issues.push(...checkIban(value, `/${name}`, context));
    }
    return issues;
  };
}
