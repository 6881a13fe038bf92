import { fold } from '../../platform/text.ts';

/**
 * Matching a file's columns to the fields Schoolpas stores, by header name in Dutch or English, ignoring case,
 * accents, spaces and punctuation ("E-mailadres", "e-mail adres" and "EMAILADRES" are one name). A header may
 * carry its kind as a qualifier ("Voornaam leerling", "E-mail medewerker"). Columns with data Schoolpas never
 * stores (BSN, birth date, address, gender, phone, …) are recognised and reported as ignored; their cells are
 * emptied on reading, so they cannot be mapped to anything.
 */

export const FIELDS = [
  'sourceKey',
  'firstName',
  'infix',
  'lastName',
  'email',
  'username',
  'group',
  'location',
  'grade',
  'eckId',
] as const;
export type Field = (typeof FIELDS)[number];

export type PersonKind = 'staff' | 'student';

/**
 * Which column (0-based index) holds each field; null when none. `group` may come from several columns (one group
 * per column, or a list separated by `,` or `;` in a cell), so it lists every one of them.
 */
export type ColumnMapping = { [F in Exclude<Field, 'group'>]: number | null } & { group: number[] };

export interface ColumnMatch {
  mapping: ColumnMapping;
  /** Headers matched to no field (including a second column for a field that already has one). */
  unmatched: string[];
  /** Headers of columns with data Schoolpas never stores: "this column is not imported". Never read. */
  ignored: string[];
}

/** Names per field, best first: when two columns match a field, the one whose name comes first wins. */
const COMMON_NAMES: Record<Field, string[]> = {
  sourceKey: ['id', 'key', 'sleutel', 'sourcedid', 'sourceid', 'externalid', 'externeid', 'externekey'],
  firstName: ['roepnaam', 'voornaam', 'firstname', 'givenname', 'forename', 'preferredname', 'voornamen'],
  infix: [
    'tussenvoegsel',
    'tussenvoegsels',
    'voorvoegsel',
    'voorvoegsels',
    'infix',
    'nameprefix',
    'surnameprefix',
    'lastnameprefix',
  ],
  lastName: ['achternaam', 'lastname', 'surname', 'familyname', 'familienaam', 'geslachtsnaam'],
  email: [
    'email',
    'emailadres',
    'emailaddress',
    'mail',
    'mailadres',
    'schoolemail',
    'emailschool',
    'workemail',
  ],
  username: ['gebruikersnaam', 'username', 'login', 'loginnaam', 'inlognaam', 'accountnaam', 'account'],
  group: [
    'groep',
    'groepen',
    'groepsnaam',
    'klas',
    'klassen',
    'klasnaam',
    'stamgroep',
    'stamklas',
    'class',
    'classes',
    'classname',
    'group',
    'groups',
    'groupname',
    'homeroom',
  ],
  location: [
    'locatie',
    'locatienaam',
    'school',
    'schoolnaam',
    'vestiging',
    'vestigingsnaam',
    'location',
    'locationname',
    'schoolname',
    'site',
    'campus',
    'locatiecode',
    'vestigingscode',
    'schoolcode',
    'locationcode',
    'brin',
    'brinvestiging',
  ],
  grade: ['jaargroep', 'leerjaar', 'jaarlaag', 'grade', 'gradelevel', 'yeargroup', 'year'],
  eckId: ['eckid', 'eck', 'eckidentifier'],
};

/** Key names that belong to one kind: a "Leerlingnummer" in a staff file is not the staff member's key. */
const KEY_NAMES: Record<PersonKind, string[]> = {
  student: [
    'leerlingnummer',
    'leerlingnr',
    'leerlingid',
    'stamnummer',
    'studentnummer',
    'studentnumber',
    'studentid',
    'pupilnumber',
    'pupilid',
  ],
  staff: [
    'personeelsnummer',
    'personeelsnr',
    'medewerkernummer',
    'medewerkernr',
    'medewerkerid',
    'werknemernummer',
    'employeenumber',
    'employeeid',
    'staffnumber',
    'staffid',
    'teacherid',
  ],
};

/** Words that say whose field a header is ("Voornaam leerling"); dropped when the whole name does not match. */
const QUALIFIERS: Record<PersonKind, Set<string>> = {
  student: new Set(['leerling', 'leerlingen', 'student', 'students', 'pupil', 'kind']),
  staff: new Set([
    'medewerker',
    'medewerkers',
    'personeel',
    'docent',
    'leerkracht',
    'staff',
    'employee',
    'teacher',
  ]),
};
const FILLER_WORDS = new Set(['van', 'de', 'het', 'der', 'of', 'the']);

/** Columns Schoolpas never stores: the whole (compacted) name, or one of its words. */
const NEVER_STORED_NAMES = new Set([
  'burgerservicenummer',
  'sofinummer',
  'onderwijsnummer',
  'persoonsgebondennummer',
  'geboortedatum',
  'geboortedag',
  'gebdatum',
  'geboorteplaats',
  'geboorteland',
  'birthdate',
  'dateofbirth',
  'birthday',
  'housenumber',
  'postalcode',
  'zipcode',
  'phonenumber',
  'telefoonnummer',
  'mobielnummer',
  'mobilenumber',
]);
const NEVER_STORED_WORDS = new Set([
  'bsn',
  'sofinummer',
  'onderwijsnummer',
  'pgn',
  'geboortedatum',
  'dob',
  'geslacht',
  'gender',
  'sex',
  'adres',
  'address',
  'straat',
  'straatnaam',
  'street',
  'huisnummer',
  'postcode',
  'woonplaats',
  'city',
  'telefoon',
  'telefoonnummer',
  'phone',
  'mobiel',
  'mobile',
  'nationaliteit',
  'nationality',
  'religie',
  'religion',
]);

function wordsOf(header: string): string[] {
  return fold(header)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
}

const NAME_RANKS: Record<PersonKind, Map<string, { field: Field; rank: number }>> = {
  student: rankNames('student'),
  staff: rankNames('staff'),
};

function rankNames(kind: PersonKind): Map<string, { field: Field; rank: number }> {
  const ranks = new Map<string, { field: Field; rank: number }>();
  for (const field of FIELDS) {
    const names = field === 'sourceKey' ? [...KEY_NAMES[kind], ...COMMON_NAMES[field]] : COMMON_NAMES[field];
    for (const [rank, name] of names.entries()) ranks.set(name, { field, rank });
  }
  return ranks;
}

/** The field a header names for this kind, and how good a name for it it is (0 best); null when none. */
function fieldOf(header: string, kind: PersonKind): { field: Field; rank: number } | null {
  const words = wordsOf(header);
  const ranks = NAME_RANKS[kind];
  const whole = ranks.get(words.join(''));
  if (whole) return whole;
  const bare = words.filter((word) => !QUALIFIERS[kind].has(word) && !FILLER_WORDS.has(word));
  if (bare.length === 0 || bare.length === words.length) return null;
  return ranks.get(bare.join('')) ?? null;
}

/**
 * Whether a header names data Schoolpas never stores (BSN, birth date, address, gender, phone, nationality, …).
 * A header that names a stored field for either kind is never one of them ("E-mail adres" is an e-mail address).
 */
export function isNeverStoredHeader(header: string): boolean {
  if (fieldOf(header, 'student') || fieldOf(header, 'staff')) return false;
  const words = wordsOf(header);
  return NEVER_STORED_NAMES.has(words.join('')) || words.some((word) => NEVER_STORED_WORDS.has(word));
}

/**
 * Matches headers to fields for a staff or a student file. Each field gets the best-named column (leftmost on a
 * tie, so "Roepnaam" wins over "Voornaam"); every group column counts. Never-stored columns are `ignored`, the
 * rest `unmatched` (for a mapping step to offer).
 */
export function matchColumns(headers: readonly string[], kind: PersonKind): ColumnMatch {
  const mapping: ColumnMapping = {
    sourceKey: null,
    firstName: null,
    infix: null,
    lastName: null,
    email: null,
    username: null,
    group: [],
    location: null,
    grade: null,
    eckId: null,
  };
  const best = new Map<Field, { index: number; rank: number }>();
  const matched = new Set<number>();
  headers.forEach((header, index) => {
    const match = fieldOf(header, kind);
    if (!match) return;
    if (match.field === 'group') {
      mapping.group.push(index);
      matched.add(index);
      return;
    }
    const current = best.get(match.field);
    if (!current || match.rank < current.rank) best.set(match.field, { index, rank: match.rank });
  });
  for (const [field, { index }] of best) {
    if (field === 'group') continue;
    mapping[field] = index;
    matched.add(index);
  }
  const unmatched: string[] = [];
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    if (matched.has(index)) return;
    if (isNeverStoredHeader(header)) ignored.push(header);
    else unmatched.push(header);
  });
  return { mapping, unmatched, ignored };
}
