/**
 * Why a row (or one of its values) is not imported: one catalogue of stable codes, each with its English text.
 * Readers and the planner make every rejection through `reasonOf`, so a rejection always carries a code, the
 * values that fill its text, and the English `reason` rendered from it (for the API's users and the CLI). The
 * console shows the code's own text in the administrator's language (`importReasons.<code>` in
 * src/web/i18n/{nl,en}.json) and falls back to `reason` for a code it does not know.
 *
 * A text's `{{name}}` placeholders are exactly the params a rejection with that code carries (the type of
 * `reasonOf` checks it). `{{kind}}` is special: it is a word, not a value from the file, so its params value is a
 * code from the entry's `kinds` (English word for each); the console picks a whole sentence per kind (i18next
 * context, `importReasons.<code>_<kind>`), because a Dutch sentence changes with the word ("dezelfde sleutel",
 * "hetzelfde e-mailadres"). Every other placeholder is a value from the file, a file or column name, or a number.
 */

const PERSON = { student: 'student', staff: 'staff member' } as const;
const RECORD = { location: 'location (vestiging)', group: 'group', ...PERSON } as const;
/** The values the board keeps unique per person. */
const UNIQUE = { key: 'key', email: 'e-mail address', username: 'username' } as const;

export interface RejectionEntry {
  /** The English text; `{{name}}` is replaced by the param of that name. */
  text: string;
  /** When the text has `{{kind}}`: the codes the kind param may take, each with its English word. */
  kinds?: Readonly<Record<string, string>>;
}

export const REJECTIONS = {
  // Records and their values, in any format.
  KEY_MISSING: { text: 'The {{kind}} has no key.', kinds: RECORD },
  NAME_MISSING: {
    text: 'The {{kind}} has no name ({{field}}).',
    kinds: { location: RECORD.location, group: 'group' },
  },
  FIRST_NAME_MISSING: {
    text: 'The {{kind}} has no first name ({{field}}), which Schoolpas needs.',
    kinds: PERSON,
  },
  LAST_NAME_MISSING: {
    text: 'The {{kind}} has no last name ({{field}}), which Schoolpas needs.',
    kinds: PERSON,
  },
  VALUE_EMPTY: { text: 'The {{field}} column is empty.' },
  VALUE_TOO_LONG: { text: 'The value of {{field}} is longer than {{max}} characters.' },
  DUPLICATE_IN_FILE: { text: 'The value "{{value}}" of {{field}} is already used in row {{row}}.' },
  EMAIL_INVALID: { text: '"{{value}}" is not a valid e-mail address.' },
  EMAIL_DROPPED: { text: '"{{value}}" is not a valid e-mail address; the person is imported without it.' },
  USERNAME_INVALID: {
    text: '"{{value}}" is not a username Schoolpas accepts (2 to 64 letters, digits, dots, hyphens or underscores).',
  },
  USERNAME_DROPPED: {
    text: '"{{value}}" is not a username Schoolpas accepts (2 to 64 letters, digits, dots, hyphens or underscores); the person is imported without it.',
  },
  GRADE_UNKNOWN: {
    text: '"{{value}}" is not a jaargroep (1-8, 11-16, S, V, …); the group "{{group}}" is imported without one.',
  },
  GRADE_MISSING: { text: 'The group has no year group (jaargroep); it is imported without one.' },

  // EDEXML.
  PERSON_LEFT: { text: 'The {{kind}} left the school before the date the file describes.', kinds: PERSON },
  GROUP_REFERENCE_WITHOUT_KEY: { text: 'A group reference of the {{kind}} has no key.', kinds: PERSON },
  GROUP_NOT_IN_FILE: {
    text: 'The {{kind}} refers to group "{{key}}", which is not in the file.',
    kinds: PERSON,
  },
  GROUP_NOT_IMPORTED: {
    text: 'The {{kind}} refers to group "{{key}}", which is not imported (see that group\'s own row).',
    kinds: PERSON,
  },
  LOCATION_NOT_IN_FILE: {
    text: 'The {{kind}} refers to location "{{key}}", which is not in the file.',
    kinds: { group: 'group', ...PERSON },
  },
  LOCATION_NOT_IMPORTED: {
    text: 'The {{kind}} refers to location "{{key}}", which is not imported (see that location\'s own row).',
    kinds: { group: 'group', ...PERSON },
  },
  UNEXPECTED_ELEMENT: { text: 'Unexpected element <{{element}}> in <{{section}}>; it is skipped.' },

  // OneRoster.
  ROW_TOO_SHORT: {
    text: 'The row ends before the {{field}} column: it has {{values}} values, the header has {{columns}} columns.',
  },
  ROW_TOO_LONG: {
    text: 'The row has {{values}} values, but the header has only {{columns}} columns (is there a value with a comma that is not in quotes?).',
  },
  REFERENCE_NOT_IN_FILE: {
    text: 'The {{kind}} "{{key}}" is not in {{file}}.',
    kinds: { school: 'school', class: 'class', user: 'user' },
  },
  REFERENCE_NOT_IMPORTED: {
    text: 'The {{kind}} "{{key}}" was not imported (see {{file}} line {{line}}).',
    kinds: { school: 'school', class: 'class', user: 'user' },
  },
  ORGANISATION_NOT_IN_FILE: {
    text: 'The organisation "{{key}}" is not in {{file}}; the {{kind}} is imported without it.',
    kinds: { role: 'role', user: 'user' },
  },
  ORGANISATION_NOT_IMPORTED: {
    text: 'The organisation "{{key}}" was not imported (see {{file}} line {{line}}); the {{kind}} is imported without it.',
    kinds: { role: 'role', user: 'user' },
  },
  LOCATION_CODE_INVALID: {
    text: 'The identifier "{{value}}" cannot be a location code (at most 20 letters, digits, spaces, - and _); the location is imported without a code.',
  },
  ROLE_UNKNOWN: { text: '"{{value}}" is not a OneRoster role Schoolpas knows.' },
  ROLE_MISSING: { text: 'The user has no role, so it is neither staff nor a student.' },
  ROLE_NOT_USABLE: {
    text: 'The user has no role in {{file}} that Schoolpas can use, so it is neither staff nor a student.',
  },
  ENROLLMENT_ROLE_MISMATCH: {
    text: 'The user is {{kind}}, but is enrolled in this class as {{role}}.',
    kinds: { student: 'a student', staff: 'staff' },
  },

  // Staff and student lists (CSV, Excel).
  NAME_COLUMNS_MISSING: { text: 'The file needs a column for the first name and one for the last name.' },
  LOCATION_COLUMN_MISSING: {
    text: 'The file names groups but no location: add a location column or choose the location the groups belong to.',
  },
  GROUP_WITHOUT_LOCATION: { text: 'The row names a group but no location.' },

  // The planner, comparing the file with the board.
  LOCATION_NOT_ADMINISTERED: { text: '"{{name}}" is not one of the locations you administer' },
  GROUP_LOCATION_NOT_IMPORTED: { text: 'group "{{name}}" belongs to a location that is not imported' },
  GROUP_NOT_ADMINISTERED: {
    text: 'the key of group "{{name}}" belongs to a group of a location you do not administer',
  },
  GROUP_UNKNOWN: { text: 'the group "{{key}}" is not in the file or not imported' },
  PERSON_MATCHED_TWICE: { text: 'another row of the file matches the same person' },
  // Also a row matching a person outside the importer's locations (by any of these or the ECK iD): same words.
  TAKEN_ON_BOARD: {
    text: 'this {{kind}} belongs to another person of the board',
    kinds: { ...UNIQUE, eckId: 'ECK iD' },
  },
  TAKEN_BY_STUDENT_ROW: { text: 'the same {{kind}} as the student in row {{row}}', kinds: UNIQUE },
  TAKEN_BY_STAFF_ROW: { text: 'the same {{kind}} as the staff member in row {{row}}', kinds: UNIQUE },
} as const satisfies Record<string, RejectionEntry>;

export type RejectionCode = keyof typeof REJECTIONS;

/** The `{{name}}` placeholders of a text, as a union of names. */
type Placeholders<Text extends string> = Text extends `${string}{{${infer Name}}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type Entry<Code extends RejectionCode> = (typeof REJECTIONS)[Code];

/** The params a rejection with this code carries: one per placeholder; `kind` one of the entry's kinds. */
export type RejectionParams<Code extends RejectionCode> = {
  [Name in Placeholders<Entry<Code>['text']>]: Name extends 'kind'
    ? Entry<Code> extends { kinds: infer Kinds }
      ? keyof Kinds & string
      : never
    : string | number;
};

/** A rejection's code, the values of its text, and the English text itself. */
export interface RejectionReason {
  code: RejectionCode;
  /** Omitted when the text has no placeholders. */
  params?: Record<string, string | number>;
  reason: string;
}

/**
 * The reason for a rejection with `code`: the English text with each placeholder replaced by its param, `{{kind}}`
 * by the kind's English word. Never throws; a placeholder without a param stays as it is.
 */
export function reasonOf<Code extends RejectionCode>(
  code: Code,
  ...[params]: keyof RejectionParams<Code> extends never ? [] : [RejectionParams<Code>]
): RejectionReason {
  const entry: RejectionEntry = REJECTIONS[code];
  const values: Record<string, string | number> = params ?? {};
  const reason = entry.text.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) return placeholder;
    return name === 'kind' ? (entry.kinds?.[value] ?? String(value)) : String(value);
  });
  return params === undefined ? { code, reason } : { code, params: { ...values }, reason };
}

/** A value from the file cut short for a reason, so a hostile file cannot make the preview huge. */
export function shortened(value: string, length = 60): string {
  return value.length > length ? `${value.slice(0, length - 3)}...` : value;
}
