import type { LocationLevel } from '../modules/access/index.ts';
import { PICTURES } from '../modules/credentials/index.ts';
import type { GroupRow, MembershipRow } from '../modules/groups/index.ts';
import type { LocationRow } from '../modules/locations/index.ts';
import {
  NO_CREDENTIALS,
  NOT_IMPORTED,
  nameColumns,
  type PersonRow,
  type StaffLocationRow,
} from '../modules/people/index.ts';
import { newId } from '../platform/ids.ts';
import { fold } from '../platform/text.ts';
import {
  ADULT_FIRST_NAMES,
  BOARD_NAMES,
  CHILD_FIRST_NAMES,
  CHILD_FIRST_NAMES_WORLD,
  DUTCH_LAST_NAMES,
  type LastName,
  Random,
  SCHOOL_NAMES,
  WORLD_LAST_NAMES,
} from './names.ts';

/** How big a generated board is. The same shape and seed always give the same names, codes and links. */

/** Group icons for the sign-in page: animals a class names itself after ("de Uilen", "de Kikkers"). */
const GROUP_ICONS = PICTURES.filter((p) =>
  [
    'owl',
    'frog',
    'lion',
    'elephant',
    'penguin',
    'butterfly',
    'turtle',
    'rabbit-face',
    'duck',
    'monkey-face',
  ].includes(p.id),
).map((p) => p.id);

export interface BoardShape {
  seed: number;
  locations: number;
  groupsPerLocation: number;
  studentsPerGroup: number;
  /**
   * Vary group and class sizes a little around the averages (a demo looks real); off, the counts are exact
   * (locations × groupsPerLocation groups, × studentsPerGroup students), which benchmarks need.
   */
  vary: boolean;
  /**
   * Teachers per location, each linked to several groups in turn. Undefined: one teacher per group, with a
   * second (duo) teacher in every third group.
   */
  teachersPerLocation?: number;
}

export interface Person {
  firstName: string;
  infix: string | null;
  lastName: string;
}

/** The board's name and its first pakketbeheerder, who is created through setupBoard. */
export interface BoardIdentity {
  boardName: string;
  admin: Person & { email: string };
}

export interface GenerateInput extends BoardShape {
  boardId: string;
  /** ISO time for created_at/updated_at. */
  now: string;
  /** Staff e-mail addresses are `first.last@emailDomain`. */
  emailDomain: string;
  /** One Argon2id hash shared by every generated staff member (hashing each would take minutes). */
  staffPasswordHash: string | null;
  /** Addresses already in use in the board (the first pakketbeheerder's). */
  takenEmails?: readonly string[];
  /** Id source; UUIDv7 by default. */
  newId?: () => string;
}

/** An account worth signing in with, shown by `schoolpas demo`. */
export interface Highlight {
  role: 'pakketbeheerder' | 'locatiebeheerder' | 'leerkracht' | 'intern begeleider' | 'ict-coördinator';
  email: string;
  location?: string;
  group?: string;
}

export interface GeneratedBoard {
  locations: LocationRow[];
  groups: GroupRow[];
  staff: PersonRow[];
  students: PersonRow[];
  staffLocations: StaffLocationRow[];
  memberships: MembershipRow[];
  highlights: Highlight[];
}

/** Jaargroep slots of a Dutch primary school; groups 1 and 2 share classes, so they get two shares. */
const GRADE_SLOTS = [
  { label: '1/2', grade: '1', shares: 2, signIn: 'pictures' },
  { label: '3', grade: '3', shares: 1, signIn: 'pictures' },
  { label: '4', grade: '4', shares: 1, signIn: 'password' },
  { label: '5', grade: '5', shares: 1, signIn: 'password' },
  { label: '6', grade: '6', shares: 1, signIn: 'password' },
  { label: '7', grade: '7', shares: 1, signIn: 'password' },
  { label: '8', grade: '8', shares: 1, signIn: 'password' },
] as const;
const TOTAL_SHARES = GRADE_SLOTS.reduce((sum, slot) => sum + slot.shares, 0);

/** a, b, …, z, aa, ab, … (bijective base 26) for parallel classes. */
function classLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(97 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Spreads `count` groups over the grade slots by share (largest remainder), at least one group each when possible. */
function groupsPerSlot(count: number): number[] {
  const exact = GRADE_SLOTS.map((slot) => (count * slot.shares) / TOTAL_SHARES);
  const counts = exact.map(Math.floor);
  let left = count - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) }));
  order.sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    left -= 1;
  }
  return counts;
}

/** Letters and digits only, for usernames and e-mail local parts: "Ørsted" → "orsted", "van 't Hof" → "vanthof". */
function plain(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}

/** Hands out `base`, then `base2`, `base3`, … so generated usernames and e-mail addresses never collide. */
class UniqueNames {
  private readonly next = new Map<string, number>();
  private readonly used = new Set<string>();

  constructor(taken: readonly string[] = []) {
    for (const name of taken) this.used.add(name);
  }

  take(base: string): string {
    let n = this.next.get(base) ?? 1;
    let name = n === 1 ? base : `${base}${n}`;
    while (this.used.has(name)) {
      n += 1;
      name = `${base}${n}`;
    }
    this.next.set(base, n + 1);
    this.used.add(name);
    return name;
  }
}

function childName(random: Random): Person {
  const world = random.chance(0.2);
  const firstName = random.skewed(world ? CHILD_FIRST_NAMES_WORLD : CHILD_FIRST_NAMES, 1.4);
  const family: LastName = random.skewed(
    random.chance(world ? 0.7 : 0.08) ? WORLD_LAST_NAMES : DUTCH_LAST_NAMES,
    1.8,
  );
  return { firstName, infix: family.infix, lastName: family.lastName };
}

function adultName(random: Random): Person {
  const family = random.skewed(random.chance(0.12) ? WORLD_LAST_NAMES : DUTCH_LAST_NAMES, 1.8);
  return { firstName: random.pick(ADULT_FIRST_NAMES), infix: family.infix, lastName: family.lastName };
}

function emailBase(person: Person): string {
  return `${plain(person.firstName)}.${plain(`${person.infix ?? ''}${person.lastName}`)}`;
}

/** The board's name and first pakketbeheerder for a seed; generateBoard uses another stream of the same seed. */
export function boardIdentity(seed: number, emailDomain: string): BoardIdentity {
  const random = new Random(seed);
  const boardName = random.pick(BOARD_NAMES);
  const admin = adultName(random);
  return { boardName, admin: { ...admin, email: `${emailBase(admin)}@${emailDomain}` } };
}

/**
 * Builds every row of a board below the board itself and its first pakketbeheerder: locations, groups,
 * staff with levels and groups, students with memberships. Pure: no database, no clock, no randomness
 * beyond the seed (ids come from `input.newId`).
 */
export function generateBoard(input: GenerateInput): GeneratedBoard {
  const random = new Random(input.seed + 0x5eed);
  const id = input.newId ?? newId;
  const { boardId, now } = input;
  const board: GeneratedBoard = {
    locations: [],
    groups: [],
    staff: [],
    students: [],
    staffLocations: [],
    memberships: [],
    highlights: [],
  };
  const emails = new UniqueNames(input.takenEmails?.map((e) => e.toLowerCase().split('@')[0] ?? ''));
  const usernames = new UniqueNames();
  const codes = new Set<string>();

  const addStaff = (person: Person): PersonRow => {
    const email = `${emails.take(emailBase(person))}@${input.emailDomain}`;
    const row: PersonRow = {
      id: id(),
      board_id: boardId,
      kind: 'staff',
      ...nameColumns(person),
      email,
      email_key: email.toLowerCase(),
      username: null,
      username_key: null,
      language: 'nl',
      is_board_admin: 0,
      sign_in_method: null,
      privacy_consent: 1,
      password_hash: input.staffPasswordHash,
      must_change_password: 0,
      ...NO_CREDENTIALS,
      ...NOT_IMPORTED,
      created_at: now,
      updated_at: now,
    };
    board.staff.push(row);
    return row;
  };
  const grant = (person: PersonRow, location: LocationRow, level: LocationLevel) => {
    board.staffLocations.push({ board_id: boardId, person_id: person.id, location_id: location.id, level });
  };
  const link = (person: PersonRow, group: GroupRow) => {
    board.memberships.push({
      board_id: boardId,
      group_id: group.id,
      person_id: person.id,
      location_id: group.location_id,
      kind: person.kind,
      created_at: now,
    });
  };

  const schoolNames = [...SCHOOL_NAMES];
  for (let l = 0; l < input.locations; l++) {
    // Draw school names without repeating until the list runs out, then number them.
    const round = Math.floor(l / SCHOOL_NAMES.length);
    if (schoolNames.length === 0) schoolNames.push(...SCHOOL_NAMES);
    const name = schoolNames.splice(random.int(0, schoolNames.length - 1), 1)[0] ?? 'School';
    const locationName = round === 0 ? name : `${name} ${round + 1}`;
    let code: string;
    do {
      // BRIN number (two digits, two letters) plus vestiging "00".
      const letters = String.fromCharCode(65 + random.int(0, 25), 65 + random.int(0, 25));
      code = `${String(random.int(0, 99)).padStart(2, '0')}${letters}00`;
    } while (codes.has(code));
    codes.add(code);
    const location: LocationRow = {
      id: id(),
      board_id: boardId,
      name: locationName,
      code,
      sort_name: fold(locationName),
      allowed_networks: '[]',
      source_key: null,
      created_at: now,
      updated_at: now,
    };
    board.locations.push(location);

    const groupCount = Math.max(1, input.groupsPerLocation + (input.vary ? random.int(-1, 1) : 0));
    const groups: GroupRow[] = [];
    groupsPerSlot(groupCount).forEach((count, slotIndex) => {
      const slot = GRADE_SLOTS[slotIndex];
      if (!slot) return;
      for (let c = 0; c < count; c++) {
        const groupName = count === 1 ? `Groep ${slot.label}` : `Groep ${slot.label}${classLetter(c)}`;
        groups.push({
          id: id(),
          board_id: boardId,
          location_id: location.id,
          name: groupName,
          grade: slot.grade,
          icon: random.pick(GROUP_ICONS),
          show_on_sign_in_page: 1,
          sign_in_method: slot.signIn,
          source_key: null,
          sort_name: fold(groupName),
          created_at: now,
          updated_at: now,
        });
      }
    });
    board.groups.push(...groups);

    for (const group of groups) {
      const size = Math.max(1, input.studentsPerGroup + (input.vary ? random.int(-3, 3) : 0));
      for (let s = 0; s < size; s++) {
        const person = childName(random);
        const username = usernames.take(
          [plain(person.firstName), plain(person.lastName)].filter(Boolean).join('.') || 'leerling',
        );
        const student: PersonRow = {
          id: id(),
          board_id: boardId,
          kind: 'student',
          ...nameColumns(person),
          email: null,
          email_key: null,
          username,
          username_key: username,
          language: 'nl',
          is_board_admin: 0,
          sign_in_method: null,
          privacy_consent: random.chance(0.9) ? 1 : 0,
          password_hash: null,
          must_change_password: 1,
          ...NO_CREDENTIALS,
          ...NOT_IMPORTED,
          created_at: now,
          updated_at: now,
        };
        board.students.push(student);
        link(student, group);
      }
    }

    // Staff of the location: a director who administers it, teachers, and a few people with library levels.
    const director = addStaff(adultName(random));
    grant(director, location, 'admin');
    board.highlights.push({ role: 'locatiebeheerder', email: director.email ?? '', location: locationName });

    const teachers: PersonRow[] = [];
    if (input.teachersPerLocation === undefined) {
      groups.forEach((group, index) => {
        const teacher = addStaff(adultName(random));
        teachers.push(teacher);
        link(teacher, group);
        if (index % 3 === 2) {
          const duo = addStaff(adultName(random));
          teachers.push(duo);
          link(duo, group);
        }
      });
    } else {
      for (let t = 0; t < input.teachersPerLocation; t++) teachers.push(addStaff(adultName(random)));
      groups.forEach((group, index) => {
        const teacher = teachers[index % teachers.length];
        if (teacher) link(teacher, group);
      });
    }
    teachers.forEach((teacher, index) => {
      if (index % 3 === 1) grant(teacher, location, 'read');
    });
    const firstTeacher = teachers[0];
    const firstGroup = groups[0];
    if (l === 0 && firstTeacher && firstGroup) {
      board.highlights.push({
        role: 'leerkracht',
        email: firstTeacher.email ?? '',
        location: locationName,
        group: firstGroup.name,
      });
    }

    const careCoordinator = addStaff(adultName(random));
    grant(careCoordinator, location, 'files');
    const ictCoordinator = addStaff(adultName(random));
    grant(ictCoordinator, location, 'folders');
    const caretaker = addStaff(adultName(random));
    grant(caretaker, location, 'read');
    if (l === 0) {
      board.highlights.push(
        { role: 'intern begeleider', email: careCoordinator.email ?? '', location: locationName },
        { role: 'ict-coördinator', email: ictCoordinator.email ?? '', location: locationName },
      );
    }
  }
  // Someone from the board office with an account but no rights yet.
  addStaff(adultName(random));
  return board;
}
