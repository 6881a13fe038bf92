import type { LocationLevel } from '../access/index.ts';
import type { GroupRow } from '../groups/index.ts';
import type { LocationRow } from '../locations/index.ts';
import type { PersonRow } from '../people/index.ts';
import type { SheetColumn } from './spreadsheet.ts';

/**
 * The columns of the exported lists, in Dutch or English. The headers are the names the CSV/Excel importer matches
 * (see imports/tabular-columns.ts and its templates), so an exported list imports again as it is: key, names,
 * e-mail, username, groups, jaargroep and location; the other columns (levels, board administrator, sign-in method,
 * role) match no import field and are left out by the importer. Never a password, hash, card code or TOTP secret.
 */

export type ExportLanguage = 'nl' | 'en';

/** What the board holds that a row names: locations and groups by id. */
export interface BoardCatalog {
  locations: ReadonlyMap<string, LocationRow>;
  groups: ReadonlyMap<string, GroupRow>;
}

/** A person with their links, as the lists read them. */
export interface ExportPerson {
  row: PersonRow;
  levels: readonly { locationId: string; level: LocationLevel }[];
  groups: readonly { groupId: string; locationId: string }[];
}

interface Column {
  header: Record<ExportLanguage, string>;
  width: number;
  value(person: ExportPerson, catalog: BoardCatalog, language: ExportLanguage): string;
}

const TEXTS = {
  nl: {
    yes: 'ja',
    no: 'nee',
    levels: { read: 'alleen lezen', files: 'bestanden', folders: 'mappen', admin: 'locatiebeheerder' },
    signIn: { password: 'wachtwoord', pictures: 'plaatjes', email: 'e-mail' } as Record<string, string>,
    roles: { staff: 'leerkracht', student: 'leerling' },
    sheets: { staff: 'Medewerkers', student: 'Leerlingen', group: 'Groep' },
  },
  en: {
    yes: 'yes',
    no: 'no',
    levels: { read: 'read only', files: 'files', folders: 'folders', admin: 'location administrator' },
    signIn: { password: 'password', pictures: 'pictures', email: 'e-mail' } as Record<string, string>,
    roles: { staff: 'teacher', student: 'student' },
    sheets: { staff: 'Staff', student: 'Students', group: 'Group' },
  },
} as const;

export function sheetNameOf(kind: 'staff' | 'student' | 'group', language: ExportLanguage): string {
  return TEXTS[language].sheets[kind];
}

/** The person's source key when they came from a source, else our id: one stable key per row. */
export const keyOf = (row: { id: string; source_key: string | null }) => row.source_key ?? row.id;

function groupRows(person: ExportPerson, catalog: BoardCatalog): GroupRow[] {
  return person.groups
    .map((link) => catalog.groups.get(link.groupId))
    .filter((group): group is GroupRow => group !== undefined)
    .sort((a, b) => (a.sort_name < b.sort_name ? -1 : a.sort_name > b.sort_name ? 1 : 0));
}

/**
 * The one location the importer reads per row: that of the person's (first) group, else — for staff without
 * groups — the first location they have a level on, by name.
 */
function mainLocation(person: ExportPerson, catalog: BoardCatalog): string {
  const [group] = groupRows(person, catalog);
  const locationId = group?.location_id ?? levelLocations(person, catalog)[0]?.id;
  return locationId === undefined ? '' : (catalog.locations.get(locationId)?.name ?? '');
}

function levelLocations(person: ExportPerson, catalog: BoardCatalog) {
  return person.levels
    .map((link) => ({ ...link, location: catalog.locations.get(link.locationId) }))
    .filter((link) => link.location !== undefined)
    .map((link) => ({ id: link.locationId, name: link.location?.name ?? '', level: link.level }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

/** The jaargroep of the person's groups when they share one, else empty (the importer reads one per row). */
function gradeOf(person: ExportPerson, catalog: BoardCatalog): string {
  const grades = new Set(groupRows(person, catalog).map((group) => group.grade ?? ''));
  return grades.size === 1 ? ([...grades][0] ?? '') : '';
}

const key = (nl: string, en: string): Column => ({
  header: { nl, en },
  width: 18,
  value: (p) => keyOf(p.row),
});
const FIRST_NAME: Column = {
  header: { nl: 'Voornaam', en: 'First name' },
  width: 16,
  value: (p) => p.row.first_name,
};
const INFIX: Column = {
  header: { nl: 'Tussenvoegsel', en: 'Infix' },
  width: 12,
  value: (p) => p.row.infix ?? '',
};
const LAST_NAME: Column = {
  header: { nl: 'Achternaam', en: 'Last name' },
  width: 20,
  value: (p) => p.row.last_name,
};
const EMAIL: Column = {
  header: { nl: 'E-mailadres', en: 'E-mail' },
  width: 32,
  value: (p) => p.row.email ?? '',
};
const USERNAME: Column = {
  header: { nl: 'Gebruikersnaam', en: 'Username' },
  width: 20,
  value: (p) => p.row.username ?? '',
};
const GROUPS: Column = {
  header: { nl: 'Groepen', en: 'Groups' },
  width: 24,
  value: (p, c) =>
    groupRows(p, c)
      .map((group) => group.name)
      .join(', '),
};
const GRADE: Column = {
  header: { nl: 'Jaargroep', en: 'Grade' },
  width: 10,
  value: gradeOf,
};
const LOCATION: Column = {
  header: { nl: 'Locatie', en: 'Location' },
  width: 20,
  value: mainLocation,
};

export const STAFF_COLUMNS: readonly Column[] = [
  key('Personeelsnummer', 'Staff number'),
  FIRST_NAME,
  INFIX,
  LAST_NAME,
  EMAIL,
  USERNAME,
  GROUPS,
  LOCATION,
  {
    header: { nl: 'Locaties en rechten', en: 'Locations and levels' },
    width: 36,
    value: (p, c, language) =>
      levelLocations(p, c)
        .map((link) => `${link.name} (${TEXTS[language].levels[link.level]})`)
        .join(', '),
  },
  {
    header: { nl: 'Pakketbeheerder', en: 'Board administrator' },
    width: 16,
    value: (p, _c, language) => (p.row.is_board_admin === 1 ? TEXTS[language].yes : TEXTS[language].no),
  },
];

export const STUDENT_COLUMNS: readonly Column[] = [
  key('Leerlingnummer', 'Student number'),
  FIRST_NAME,
  INFIX,
  LAST_NAME,
  EMAIL,
  USERNAME,
  GROUPS,
  GRADE,
  LOCATION,
  {
    header: { nl: 'Inlogmethode', en: 'Sign-in method' },
    width: 14,
    // The student's own method, else that of their first group (the one that applies).
    value: (p, c, language) => {
      const method = p.row.sign_in_method ?? groupRows(p, c)[0]?.sign_in_method ?? 'password';
      return TEXTS[language].signIn[method] ?? method;
    },
  },
];

/** A group's members: staff (its teachers) and students, with their role in the group. */
export const MEMBER_COLUMNS: readonly Column[] = [
  key('Sleutel', 'Key'),
  FIRST_NAME,
  INFIX,
  LAST_NAME,
  EMAIL,
  USERNAME,
  {
    header: { nl: 'Rol', en: 'Role' },
    width: 12,
    value: (p, _c, language) => TEXTS[language].roles[p.row.kind],
  },
  GROUPS,
  GRADE,
  LOCATION,
];

export function headersOf(columns: readonly Column[], language: ExportLanguage): SheetColumn[] {
  return columns.map((column) => ({ header: column.header[language], width: column.width }));
}

export function cellsOf(
  columns: readonly Column[],
  person: ExportPerson,
  catalog: BoardCatalog,
  language: ExportLanguage,
): string[] {
  return columns.map((column) => column.value(person, catalog, language));
}
