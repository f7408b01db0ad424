/** Name conversions between the model (camelCase) and tables/columns (snake_case) and types (PascalCase). */

/** `budgetLine` → `budget_line`, `countryIso2` → `country_iso2`, `vn` → `vn`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** `budgetLine` → `BudgetLine`. */
export function toPascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
