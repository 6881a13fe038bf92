/**
 * Formula injection (OWASP "CSV injection"): a spreadsheet program reads a cell that starts with `=`, `+`, `-` or
 * `@` — or with a tab or carriage return before one — as a formula, so a name like `=HYPERLINK(…)` typed into
 * Schoolpas would run on an administrator's computer when they open an export. Every exported cell that starts with
 * one of these characters gets a single quote in front, which spreadsheets show as text and our own importers take
 * off again (the readers undo exactly this pattern: a `'` followed by one of these characters).
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as exported: `'` + value when the value starts with `=`, `+`, `-`, `@`, tab or CR; else the value. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
