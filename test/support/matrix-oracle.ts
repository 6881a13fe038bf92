/**
 * The rights-matrix ORACLE: who may do what, written down again from docs/rights.md and PRODUCT.md §2, over a
 * small model of two boards. It never calls src/: if the server and this file disagree, one of them is wrong
 * against the documented rules, and the matrix test says which case.
 *
 * The model (what the fixtures are made of):
 *
 *   board 1: location A (groups GA1, GA2), location B (group GB1)
 *   board 2: location X (group GX)
 */

export type BoardNo = 1 | 2;
export type Level = 'read' | 'files' | 'folders' | 'admin';
export type LocationKey = 'A' | 'B' | 'X';
export type GroupKey = 'GA1' | 'GA2' | 'GB1' | 'GX';

export const LOCATIONS: Record<LocationKey, { board: BoardNo }> = {
  A: { board: 1 },
  B: { board: 1 },
  X: { board: 2 },
};

export const GROUPS: Record<GroupKey, { location: LocationKey }> = {
  GA1: { location: 'A' },
  GA2: { location: 'A' },
  GB1: { location: 'B' },
  GX: { location: 'X' },
};

export const boardOfLocation = (l: LocationKey): BoardNo => LOCATIONS[l].board;
export const boardOfGroup = (g: GroupKey): BoardNo => LOCATIONS[GROUPS[g].location].board;
export const locationOfGroup = (g: GroupKey): LocationKey => GROUPS[g].location;

/** A staff member or student: what their rights (as actor) and their scope (as target) derive from. */
export interface PersonModel {
  board: BoardNo;
  kind: 'staff' | 'student';
  /** Pakketbeheerder. */
  boardAdmin?: boolean;
  /** Level per location (staff). */
  levels?: Partial<Record<LocationKey, Level>>;
  /** Groups: for staff the groups they teach, for students the groups they are in. */
  groups?: readonly GroupKey[];
  /** Chose their own password: the temporary one is no longer readable. */
  ownPassword?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// The people of the fixture. Actors sign in; targets are looked at and (as fresh copies) changed.

export const ACTORS = {
  pakketbeheerder: { board: 1, kind: 'staff', boardAdmin: true },
  'locatiebeheerder(A)': { board: 1, kind: 'staff', levels: { A: 'admin' } },
  'teacher(GA1)': { board: 1, kind: 'staff', groups: ['GA1'] },
  'read(A)': { board: 1, kind: 'staff', levels: { A: 'read' } },
  'files(A)': { board: 1, kind: 'staff', levels: { A: 'files' } },
  'folders(A)': { board: 1, kind: 'staff', levels: { A: 'folders' } },
  'no rights': { board: 1, kind: 'staff' },
  /** Rights add up: locatiebeheerder of A who also teaches a group in B. */
  'locatiebeheerder(A)+teacher(GB1)': { board: 1, kind: 'staff', levels: { A: 'admin' }, groups: ['GB1'] },
  'pakketbeheerder(board 2)': { board: 2, kind: 'staff', boardAdmin: true },
  'student(GA1)': { board: 1, kind: 'student', groups: ['GA1'] },
} as const satisfies Record<string, PersonModel>;
export type ActorKey = keyof typeof ACTORS;
export const ACTOR_KEYS = Object.keys(ACTORS) as ActorKey[];

export const STAFF_TARGETS = {
  'staff with read on A': { board: 1, kind: 'staff', levels: { A: 'read' } },
  'staff with read on B': { board: 1, kind: 'staff', levels: { B: 'read' } },
  'locatiebeheerder of B': { board: 1, kind: 'staff', levels: { B: 'admin' } },
  'another locatiebeheerder of A': { board: 1, kind: 'staff', levels: { A: 'admin' } },
  'locatiebeheerder of A and B': { board: 1, kind: 'staff', levels: { A: 'admin', B: 'admin' } },
  'teacher of GA2': { board: 1, kind: 'staff', groups: ['GA2'] },
  'teacher of GB1': { board: 1, kind: 'staff', groups: ['GB1'] },
  'pakketbeheerder linked to A': { board: 1, kind: 'staff', boardAdmin: true, levels: { A: 'admin' } },
  'staff without links': { board: 1, kind: 'staff' },
  'staff of board 2': { board: 2, kind: 'staff', levels: { X: 'read' } },
} as const satisfies Record<string, PersonModel>;
export type StaffTargetKey = keyof typeof STAFF_TARGETS;

export const STUDENT_TARGETS = {
  'student in GA1': { board: 1, kind: 'student', groups: ['GA1'] },
  'student in GA2': { board: 1, kind: 'student', groups: ['GA2'] },
  'student in GB1': { board: 1, kind: 'student', groups: ['GB1'] },
  'student without group': { board: 1, kind: 'student', groups: [] },
  'student in GA2 and GB1': { board: 1, kind: 'student', groups: ['GA2', 'GB1'] },
  'student of board 2': { board: 2, kind: 'student', groups: ['GX'] },
} as const satisfies Record<string, PersonModel>;
export type StudentTargetKey = keyof typeof STUDENT_TARGETS;

/** Targets who signed in with their temporary password and chose their own (for the password actions). */
export const OWN_PASSWORD_TARGETS = {
  'staff with read on A, own password': { board: 1, kind: 'staff', levels: { A: 'read' }, ownPassword: true },
  'student in GA1, own password': { board: 1, kind: 'student', groups: ['GA1'], ownPassword: true },
} as const satisfies Record<string, PersonModel>;
export type OwnPasswordTargetKey = keyof typeof OWN_PASSWORD_TARGETS;

/** Every seeded person, by key (actors and targets). */
export const PEOPLE: Record<string, PersonModel> = {
  ...ACTORS,
  ...STAFF_TARGETS,
  ...STUDENT_TARGETS,
  ...OWN_PASSWORD_TARGETS,
};

// ---------------------------------------------------------------------------------------------------------
// Derived facts about a person.

const isStaff = (p: PersonModel) => p.kind === 'staff';
const levelsOf = (p: PersonModel) => Object.entries(p.levels ?? {}) as [LocationKey, Level][];
const groupsOf = (p: PersonModel): readonly GroupKey[] => p.groups ?? [];

/** Locations a person is linked to: any level, or a group there. */
export function locationsOf(p: PersonModel): LocationKey[] {
  return [...new Set([...levelsOf(p).map(([l]) => l), ...groupsOf(p).map(locationOfGroup)])];
}
/** Locations where the person is locatiebeheerder. */
export function adminLocationsOf(p: PersonModel): LocationKey[] {
  return levelsOf(p)
    .filter(([, level]) => level === 'admin')
    .map(([l]) => l);
}

/** "Pakketbeheerder: a board-level flag" (students never have rights). */
export const isPakketbeheerder = (a: PersonModel) => isStaff(a) && a.boardAdmin === true;
/** "Locatiebeheerder of location L: level admin on L." `l` undefined (a missing or foreign location): no. */
export const administers = (a: PersonModel, l: LocationKey | undefined) =>
  isStaff(a) && l !== undefined && a.levels?.[l] === 'admin' && boardOfLocation(l) === a.board;
const isLocatiebeheerder = (a: PersonModel) => isStaff(a) && adminLocationsOf(a).length > 0;
const hasLevel = (a: PersonModel, l: LocationKey) => isStaff(a) && a.levels?.[l] !== undefined;
/** "A staff member linked to a group is that group's teacher." */
const teaches = (a: PersonModel, g: GroupKey) => isStaff(a) && groupsOf(a).includes(g);
const teachesIn = (a: PersonModel, l: LocationKey) =>
  isStaff(a) && groupsOf(a).some((g) => locationOfGroup(g) === l);
const teachesAny = (a: PersonModel) => isStaff(a) && groupsOf(a).length > 0;
const hasAnyLevel = (a: PersonModel) => isStaff(a) && levelsOf(a).length > 0;

/**
 * The rules, one predicate per right, each a sentence of docs/rights.md. They assume actor and target are of the
 * same board: another board's resource is 404 before any of these is asked (see `foreign`).
 */
export const may = {
  // Board. docs/rights.md: "A pakketbeheerder ... is the only one who can: change board settings" — reading
  // them is not reserved; rights.md is silent on who reads them. Choice: every staff member (the settings govern
  // their own account: password rules, may-change-e-mail); students have no administrative rights at all.
  readBoard: (a: PersonModel) => isStaff(a),
  updateBoard: (a: PersonModel) => isPakketbeheerder(a),
  /** "The whole board as OneRoster (board.export) is for a pakketbeheerder." Lists export with the lists' rights. */
  exportBoard: (a: PersonModel) => isPakketbeheerder(a),
  /** "A pakketbeheerder imports into the whole board, a locatiebeheerder into their locations." */
  importInto: (a: PersonModel) => isPakketbeheerder(a) || isLocatiebeheerder(a),

  // Locations. "read / files / folders levels give location.read (and location.list) for that location only";
  // a locatiebeheerder reads L; a teacher reads "the locations of their groups"; creating and deleting
  // locations is the pakketbeheerder's alone; a locatiebeheerder renames L.
  listLocations: (a: PersonModel) => isPakketbeheerder(a) || hasAnyLevel(a) || teachesAny(a),
  readLocation: (a: PersonModel, l: LocationKey) => isPakketbeheerder(a) || hasLevel(a, l) || teachesIn(a, l),
  createLocation: (a: PersonModel) => isPakketbeheerder(a),
  updateLocation: (a: PersonModel, l: LocationKey) => isPakketbeheerder(a) || administers(a, l),
  deleteLocation: (a: PersonModel) => isPakketbeheerder(a),

  // Groups. A locatiebeheerder creates, edits, deletes groups in L and links/unlinks people there;
  // a teacher reads their group and its member list; group.list for locatiebeheerders and teachers.
  listGroups: (a: PersonModel) => isPakketbeheerder(a) || isLocatiebeheerder(a) || teachesAny(a),
  readGroup: (a: PersonModel, g: GroupKey) =>
    isPakketbeheerder(a) || administers(a, locationOfGroup(g)) || teaches(a, g),
  /** Create, edit, delete a group in L; link people to, unlink them from a group in L. */
  manageGroupsIn: (a: PersonModel, l: LocationKey | undefined) => isPakketbeheerder(a) || administers(a, l),

  // Staff. "read staff who have a level on L or teach a group in L; create staff whose every location is one
  // they administer; edit and delete staff who are linked to one of their locations, are not pakketbeheerder and
  // are locatiebeheerder only of locations the actor also administers; set a staff member's level only on
  // locations they administer". "A list the actor has no right to at all (staff.list for a teacher) answers 403."
  // rights.md is silent on three points; choices from its spirit:
  // - one's own staff record may be read (it is one's own account); changing it goes by the staff rules;
  // - a new staff member with no location at all is in nobody's scope but the pakketbeheerder's (as a new
  //   student must go into a group the actor manages), so a locatiebeheerder may not create one;
  // - a pakketbeheerder is only in a location's lists when actually linked to it.
  listStaff: (a: PersonModel) => isPakketbeheerder(a) || isLocatiebeheerder(a),
  readStaff: (a: PersonModel, p: PersonModel, self = false) =>
    isPakketbeheerder(a) || (isStaff(a) && self) || locationsOf(p).some((l) => administers(a, l)),
  createStaff: (a: PersonModel, p: PersonModel) =>
    isPakketbeheerder(a) ||
    (p.boardAdmin !== true && locationsOf(p).length > 0 && locationsOf(p).every((l) => administers(a, l))),
  manageStaff: (a: PersonModel, p: PersonModel) =>
    isPakketbeheerder(a) ||
    (p.boardAdmin !== true &&
      locationsOf(p).some((l) => administers(a, l)) &&
      adminLocationsOf(p).every((l) => administers(a, l))),
  /** "Only a pakketbeheerder can make someone else pakketbeheerder (or take it away)." */
  grantBoardAdmin: (a: PersonModel) => isPakketbeheerder(a),
  grantLevelOn: (a: PersonModel, l: LocationKey | undefined) => isPakketbeheerder(a) || administers(a, l),

  // Students. "read, create, edit and delete students that are in a group of L (a student in groups of several
  // locations is managed by an administrator of any of them); a new student must go into a group they manage";
  // a teacher reads the students of their groups.
  listStudents: (a: PersonModel) => isPakketbeheerder(a) || isLocatiebeheerder(a) || teachesAny(a),
  readStudent: (a: PersonModel, s: PersonModel) =>
    isPakketbeheerder(a) || groupsOf(s).some((g) => administers(a, locationOfGroup(g)) || teaches(a, g)),
  manageStudent: (a: PersonModel, s: PersonModel) =>
    isPakketbeheerder(a) || locationsOf(s).some((l) => administers(a, l)),
  createStudent: (a: PersonModel, s: PersonModel) =>
    isPakketbeheerder(a) ||
    (groupsOf(s).length > 0 && groupsOf(s).every((g) => administers(a, locationOfGroup(g)))),

  // Audit. "read the whole audit log" is the pakketbeheerder's; a locatiebeheerder reads "the audit events that
  // touch their locations". A filter on a location they do not administer asks for more: 403. A filter on another
  // board's location answers as one on a missing location (pakketbeheerder: an empty page).
  readAudit: (a: PersonModel, location: LocationKey | undefined, filtered: boolean) =>
    isPakketbeheerder(a) || (isLocatiebeheerder(a) && (!filtered || administers(a, location))),

  // Passwords. "A student's temporary password (student.password.read) is read by a pakketbeheerder, a
  // locatiebeheerder of any of the student's locations and a teacher of any of the student's groups; those of a
  // whole group at once (group.passwords.read) by whoever may read the group." "A student's password is reset
  // (student.password.reset) by a pakketbeheerder, a locatiebeheerder of any of the student's locations, and a
  // teacher of any of the student's groups only while the board setting teachersMayResetPasswords is on." "A
  // staff member's temporary password is read and reset (staff.password.read, staff.password.reset) by whoever
  // may edit that staff member."
  readStudentPassword: (a: PersonModel, s: PersonModel) =>
    isPakketbeheerder(a) ||
    locationsOf(s).some((l) => administers(a, l)) ||
    groupsOf(s).some((g) => teaches(a, g)),
  resetStudentPassword: (a: PersonModel, s: PersonModel, teachersMayResetPasswords: boolean) =>
    isPakketbeheerder(a) ||
    locationsOf(s).some((l) => administers(a, l)) ||
    (teachersMayResetPasswords && groupsOf(s).some((g) => teaches(a, g))),
  readGroupPasswords: (a: PersonModel, g: GroupKey) =>
    isPakketbeheerder(a) || administers(a, locationOfGroup(g)) || teaches(a, g),
  readStaffPassword: (a: PersonModel, p: PersonModel): boolean => may.manageStaff(a, p),
  resetStaffPassword: (a: PersonModel, p: PersonModel): boolean => may.manageStaff(a, p),

  // Picture passwords and sign-in cards. "A student's picture password is read and set (student.pictures.read,
  // student.pictures.set) by whoever may read their temporary password: teachers set pictures whatever the board
  // says about resetting passwords." "A group's sign-in cards are printed and renewed by whoever may read the
  // group's passwords." "A location's allowed networks (location.networks.update) are set by a pakketbeheerder."
  readStudentPictures: (a: PersonModel, s: PersonModel): boolean => may.readStudentPassword(a, s),
  setStudentPictures: (a: PersonModel, s: PersonModel): boolean => may.readStudentPassword(a, s),
  printGroupCards: (a: PersonModel, g: GroupKey): boolean => may.readGroupPasswords(a, g),
  // "A student's privacy consent (student.privacy.update) is recorded by a pakketbeheerder, a locatiebeheerder of
  // any of the student's locations and a teacher of any of the student's groups."
  updateStudentConsent: (a: PersonModel, s: PersonModel): boolean => may.readStudentPassword(a, s),
  updateLocationNetworks: (a: PersonModel) => isPakketbeheerder(a),

  // Mail. "A staff member's activation mail is sent again (staff.mail.activation) and a password-reset mail sent
  // (staff.mail.reset) by whoever may edit that staff member."
  sendActivationMail: (a: PersonModel, p: PersonModel): boolean => may.manageStaff(a, p),
  sendResetMail: (a: PersonModel, p: PersonModel): boolean => may.manageStaff(a, p),

  // Unlocking (after too many failed sign-ins). "A student is unlocked (student.unlock) by a pakketbeheerder, a
  // locatiebeheerder of any of the student's locations and a teacher of any of the student's groups; a whole group
  // at once (group.unlock) by a pakketbeheerder, a locatiebeheerder of the group's location and its teacher; a
  // staff member (staff.unlock) by whoever may edit them."
  unlockStudent: (a: PersonModel, s: PersonModel) =>
    isPakketbeheerder(a) ||
    locationsOf(s).some((l) => administers(a, l)) ||
    groupsOf(s).some((g) => teaches(a, g)),
  unlockGroup: (a: PersonModel, g: GroupKey) =>
    isPakketbeheerder(a) || administers(a, locationOfGroup(g)) || teaches(a, g),
  unlockStaff: (a: PersonModel, p: PersonModel): boolean => may.manageStaff(a, p),

  // Two-step verification. "A staff member's two-step verification is turned off for a lost phone
  // (staff.mfa.reset) by whoever may edit them." "Staff set up their own (profile.mfa); students do not use it."
  resetStaffMfa: (a: PersonModel, p: PersonModel): boolean => may.manageStaff(a, p),
  ownMfa: (a: PersonModel) => a.kind === 'staff',

  /** "Everyone, students included, reads and edits their own profile." */
  ownProfile: (_a: PersonModel) => true,
};

/** What the actor sees in lists: "a pakketbeheerder sees the whole board; others see the people and groups of
 *  the locations they administer and of the groups they teach." Locations: those they may read. */
export const sees = {
  location: (a: PersonModel, l: LocationKey) => boardOfLocation(l) === a.board && may.readLocation(a, l),
  group: (a: PersonModel, g: GroupKey) => boardOfGroup(g) === a.board && may.readGroup(a, g),
  staff: (a: PersonModel, p: PersonModel) =>
    p.board === a.board &&
    p.kind === 'staff' &&
    (isPakketbeheerder(a) || locationsOf(p).some((l) => administers(a, l))),
  student: (a: PersonModel, s: PersonModel) =>
    s.board === a.board && s.kind === 'student' && may.readStudent(a, s),
};

/** "The last pakketbeheerder of a board cannot lose the flag or be deleted (LAST_BOARD_ADMIN)." */
export const isLastPakketbeheerder = (a: PersonModel) =>
  isPakketbeheerder(a) &&
  Object.values(PEOPLE).filter((p) => p.board === a.board && isPakketbeheerder(p)).length === 1;

/** The menu of /me: which parts of the console the actor may open. */
export function menuOf(a: PersonModel) {
  return {
    boardSettings: may.updateBoard(a),
    locations: may.listLocations(a),
    createLocations: may.createLocation(a),
    groups: may.listGroups(a),
    staff: may.listStaff(a),
    students: may.listStudents(a),
    audit: isPakketbeheerder(a) || isLocatiebeheerder(a),
  };
}

/**
 * The answer of a request, from its checks in order: the first refused check decides. Every request first
 * resolves what its path names (another board's thing is 404, exactly like a missing one), then asks the rights
 * on it (403), then resolves what its body names (404), then the rights that needs (403), then the state of the
 * thing (409).
 */
export type Check = readonly [status: 403 | 404 | 409, ok: boolean];
export function answer(success: number, ...checks: Check[]): number {
  for (const [status, ok] of checks) if (!ok) return status;
  return success;
}
/** The thing is of the actor's board (else 404 like a missing one). */
export const found = (a: PersonModel, board: BoardNo): Check => [404, a.board === board];
export const allowed = (ok: boolean): Check => [403, ok];
/** "A temporary password can be read until its owner chooses their own; after that, reading it answers 409
 *  PASSWORD_NOT_READABLE." */
export const readable = (p: PersonModel): Check => [409, p.ownPassword !== true];
/** "Sending the activation mail to someone who already chose their own password answers 409 ALREADY_ACTIVATED." */
export const activatable = (p: PersonModel): Check => [409, p.ownPassword !== true];
