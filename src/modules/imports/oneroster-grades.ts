import { isGrade } from '../groups/index.ts';

/**
 * OneRoster `grades` ↔ Dutch jaargroep (the EDEXML codes a Schoolpas group carries).
 *
 * OneRoster uses the US CEDS grade levels. They are mapped by the children's age, which is how the two systems line
 * up: pre-kindergarten (4 years) is groep 1, kindergarten groep 2, US grade 1 (6 years) groep 3 … grade 6 groep 8,
 * grade 7 the first year of secondary school (jaargroep 11) … grade 12 jaargroep 16. Infant/toddler, grade 13,
 * postsecondary, ungraded and "Other" have no jaargroep. Values that say the jaargroep themselves are read too:
 * `ext:jaargroep:<code>` (what our export writes for codes CEDS cannot express) and "groep 3" / "jaargroep 3".
 * A bare "3" is left alone: it could be either system's. A class with several grades that all map is a combination
 * group ("C"); when any of its grades does not map, the class has no jaargroep.
 */

const CEDS_TO_JAARGROEP: ReadonlyMap<string, string> = new Map([
  ['PR', '0'],
  ['PK', '1'],
  ['TK', '1'],
  ['KG', '2'],
  ['01', '3'],
  ['02', '4'],
  ['03', '5'],
  ['04', '6'],
  ['05', '7'],
  ['06', '8'],
  ['07', '11'],
  ['08', '12'],
  ['09', '13'],
  ['10', '14'],
  ['11', '15'],
  ['12', '16'],
]);

const JAARGROEP_TO_CEDS: ReadonlyMap<string, string> = new Map([
  ['0', 'PR'],
  ['1', 'PK'],
  ['2', 'KG'],
  ['3', '01'],
  ['4', '02'],
  ['5', '03'],
  ['6', '04'],
  ['7', '05'],
  ['8', '06'],
  ['11', '07'],
  ['12', '08'],
  ['13', '09'],
  ['14', '10'],
  ['15', '11'],
  ['16', '12'],
]);

export const JAARGROEP_EXTENSION_PREFIX = 'ext:jaargroep:';

/** The jaargroep one OneRoster grade value stands for, or null. */
export function jaargroepFromOneRosterGrade(value: string): string | null {
  const grade = value.trim();
  if (grade.toLowerCase().startsWith(JAARGROEP_EXTENSION_PREFIX)) {
    const code = grade.slice(JAARGROEP_EXTENSION_PREFIX.length).trim().toUpperCase();
    return isGrade(code) ? code : null;
  }
  const dutch = /^(?:jaar)?groep\s*([1-8])$/i.exec(grade);
  if (dutch?.[1]) return dutch[1];
  return CEDS_TO_JAARGROEP.get(grade.toUpperCase()) ?? null;
}

/**
 * The jaargroep of a class from its `grades` list (already split): one jaargroep when all grades map to the same
 * one, "C" (combination group) when they map to several, null when there are none or any of them does not map.
 */
export function jaargroepFromOneRosterGrades(grades: string[]): string | null {
  const values = grades.map((grade) => grade.trim()).filter((grade) => grade !== '');
  if (values.length === 0) return null;
  const mapped = new Set<string>();
  for (const value of values) {
    const jaargroep = jaargroepFromOneRosterGrade(value);
    if (jaargroep === null) return null;
    mapped.add(jaargroep);
  }
  if (mapped.size > 1) return 'C';
  return [...mapped][0] ?? null;
}

/**
 * The OneRoster grade to write for a jaargroep (for the export): the CEDS grade where there is one, else
 * `ext:jaargroep:<code>`, so that `jaargroepFromOneRosterGrade` reads every code back to itself.
 */
export function oneRosterGradeFromJaargroep(jaargroep: string): string {
  return JAARGROEP_TO_CEDS.get(jaargroep) ?? `${JAARGROEP_EXTENSION_PREFIX}${jaargroep}`;
}
