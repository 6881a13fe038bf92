import { expect } from 'vitest';
import { expectStatus, PASSWORD } from './api.ts';
import {
  ACTORS,
  type ActorKey,
  activatable,
  administers,
  allowed,
  answer,
  type BoardNo,
  boardOfGroup,
  boardOfLocation,
  type Check,
  found,
  GROUPS,
  type GroupKey,
  isLastPakketbeheerder,
  isPakketbeheerder,
  type Level,
  LOCATIONS,
  type LocationKey,
  locationOfGroup,
  may,
  menuOf,
  OWN_PASSWORD_TARGETS,
  type OwnPasswordTargetKey,
  PEOPLE,
  type PersonModel,
  readable,
  STAFF_TARGETS,
  STUDENT_TARGETS,
  type StaffTargetKey,
  type StudentTargetKey,
  sees,
} from './matrix-oracle.ts';
import { API, idOf, keyOf, type Ref, refOf, type Scratch, type World } from './matrix-world.ts';
import { multipart } from './multipart.ts';

/**
 * Every action of the HTTP API against every kind of target. Each case names its request, the things it needs
 * (seeded ones for reads, fresh stand-ins for writes), and asks the oracle for the answer per actor.
 */

export interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** For a body that is not JSON (an upload). */
  headers?: Record<string, string>;
}
export type Refs = Record<string, Ref>;
export type Ids = Record<string, string>;

/** An answer body, as far as the checks read it. */
export interface Body {
  id?: string;
  code?: string;
  /** A new two-step verification secret. */
  secret?: string;
  total?: number;
  items?: { id: string; action?: string; targetId?: string | null }[];
  staff?: { personId: string }[];
  students?: { personId: string }[];
  user?: { id: string };
  permissions?: Record<string, boolean>;
  temporaryPassword?: string;
  unlocked?: number;
  pictureSequence?: string[] | null;
  privacyConsent?: boolean;
  allowedNetworks?: string[];
  renewed?: number;
  /** Set by the test for an answer that is a PDF document. */
  pdf?: boolean;
  /** Set by the test for an answer that is an exported file (CSV text, or a zip's bytes as text). */
  file?: string;
  status?: string;
  createdBy?: { id: string } | null;
}

/** Board settings a case runs under (board 1); the test sets them before and puts them back after. */
export interface BoardSettings {
  teachersMayResetPasswords?: boolean;
}

export interface MatrixCase {
  action: string;
  target: string;
  /** Cases on one's own account exist only for some actors. */
  only?: (actor: ActorKey) => boolean;
  expected(a: PersonModel, actor: ActorKey): number;
  /** The things the request names: seeded ones (reads) or fresh stand-ins built now (writes). */
  setup(s: Scratch, actor: ActorKey): Promise<Refs> | Refs;
  request(ids: Ids, actor: ActorKey, w: World): Req;
  /** What an allowed request creates; it is deleted again afterwards. */
  creates?: 'locations' | 'groups' | 'staff' | 'students';
  /** For an allowed answer: what the actor sees. */
  verify?(body: Body, a: PersonModel, actor: ActorKey, w: World): void;
  /** The code a 409 answer carries. */
  conflict?: string;
  /** Board 1's settings for this case, other than the defaults the rest runs under. */
  boardSettings?: BoardSettings;
}

const LOCATION_KEYS = Object.keys(LOCATIONS) as LocationKey[];
const GROUP_KEYS = Object.keys(GROUPS) as GroupKey[];
const STAFF_KEYS = Object.keys(STAFF_TARGETS) as StaffTargetKey[];
const STUDENT_KEYS = Object.keys(STUDENT_TARGETS) as StudentTargetKey[];
const isStudentActor = (actor: ActorKey) => ACTORS[actor].kind === 'student';
const isStaffActor = (actor: ActorKey) => ACTORS[actor].kind === 'staff';

const get = (url: string): Req => ({ method: 'GET', url });
const post = (url: string, body: unknown): Req => ({ method: 'POST', url, body });
const patch = (url: string, body: unknown): Req => ({ method: 'PATCH', url, body });
const put = (url: string, body?: unknown): Req => ({ method: 'PUT', url, body });
const del = (url: string): Req => ({ method: 'DELETE', url });

const seeded = (s: Scratch, key: string, board: BoardNo) => refOf(s.w, key, board);
const seededLocation = (s: Scratch, l: LocationKey) => seeded(s, l, boardOfLocation(l));
const seededGroup = (s: Scratch, g: GroupKey) => seeded(s, g, boardOfGroup(g));
/** Refs for the seeded locations and groups a body names, keyed by model key ('A', 'GA2', …). */
function named(s: Scratch, locations: readonly LocationKey[], groups: readonly GroupKey[] = []): Refs {
  return Object.fromEntries([
    ...locations.map((l) => [l, seededLocation(s, l)]),
    ...groups.map((g) => [g, seededGroup(s, g)]),
  ]);
}

/** A location filter on a list: another board's location counts as a missing one. */
const filterOf = (a: PersonModel, l: LocationKey | undefined) =>
  l !== undefined && boardOfLocation(l) === a.board ? l : undefined;

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

/** The keys of the listed items, checked against what the oracle says the actor sees. */
function expectSeen(body: Body, w: World, expected: string[]) {
  const seen = (body.items ?? []).map((item) => keyOf(w, item.id));
  expect(sorted(seen), 'the list shows exactly what the actor may see').toEqual(sorted(expected));
  expect(body.total).toBe(expected.length);
}

const peopleOfKind = (kind: 'staff' | 'student') =>
  Object.entries(PEOPLE).filter(([, p]) => p.kind === kind) as [string, PersonModel][];

// ---------------------------------------------------------------------------------------------------------
// Board and own profile.

function boardCases(): MatrixCase[] {
  return [
    {
      action: 'board.read',
      target: 'own board',
      expected: (a) => answer(200, allowed(may.readBoard(a))),
      setup: () => ({}),
      request: () => get(`${API}/board`),
      verify: (body, a, _actor, w) => expect(body.id).toBe(w.boards[a.board].id),
    },
    {
      action: 'board.update',
      target: 'own board settings',
      expected: (a) => answer(200, allowed(may.updateBoard(a))),
      setup: () => ({}),
      request: (_ids, actor, w) =>
        patch(`${API}/board`, {
          name: w.boards[ACTORS[actor].board].name,
          settings: { defaultLanguage: 'nl' },
        }),
    },
    {
      action: 'profile.read',
      target: 'own account (/me)',
      expected: (a) => answer(200, allowed(may.ownProfile(a))),
      setup: () => ({}),
      request: () => get(`${API}/me`),
      verify: (body, a, actor, w) => {
        expect(body.user?.id).toBe(idOf(w, actor));
        expect(body.permissions, 'the menu of /me follows the rights').toEqual(menuOf(a));
      },
    },
    {
      action: 'profile.update',
      target: 'own account (/me)',
      expected: (a) => answer(200, allowed(may.ownProfile(a))),
      setup: () => ({}),
      request: () => patch(`${API}/me`, { language: 'nl' }),
    },
    {
      action: 'profile.password',
      target: 'own password',
      expected: (a) => answer(204, allowed(may.ownProfile(a))),
      setup: () => ({}),
      request: () => post(`${API}/auth/password`, { currentPassword: PASSWORD, newPassword: PASSWORD }),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Locations.

function locationCases(): MatrixCase[] {
  const cases: MatrixCase[] = [
    {
      action: 'location.list',
      target: 'all locations',
      expected: (a) => answer(200, allowed(may.listLocations(a))),
      setup: () => ({}),
      request: () => get(`${API}/locations`),
      verify: (body, a, _actor, w) =>
        expectSeen(
          body,
          w,
          LOCATION_KEYS.filter((l) => sees.location(a, l)),
        ),
    },
    {
      action: 'location.create',
      target: 'new location',
      expected: (a) => answer(201, allowed(may.createLocation(a))),
      setup: () => ({}),
      request: () => post(`${API}/locations`, { name: 'Nieuwe locatie' }),
      creates: 'locations',
    },
  ];
  for (const l of LOCATION_KEYS) {
    const label = `location ${l}${boardOfLocation(l) === 2 ? ' (board 2)' : ''}`;
    cases.push(
      {
        action: 'location.read',
        target: label,
        expected: (a) => answer(200, found(a, boardOfLocation(l)), allowed(may.readLocation(a, l))),
        setup: (s) => ({ location: seededLocation(s, l) }),
        request: (ids) => get(`${API}/locations/${ids.location}`),
      },
      {
        action: 'location.update',
        target: label,
        expected: (a) => answer(200, found(a, boardOfLocation(l)), allowed(may.updateLocation(a, l))),
        setup: async (s) => ({ location: await s.location(l) }),
        request: (ids) => patch(`${API}/locations/${ids.location}`, { name: 'Andere naam' }),
      },
      {
        action: 'location.delete',
        target: label,
        expected: (a) => answer(200, found(a, boardOfLocation(l)), allowed(may.deleteLocation(a))),
        setup: async (s) => ({ location: await s.location(l) }),
        request: (ids) => del(`${API}/locations/${ids.location}`),
      },
    );
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Groups and their members.

function groupLabel(g: GroupKey) {
  return `group ${g} (${g === 'GA1' ? 'in A, taught by teacher(GA1)' : `in ${locationOfGroup(g)}`})`;
}

function groupCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const filter of [undefined, ...LOCATION_KEYS]) {
    cases.push({
      action: 'group.list',
      target: filter ? `groups ?location=${filter}` : 'all groups',
      expected: (a) => answer(200, allowed(may.listGroups(a))),
      setup: (s): Refs => (filter ? { location: seededLocation(s, filter) } : {}),
      request: (ids) => get(`${API}/groups?limit=200${ids.location ? `&location=${ids.location}` : ''}`),
      verify: (body, a, _actor, w) =>
        expectSeen(
          body,
          w,
          GROUP_KEYS.filter(
            (g) => sees.group(a, g) && (filter === undefined || locationOfGroup(g) === filterOf(a, filter)),
          ),
        ),
    });
  }
  for (const l of LOCATION_KEYS) {
    cases.push({
      action: 'group.create',
      target: `new group in location ${l}`,
      expected: (a) => answer(201, found(a, boardOfLocation(l)), allowed(may.manageGroupsIn(a, l))),
      setup: (s) => named(s, [l]),
      request: (ids) => post(`${API}/groups`, { name: 'Groep nieuw', locationId: ids[l] }),
      creates: 'groups',
    });
  }
  for (const g of GROUP_KEYS) {
    const inBoard = (a: PersonModel) => found(a, boardOfGroup(g));
    cases.push(
      {
        action: 'group.read',
        target: groupLabel(g),
        expected: (a) => answer(200, inBoard(a), allowed(may.readGroup(a, g))),
        setup: (s) => ({ group: seededGroup(s, g) }),
        request: (ids) => get(`${API}/groups/${ids.group}`),
      },
      {
        action: 'group.members.read',
        target: groupLabel(g),
        expected: (a) => answer(200, inBoard(a), allowed(may.readGroup(a, g))),
        setup: (s) => ({ group: seededGroup(s, g) }),
        request: (ids) => get(`${API}/groups/${ids.group}/members`),
        verify: (body, _a, _actor, w) => {
          const members = (kind: 'staff' | 'student') =>
            sorted(
              peopleOfKind(kind)
                .filter(([, p]) => p.groups?.includes(g))
                .map(([key]) => key),
            );
          const seen = (list: { personId: string }[]) => sorted(list.map((m) => keyOf(w, m.personId)));
          expect(seen(body.staff ?? [])).toEqual(members('staff'));
          expect(seen(body.students ?? [])).toEqual(members('student'));
        },
      },
      {
        action: 'group.update',
        target: `rename ${groupLabel(g)}`,
        expected: (a) => answer(200, inBoard(a), allowed(may.manageGroupsIn(a, locationOfGroup(g)))),
        setup: async (s) => ({ group: await s.group(g) }),
        request: (ids) => patch(`${API}/groups/${ids.group}`, { name: 'Hernoemd' }),
      },
      {
        action: 'group.delete',
        target: groupLabel(g),
        expected: (a) => answer(204, inBoard(a), allowed(may.manageGroupsIn(a, locationOfGroup(g)))),
        setup: async (s) => ({ group: await s.group(g) }),
        request: (ids) => del(`${API}/groups/${ids.group}`),
      },
    );
  }
  // Moving a group needs admin rights on both locations.
  const moves: [GroupKey, LocationKey][] = [
    ['GA2', 'B'],
    ['GB1', 'A'],
    ['GA2', 'X'],
    ['GX', 'A'],
  ];
  for (const [g, to] of moves) {
    const from = locationOfGroup(g);
    cases.push({
      action: 'group.update',
      target: `move a group in ${from} to location ${to}`,
      expected: (a) =>
        answer(
          200,
          found(a, boardOfGroup(g)),
          allowed(may.manageGroupsIn(a, from)),
          found(a, boardOfLocation(to)),
          allowed(may.manageGroupsIn(a, to)),
        ),
      setup: async (s) => ({ group: await s.group(g), ...named(s, [to]) }),
      request: (ids) => patch(`${API}/groups/${ids.group}`, { locationId: ids[to] }),
    });
  }

  // Linking people: the group must be one the actor manages, and the person one they can see (docs/rights.md
  // is silent on the person; see the report: otherwise a locatiebeheerder could pull anyone into their scope).
  const adds: [GroupKey, string, PersonModel][] = [
    ['GA1', 'student in GA2', STUDENT_TARGETS['student in GA2']],
    ['GA2', 'student in GA1', STUDENT_TARGETS['student in GA1']],
    ['GB1', 'student in GA1', STUDENT_TARGETS['student in GA1']],
    ['GA2', 'student in GB1', STUDENT_TARGETS['student in GB1']],
    ['GA2', 'student without group', STUDENT_TARGETS['student without group']],
    ['GA2', 'staff with read on A', STAFF_TARGETS['staff with read on A']],
    ['GA2', 'staff with read on B', STAFF_TARGETS['staff with read on B']],
    ['GX', 'student of board 2 without group', { board: 2, kind: 'student', groups: [] }],
    ['GA2', 'student of board 2 without group', { board: 2, kind: 'student', groups: [] }],
  ];
  for (const [g, label, p] of adds) {
    cases.push({
      action: 'group.members.add',
      target: `${label} into ${g}`,
      expected: (a) =>
        answer(
          204,
          found(a, boardOfGroup(g)),
          allowed(may.manageGroupsIn(a, locationOfGroup(g))),
          found(a, p.board),
          allowed(p.kind === 'staff' ? may.readStaff(a, p) : may.readStudent(a, p)),
        ),
      setup: async (s) => ({ group: seededGroup(s, g), person: await s.person(p) }),
      request: (ids) => post(`${API}/groups/${ids.group}/members`, { personId: ids.person }),
    });
  }
  const removes: [GroupKey, string, PersonModel][] = [
    ['GA1', 'student in GA1', STUDENT_TARGETS['student in GA1']],
    ['GA2', 'student in GA2', STUDENT_TARGETS['student in GA2']],
    ['GB1', 'student in GB1', STUDENT_TARGETS['student in GB1']],
    ['GA2', 'student in GA2 and GB1', STUDENT_TARGETS['student in GA2 and GB1']],
    ['GB1', 'student in GA2 and GB1', STUDENT_TARGETS['student in GA2 and GB1']],
    ['GA1', 'another teacher of GA1', { board: 1, kind: 'staff', groups: ['GA1'] }],
    ['GX', 'student of board 2', STUDENT_TARGETS['student of board 2']],
  ];
  for (const [g, label, p] of removes) {
    cases.push({
      action: 'group.members.remove',
      target: `${label} from ${g}`,
      expected: (a) =>
        answer(204, found(a, boardOfGroup(g)), allowed(may.manageGroupsIn(a, locationOfGroup(g)))),
      setup: async (s) => ({ group: seededGroup(s, g), person: await s.person(p) }),
      request: (ids) => del(`${API}/groups/${ids.group}/members/${ids.person}`),
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Staff.

type LevelMap = Partial<Record<LocationKey, Level>>;

/** A change of a staff member, in model terms. */
interface StaffChange {
  boardAdmin?: boolean;
  levels?: LevelMap;
  groups?: GroupKey[];
}

/** The answer to PATCH /staff/{id}: may the actor manage the member, and grant each right that changes. */
function staffPatchAnswer(a: PersonModel, t: PersonModel, change: StaffChange): number {
  const checks: Check[] = [found(a, t.board), allowed(may.manageStaff(a, t))];
  if (change.boardAdmin !== undefined && change.boardAdmin !== (t.boardAdmin === true)) {
    checks.push(allowed(may.grantBoardAdmin(a)));
  }
  if (change.levels) {
    const before: LevelMap = t.levels ?? {};
    const after = change.levels;
    for (const l of Object.keys(after) as LocationKey[]) checks.push(found(a, boardOfLocation(l)));
    for (const l of new Set([...Object.keys(before), ...Object.keys(after)] as LocationKey[])) {
      if (before[l] !== after[l]) checks.push(allowed(may.grantLevelOn(a, l)));
    }
  }
  if (change.groups) {
    const before = t.groups ?? [];
    for (const g of change.groups) checks.push(found(a, boardOfGroup(g)));
    for (const g of new Set([...before, ...change.groups])) {
      if (before.includes(g) !== change.groups.includes(g)) {
        checks.push(allowed(may.manageGroupsIn(a, locationOfGroup(g))));
      }
    }
  }
  return answer(200, ...checks);
}

/** The locations and groups a change names. */
function namedIn(change: StaffChange) {
  return {
    locations: Object.keys(change.levels ?? {}) as LocationKey[],
    groups: change.groups ?? [],
  };
}

function staffChangeBody(ids: Ids, change: StaffChange) {
  const body: Record<string, unknown> = {};
  if (change.boardAdmin !== undefined) body.isBoardAdmin = change.boardAdmin;
  if (change.levels) {
    body.locations = Object.entries(change.levels).map(([l, level]) => ({ locationId: ids[l], level }));
  }
  if (change.groups) body.groupIds = change.groups.map((g) => ids[g]);
  return body;
}

function staffCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const filter of [undefined, ...LOCATION_KEYS]) {
    cases.push({
      action: 'staff.list',
      target: filter ? `staff ?location=${filter}` : 'all staff',
      expected: (a) => answer(200, allowed(may.listStaff(a))),
      setup: (s): Refs => (filter ? { location: seededLocation(s, filter) } : {}),
      request: (ids) => get(`${API}/staff?limit=200${ids.location ? `&location=${ids.location}` : ''}`),
      verify: (body, a, _actor, w) => {
        const l = filterOf(a, filter);
        const located = (p: PersonModel) =>
          filter === undefined ||
          (l !== undefined &&
            (p.levels?.[l] !== undefined || (p.groups ?? []).some((g) => locationOfGroup(g) === l)));
        expectSeen(
          body,
          w,
          peopleOfKind('staff')
            .filter(([, p]) => sees.staff(a, p) && located(p))
            .map(([key]) => key),
        );
      },
    });
  }

  for (const key of STAFF_KEYS) {
    const t: PersonModel = STAFF_TARGETS[key];
    cases.push(
      {
        action: 'staff.read',
        target: key,
        expected: (a) => answer(200, found(a, t.board), allowed(may.readStaff(a, t))),
        setup: (s) => ({ staff: seeded(s, key, t.board) }),
        request: (ids) => get(`${API}/staff/${ids.staff}`),
      },
      {
        action: 'staff.update',
        target: `rename ${key}`,
        expected: (a) => answer(200, found(a, t.board), allowed(may.manageStaff(a, t))),
        setup: async (s) => ({ staff: await s.person(t) }),
        request: (ids) => patch(`${API}/staff/${ids.staff}`, { firstName: 'Hernoemd' }),
      },
      {
        action: 'staff.delete',
        target: key,
        expected: (a) => answer(204, found(a, t.board), allowed(may.manageStaff(a, t))),
        setup: async (s) => ({ staff: await s.person(t) }),
        request: (ids) => del(`${API}/staff/${ids.staff}`),
      },
    );
  }

  // New staff: every location (and group) of the new member must be one the actor administers.
  const creates: [string, PersonModel][] = [
    ['with read on A', { board: 1, kind: 'staff', levels: { A: 'read' } }],
    ['with read on B', { board: 1, kind: 'staff', levels: { B: 'read' } }],
    ['with read on A and B', { board: 1, kind: 'staff', levels: { A: 'read', B: 'read' } }],
    ['locatiebeheerder of A', { board: 1, kind: 'staff', levels: { A: 'admin' } }],
    ['pakketbeheerder linked to A', { board: 1, kind: 'staff', boardAdmin: true, levels: { A: 'admin' } }],
    ['teacher of GA2', { board: 1, kind: 'staff', groups: ['GA2'] }],
    ['teacher of GB1', { board: 1, kind: 'staff', groups: ['GB1'] }],
    ['without links', { board: 1, kind: 'staff' }],
    ['with read on X (board 2)', { board: 2, kind: 'staff', levels: { X: 'read' } }],
  ];
  for (const [label, p] of creates) {
    cases.push({
      action: 'staff.create',
      target: `new staff ${label}`,
      expected: (a) => {
        const refs = [
          ...Object.keys(p.levels ?? {}).map((l) => found(a, boardOfLocation(l as LocationKey))),
          ...(p.groups ?? []).map((g) => found(a, boardOfGroup(g))),
        ];
        return answer(
          201,
          ...refs,
          allowed(may.createStaff(a, p)),
          allowed(p.boardAdmin !== true || may.grantBoardAdmin(a)),
          ...Object.keys(p.levels ?? {}).map((l) => allowed(may.grantLevelOn(a, l as LocationKey))),
          ...(p.groups ?? []).map((g) => allowed(may.manageGroupsIn(a, locationOfGroup(g)))),
        );
      },
      setup: (s) => named(s, Object.keys(p.levels ?? {}) as LocationKey[], p.groups ?? []),
      request: (ids) =>
        post(`${API}/staff`, {
          firstName: 'Nieuwe',
          lastName: 'Medewerker',
          email: `nieuw${Math.random().toString(36).slice(2)}@example.org`,
          ...staffChangeBody(ids, {
            boardAdmin: p.boardAdmin === true,
            levels: p.levels ?? {},
            groups: [...(p.groups ?? [])],
          }),
        }),
      creates: 'staff',
    });
  }

  // Rights of others: pakketbeheerder, levels, groups.
  const rights: [string, StaffTargetKey, StaffChange][] = [
    ['make pakketbeheerder', 'staff with read on A', { boardAdmin: true }],
    ['take pakketbeheerder away', 'pakketbeheerder linked to A', { boardAdmin: false }],
    ['set level files on A', 'staff with read on A', { levels: { A: 'files' } }],
    ['make locatiebeheerder of A', 'staff with read on A', { levels: { A: 'admin' } }],
    ['remove level on A', 'staff with read on A', { levels: {} }],
    ['add level read on B', 'staff with read on A', { levels: { A: 'read', B: 'read' } }],
    ['add level read on X (board 2)', 'staff with read on A', { levels: { A: 'read', X: 'read' } }],
    ['add level read on A', 'staff with read on B', { levels: { B: 'read', A: 'read' } }],
    ['add level read on A', 'staff without links', { levels: { A: 'read' } }],
    ['add level read on A', 'staff of board 2', { levels: { X: 'read', A: 'read' } }],
    ['demote to read on A', 'another locatiebeheerder of A', { levels: { A: 'read' } }],
    ['demote to read on A', 'locatiebeheerder of A and B', { levels: { A: 'read', B: 'admin' } }],
    ['make locatiebeheerder of B', 'locatiebeheerder of B', { levels: { B: 'admin' } }],
    ['link to group GA2', 'staff with read on A', { groups: ['GA2'] }],
    ['link to group GB1', 'staff with read on A', { groups: ['GB1'] }],
    ['unlink from GA2', 'teacher of GA2', { groups: [] }],
    ['unlink from GB1', 'teacher of GB1', { groups: [] }],
  ];
  for (const [label, key, change] of rights) {
    const t: PersonModel = STAFF_TARGETS[key];
    cases.push({
      action: 'staff.update',
      target: `${label} › ${key}`,
      expected: (a) => staffPatchAnswer(a, t, change),
      setup: async (s) => {
        const { locations, groups } = namedIn(change);
        return { staff: await s.person(t), ...named(s, locations, groups) };
      },
      request: (ids) => patch(`${API}/staff/${ids.staff}`, staffChangeBody(ids, change)),
    });
  }

  // One's own staff record: reading it is reading one's own account; changing it goes by the staff rules.
  const own = (actor: ActorKey): PersonModel => ACTORS[actor];
  cases.push({
    action: 'staff.read',
    target: 'own staff record',
    only: isStaffActor,
    expected: (a) => answer(200, allowed(may.readStaff(a, a, true))),
    setup: (s, actor) => ({ staff: seeded(s, actor, own(actor).board) }),
    request: (ids) => get(`${API}/staff/${ids.staff}`),
  });
  const selfChanges: [string, (actor: ActorKey) => StaffChange | { firstName: true }][] = [
    ['rename', () => ({ firstName: true })],
    ['make pakketbeheerder', () => ({ boardAdmin: true })],
    ['add level admin on B', (actor) => ({ levels: { ...own(actor).levels, B: 'admin' } })],
    ['add level admin on X (board 2)', (actor) => ({ levels: { ...own(actor).levels, X: 'admin' } })],
  ];
  cases.push({
    action: 'staff.update',
    target: 'own staff record › take pakketbeheerder away',
    // Not for the pakketbeheerder of board 1: they could not be put back.
    only: (actor) => isStaffActor(actor) && actor !== 'pakketbeheerder',
    expected: (a) => (isLastPakketbeheerder(a) ? 409 : staffPatchAnswer(a, a, { boardAdmin: false })),
    setup: (s, actor) => {
      s.restoreActor(actor);
      return { staff: seeded(s, actor, own(actor).board) };
    },
    request: (ids) => patch(`${API}/staff/${ids.staff}`, { isBoardAdmin: false }),
  });
  for (const [label, changeOf] of selfChanges) {
    cases.push({
      action: 'staff.update',
      target: `own staff record › ${label}`,
      only: isStaffActor,
      expected: (a, actor) => {
        const change = changeOf(actor);
        return 'firstName' in change
          ? answer(200, allowed(may.manageStaff(a, a)))
          : staffPatchAnswer(a, a, change);
      },
      setup: (s, actor) => {
        s.restoreActor(actor);
        const change = changeOf(actor);
        const { locations, groups } = 'firstName' in change ? { locations: [], groups: [] } : namedIn(change);
        return { staff: seeded(s, actor, own(actor).board), ...named(s, locations, groups) };
      },
      request: (ids, actor, w) => {
        const change = changeOf(actor);
        return patch(
          `${API}/staff/${ids.staff}`,
          'firstName' in change ? { firstName: w.firstNames.get(actor) } : staffChangeBody(ids, change),
        );
      },
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Students.

/** The answer to PATCH /students/{id} changing the groups: manage the student, link and unlink each group. */
function studentPatchAnswer(a: PersonModel, t: PersonModel, groups?: GroupKey[]): number {
  const checks: Check[] = [found(a, t.board), allowed(may.manageStudent(a, t))];
  if (groups) {
    const before = t.groups ?? [];
    for (const g of groups) checks.push(found(a, boardOfGroup(g)));
    for (const g of new Set([...before, ...groups])) {
      if (before.includes(g) !== groups.includes(g))
        checks.push(allowed(may.manageGroupsIn(a, locationOfGroup(g))));
    }
  }
  return answer(200, ...checks);
}

function studentCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const filter of [undefined, ...LOCATION_KEYS]) {
    cases.push({
      action: 'student.list',
      target: filter ? `students ?location=${filter}` : 'all students',
      expected: (a) => answer(200, allowed(may.listStudents(a))),
      setup: (s): Refs => (filter ? { location: seededLocation(s, filter) } : {}),
      request: (ids) => get(`${API}/students?limit=200${ids.location ? `&location=${ids.location}` : ''}`),
      verify: (body, a, _actor, w) => {
        const l = filterOf(a, filter);
        const located = (p: PersonModel) =>
          filter === undefined || (l !== undefined && (p.groups ?? []).some((g) => locationOfGroup(g) === l));
        expectSeen(
          body,
          w,
          peopleOfKind('student')
            .filter(([, p]) => sees.student(a, p) && located(p))
            .map(([key]) => key),
        );
      },
    });
  }
  for (const g of ['GA1', 'GB1', 'GX'] as const) {
    cases.push({
      action: 'student.list',
      target: `students ?group=${g}`,
      expected: (a) => answer(200, allowed(may.listStudents(a))),
      setup: (s) => named(s, [], [g]),
      request: (ids) => get(`${API}/students?limit=200&group=${ids[g]}`),
      verify: (body, a, _actor, w) =>
        expectSeen(
          body,
          w,
          peopleOfKind('student')
            .filter(([, p]) => sees.student(a, p) && boardOfGroup(g) === a.board && p.groups?.includes(g))
            .map(([key]) => key),
        ),
    });
  }
  for (const key of STUDENT_KEYS) {
    const t: PersonModel = STUDENT_TARGETS[key];
    cases.push(
      {
        action: 'student.read',
        target: key,
        expected: (a) => answer(200, found(a, t.board), allowed(may.readStudent(a, t))),
        setup: (s) => ({ student: seeded(s, key, t.board) }),
        request: (ids) => get(`${API}/students/${ids.student}`),
      },
      {
        action: 'student.create',
        target: `new ${key}`,
        expected: (a) =>
          answer(
            201,
            ...(t.groups ?? []).map((g) => found(a, boardOfGroup(g))),
            allowed(may.createStudent(a, t)),
            ...(t.groups ?? []).map((g) => allowed(may.manageGroupsIn(a, locationOfGroup(g)))),
          ),
        setup: (s) => Object.fromEntries((t.groups ?? []).map((g) => [g, seededGroup(s, g)])),
        request: (ids) =>
          post(`${API}/students`, {
            firstName: 'Nieuwe',
            lastName: 'Leerling',
            groupIds: (t.groups ?? []).map((g) => ids[g]),
          }),
        creates: 'students',
      },
      {
        action: 'student.update',
        target: `rename ${key}`,
        expected: (a) => studentPatchAnswer(a, t),
        setup: async (s) => ({ student: await s.person(t) }),
        request: (ids) => patch(`${API}/students/${ids.student}`, { firstName: 'Hernoemd' }),
      },
      {
        action: 'student.delete',
        target: key,
        expected: (a) => answer(204, found(a, t.board), allowed(may.manageStudent(a, t))),
        setup: async (s) => ({ student: await s.person(t) }),
        request: (ids) => del(`${API}/students/${ids.student}`),
      },
    );
  }
  const moves: [string, StudentTargetKey, GroupKey[]][] = [
    ['move to GB1', 'student in GA2', ['GB1']],
    ['also into GA1', 'student in GA2', ['GA1', 'GA2']],
    ['also into GA2', 'student in GB1', ['GA2', 'GB1']],
    ['out of GB1', 'student in GA2 and GB1', ['GA2']],
    ['also into GX (board 2)', 'student in GA2', ['GA2', 'GX']],
  ];
  for (const [label, key, groups] of moves) {
    const t: PersonModel = STUDENT_TARGETS[key];
    cases.push({
      action: 'student.update',
      target: `${label} › ${key}`,
      expected: (a) => studentPatchAnswer(a, t, groups),
      setup: async (s) => ({
        student: await s.person(t),
        ...Object.fromEntries(groups.map((g) => [g, seededGroup(s, g)])),
      }),
      request: (ids) => patch(`${API}/students/${ids.student}`, { groupIds: groups.map((g) => ids[g]) }),
    });
  }

  // A student's own record: students have no administrative rights, only /me.
  const ownRecord = (s: Scratch, actor: ActorKey) => {
    s.restoreActor(actor);
    return { student: seeded(s, actor, ACTORS[actor].board) };
  };
  cases.push(
    {
      action: 'student.read',
      target: 'own student record',
      only: isStudentActor,
      expected: (a) => answer(200, allowed(may.readStudent(a, a))),
      setup: ownRecord,
      request: (ids) => get(`${API}/students/${ids.student}`),
    },
    {
      action: 'student.update',
      target: 'own student record › rename',
      only: isStudentActor,
      expected: (a) => answer(200, allowed(may.manageStudent(a, a))),
      setup: ownRecord,
      request: (ids) => patch(`${API}/students/${ids.student}`, { firstName: 'Zelf' }),
    },
    {
      action: 'student.update',
      target: 'own student record › also into GA2',
      only: isStudentActor,
      expected: (a) => studentPatchAnswer(a, a, ['GA1', 'GA2']),
      setup: async (s, actor) => ({
        ...ownRecord(s, actor),
        GA1: seededGroup(s, 'GA1'),
        GA2: seededGroup(s, 'GA2'),
      }),
      request: (ids) => patch(`${API}/students/${ids.student}`, { groupIds: [ids.GA1, ids.GA2] }),
    },
    {
      action: 'student.delete',
      target: 'own student record',
      only: isStudentActor,
      expected: (a) => answer(204, allowed(may.manageStudent(a, a))),
      setup: ownRecord,
      request: (ids) => del(`${API}/students/${ids.student}`),
    },
  );
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Audit log.

function auditCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const filter of [undefined, ...LOCATION_KEYS]) {
    cases.push({
      action: 'audit.read',
      target: filter ? `audit log ?location=${filter}` : 'audit log (no filter)',
      expected: (a) => answer(200, allowed(may.readAudit(a, filterOf(a, filter), filter !== undefined))),
      setup: (s): Refs => (filter ? { location: seededLocation(s, filter) } : {}),
      request: (ids, _actor, w) =>
        get(
          `${API}/audit?limit=200&to=${encodeURIComponent(w.seededUntil)}${ids.location ? `&location=${ids.location}` : ''}`,
        ),
      verify: (body, a, _actor, w) => {
        const l = filterOf(a, filter);
        const expected = w.events
          .filter(
            (e) =>
              e.board === a.board &&
              (filter !== undefined
                ? l !== undefined && e.touches.includes(l)
                : isPakketbeheerder(a) || e.touches.some((t) => administers(a, t))),
          )
          .map((e) => `${e.action} ${e.targetKey}`);
        const seen = (body.items ?? []).map((e) => `${e.action} ${keyOf(w, e.targetId ?? null)}`);
        expect(sorted(seen), 'the audit log shows exactly the events the actor may read').toEqual(
          sorted(expected),
        );
      },
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Passwords: reading a person's temporary password, resetting it, and a group's at once.

const OWN_PASSWORD_KEYS = Object.keys(OWN_PASSWORD_TARGETS) as OwnPasswordTargetKey[];
const ownPasswordOfKind = (kind: 'staff' | 'student') =>
  OWN_PASSWORD_KEYS.filter((key) => OWN_PASSWORD_TARGETS[key].kind === kind);
const NOT_READABLE = 'PASSWORD_NOT_READABLE';
const isActorKey = (key: string) => key in ACTORS;
const GIVEN_PASSWORD = 'zonnebloem in de wind';

function expectPassword(body: Body, given?: string) {
  expect(body.temporaryPassword, 'the answer carries the temporary password').toEqual(
    given ?? expect.stringMatching(/\S/),
  );
}

function passwordCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];

  // A student's: read (seeded, including one who chose their own password) and reset (fresh stand-ins), the
  // reset once with each value of the board setting teachersMayResetPasswords.
  for (const key of [...STUDENT_KEYS, ...ownPasswordOfKind('student')]) {
    const t: PersonModel = PEOPLE[key] as PersonModel;
    cases.push({
      action: 'student.password.read',
      target: key,
      expected: (a) => answer(200, found(a, t.board), allowed(may.readStudentPassword(a, t)), readable(t)),
      setup: (s) => ({ student: seeded(s, key, t.board) }),
      request: (ids) => get(`${API}/students/${ids.student}/password`),
      verify: (body) => expectPassword(body),
      conflict: NOT_READABLE,
    });
  }
  for (const teachersMayResetPasswords of [true, false]) {
    for (const key of STUDENT_KEYS) {
      const t: PersonModel = STUDENT_TARGETS[key];
      cases.push({
        action: 'student.password.reset',
        target: `${key}${teachersMayResetPasswords ? '' : ' (teachersMayResetPasswords off)'}`,
        expected: (a) =>
          answer(200, found(a, t.board), allowed(may.resetStudentPassword(a, t, teachersMayResetPasswords))),
        setup: async (s) => ({ student: await s.person(t) }),
        request: (ids) => put(`${API}/students/${ids.student}/password`),
        verify: (body) => expectPassword(body),
        ...(teachersMayResetPasswords ? {} : { boardSettings: { teachersMayResetPasswords } }),
      });
    }
  }
  const givenStudent = STUDENT_TARGETS['student in GA1'];
  cases.push({
    action: 'student.password.reset',
    target: 'student in GA1 › a given password',
    expected: (a) =>
      answer(200, found(a, givenStudent.board), allowed(may.resetStudentPassword(a, givenStudent, true))),
    setup: async (s) => ({ student: await s.person(givenStudent) }),
    request: (ids) => put(`${API}/students/${ids.student}/password`, { password: GIVEN_PASSWORD }),
    verify: (body) => expectPassword(body, GIVEN_PASSWORD),
  });

  // A staff member's: read and reset go by the rule for editing them.
  for (const key of [...STAFF_KEYS, ...ownPasswordOfKind('staff')]) {
    const t: PersonModel = PEOPLE[key] as PersonModel;
    cases.push({
      action: 'staff.password.read',
      target: key,
      expected: (a) => answer(200, found(a, t.board), allowed(may.readStaffPassword(a, t)), readable(t)),
      setup: (s) => ({ staff: seeded(s, key, t.board) }),
      request: (ids) => get(`${API}/staff/${ids.staff}/password`),
      verify: (body) => expectPassword(body),
      conflict: NOT_READABLE,
    });
  }
  for (const key of STAFF_KEYS) {
    const t: PersonModel = STAFF_TARGETS[key];
    cases.push({
      action: 'staff.password.reset',
      target: key,
      expected: (a) => answer(200, found(a, t.board), allowed(may.resetStaffPassword(a, t))),
      setup: async (s) => ({ staff: await s.person(t) }),
      request: (ids) => put(`${API}/staff/${ids.staff}/password`),
      verify: (body) => expectPassword(body),
    });
  }
  const givenStaff = STAFF_TARGETS['staff with read on A'];
  cases.push({
    action: 'staff.password.reset',
    target: 'staff with read on A › a given password',
    expected: (a) => answer(200, found(a, givenStaff.board), allowed(may.resetStaffPassword(a, givenStaff))),
    setup: async (s) => ({ staff: await s.person(givenStaff) }),
    request: (ids) => put(`${API}/staff/${ids.staff}/password`, { password: GIVEN_PASSWORD }),
    verify: (body) => expectPassword(body, GIVEN_PASSWORD),
  });

  // A group's: every student of the group, the password null for whoever chose their own. (The student actor's
  // own password changes during the run, so only the list of students is asserted for actors.)
  for (const g of GROUP_KEYS) {
    cases.push({
      action: 'group.passwords.read',
      target: groupLabel(g),
      expected: (a) => answer(200, found(a, boardOfGroup(g)), allowed(may.readGroupPasswords(a, g))),
      setup: (s) => ({ group: seededGroup(s, g) }),
      request: (ids) => get(`${API}/groups/${ids.group}/passwords`),
      verify: (body, _a, _actor, w) => {
        const items = (body.items ?? []) as unknown as {
          personId: string;
          temporaryPassword: string | null;
        }[];
        const students = peopleOfKind('student').filter(([, p]) => p.groups?.includes(g));
        expect(sorted(items.map((i) => keyOf(w, i.personId))), 'the students of the group').toEqual(
          sorted(students.map(([key]) => key)),
        );
        for (const [key, p] of students) {
          if (isActorKey(key)) continue;
          const item = items.find((i) => i.personId === idOf(w, key));
          expect(item?.temporaryPassword ?? null, `the password of ${key}`).toEqual(
            p.ownPassword ? null : expect.stringMatching(/\S/),
          );
        }
      },
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Picture passwords (read on seeded students, set on fresh stand-ins), sign-in cards of each group (printing
// assigns card codes; renewing replaces them), and a location's allowed networks.

function pictureAndCardCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const key of STUDENT_KEYS) {
    const t: PersonModel = STUDENT_TARGETS[key];
    cases.push(
      {
        action: 'student.pictures.read',
        target: key,
        expected: (a) => answer(200, found(a, t.board), allowed(may.readStudentPictures(a, t))),
        setup: (s) => ({ student: seeded(s, key, t.board) }),
        request: (ids) => get(`${API}/students/${ids.student}/pictures`),
        verify: (body) =>
          expect(body, 'no pictures were set in the fixture').toEqual({ pictureSequence: null }),
      },
      {
        action: 'student.pictures.set',
        target: key,
        expected: (a) => answer(200, found(a, t.board), allowed(may.setStudentPictures(a, t))),
        setup: async (s) => ({ student: await s.person(t) }),
        request: (ids) => put(`${API}/students/${ids.student}/pictures`),
        verify: (body) =>
          expect(body.pictureSequence, 'a random sequence of the default length').toHaveLength(2),
      },
      {
        action: 'student.privacy.update',
        target: key,
        expected: (a) => answer(200, found(a, t.board), allowed(may.updateStudentConsent(a, t))),
        setup: async (s) => ({ student: await s.person(t) }),
        request: (ids) => patch(`${API}/students/${ids.student}`, { privacyConsent: true }),
        verify: (body) => expect(body.privacyConsent).toBe(true),
      },
    );
  }
  for (const g of GROUP_KEYS) {
    cases.push(
      {
        action: 'group.cards.print',
        target: groupLabel(g),
        expected: (a) => answer(200, found(a, boardOfGroup(g)), allowed(may.printGroupCards(a, g))),
        setup: (s) => ({ group: seededGroup(s, g) }),
        request: (ids) => get(`${API}/groups/${ids.group}/cards.pdf`),
        verify: (body) => expect(body.pdf, 'a PDF document').toBe(true),
      },
      {
        action: 'group.cards.renew',
        target: groupLabel(g),
        expected: (a) => answer(200, found(a, boardOfGroup(g)), allowed(may.printGroupCards(a, g))),
        setup: (s) => ({ group: seededGroup(s, g) }),
        request: (ids) => post(`${API}/groups/${ids.group}/cards/renew`, undefined),
      },
    );
  }
  for (const l of LOCATION_KEYS) {
    cases.push({
      action: 'location.networks.update',
      target: `location ${l}${boardOfLocation(l) === 2 ? ' (board 2)' : ''}`,
      expected: (a) => answer(200, found(a, boardOfLocation(l)), allowed(may.updateLocationNetworks(a))),
      setup: async (s) => ({ location: await s.location(l) }),
      request: (ids) => patch(`${API}/locations/${ids.location}`, { allowedNetworks: ['10.0.0.0/8'] }),
      verify: (body) => expect(body.allowedNetworks).toEqual(['10.0.0.0/8']),
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Mail to a staff member: the activation mail again (fresh stand-ins, who have not chosen a password yet, and the
// seeded one who has: 409) and a password-reset mail (fresh stand-ins). Both go by the rule for editing them.

function mailCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  const accepted = (body: Body) => expect(body, 'an empty answer').toEqual({});
  for (const key of STAFF_KEYS) {
    const t: PersonModel = STAFF_TARGETS[key];
    cases.push({
      action: 'staff.mail.activation',
      target: key,
      expected: (a) => answer(202, found(a, t.board), allowed(may.sendActivationMail(a, t))),
      setup: async (s) => ({ staff: await s.person(t) }),
      request: (ids) => post(`${API}/staff/${ids.staff}/activation-mail`, undefined),
      verify: accepted,
    });
  }
  for (const key of ownPasswordOfKind('staff')) {
    const t: PersonModel = OWN_PASSWORD_TARGETS[key];
    cases.push({
      action: 'staff.mail.activation',
      target: key,
      expected: (a) => answer(202, found(a, t.board), allowed(may.sendActivationMail(a, t)), activatable(t)),
      setup: (s) => ({ staff: seeded(s, key, t.board) }),
      request: (ids) => post(`${API}/staff/${ids.staff}/activation-mail`, undefined),
      conflict: 'ALREADY_ACTIVATED',
    });
  }
  for (const key of STAFF_KEYS) {
    const t: PersonModel = STAFF_TARGETS[key];
    cases.push({
      action: 'staff.mail.reset',
      target: key,
      expected: (a) => answer(202, found(a, t.board), allowed(may.sendResetMail(a, t))),
      setup: async (s) => ({ staff: await s.person(t) }),
      request: (ids) => post(`${API}/staff/${ids.staff}/password-reset-mail`, undefined),
      verify: accepted,
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Unlocking after too many failed sign-ins. Nobody in the fixture is locked, and unlocking someone who is not
// locked changes nothing, so these look at the seeded targets.

function unlockCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const key of STUDENT_KEYS) {
    const t: PersonModel = STUDENT_TARGETS[key];
    cases.push({
      action: 'student.unlock',
      target: key,
      expected: (a) => answer(204, found(a, t.board), allowed(may.unlockStudent(a, t))),
      setup: (s) => ({ student: seeded(s, key, t.board) }),
      request: (ids) => post(`${API}/students/${ids.student}/unlock`, undefined),
    });
  }
  // Teachers unlock their students also while they may not reset their passwords.
  const offStudent = STUDENT_TARGETS['student in GA1'];
  cases.push({
    action: 'student.unlock',
    target: 'student in GA1 (teachersMayResetPasswords off)',
    expected: (a) => answer(204, found(a, offStudent.board), allowed(may.unlockStudent(a, offStudent))),
    setup: (s) => ({ student: seeded(s, 'student in GA1', offStudent.board) }),
    request: (ids) => post(`${API}/students/${ids.student}/unlock`, undefined),
    boardSettings: { teachersMayResetPasswords: false },
  });
  for (const g of GROUP_KEYS) {
    cases.push({
      action: 'group.unlock',
      target: groupLabel(g),
      expected: (a) => answer(200, found(a, boardOfGroup(g)), allowed(may.unlockGroup(a, g))),
      setup: (s) => ({ group: seededGroup(s, g) }),
      request: (ids) => post(`${API}/groups/${ids.group}/unlock`, undefined),
      verify: (body) => expect(body, 'no student of the fixture is locked').toEqual({ unlocked: 0 }),
    });
  }
  for (const key of STAFF_KEYS) {
    const t: PersonModel = STAFF_TARGETS[key];
    cases.push({
      action: 'staff.unlock',
      target: key,
      expected: (a) => answer(204, found(a, t.board), allowed(may.unlockStaff(a, t))),
      setup: (s) => ({ staff: seeded(s, key, t.board) }),
      request: (ids) => post(`${API}/staff/${ids.staff}/unlock`, undefined),
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Two-step verification: one's own set-up (staff only), and an administrator's reset for a lost phone. Nobody in
// the fixture has it on, and turning off what is off changes nothing, so resets look at the seeded targets.

function mfaCases(): MatrixCase[] {
  const cases: MatrixCase[] = [
    {
      action: 'profile.mfa',
      target: 'own two-step verification',
      expected: (a) => answer(200, allowed(may.ownMfa(a))),
      setup: () => ({}),
      request: () => post(`${API}/me/mfa/totp`, undefined),
      verify: (body) => expect(body.secret, 'a base32 secret').toMatch(/^[A-Z2-7]+$/),
    },
  ];
  for (const key of STAFF_KEYS) {
    const t: PersonModel = STAFF_TARGETS[key];
    cases.push({
      action: 'staff.mfa.reset',
      target: key,
      expected: (a) => answer(204, found(a, t.board), allowed(may.resetStaffMfa(a, t))),
      setup: (s) => ({ staff: seeded(s, key, t.board) }),
      request: (ids) => del(`${API}/staff/${ids.staff}/mfa`),
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Exports: a list exports with the right to read that list, showing exactly its rows; the board (OneRoster) is for
// a pakketbeheerder.

/** The keys of an exported CSV's rows (first column; a hand-made person's key is their id). */
function exportedKeys(body: Body, w: World): string[] {
  const lines = (body.file ?? '')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1, -1);
  return sorted(lines.map((line) => keyOf(w, line.split(';')[0] ?? '')));
}

function exportCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const filter of [undefined, ...LOCATION_KEYS]) {
    const query = (ids: Ids) => (ids.location ? `&location=${ids.location}` : '');
    cases.push(
      {
        action: 'staff.export',
        target: filter ? `staff ?location=${filter}` : 'all staff',
        expected: (a) => answer(200, allowed(may.listStaff(a))),
        setup: (s): Refs => (filter ? { location: seededLocation(s, filter) } : {}),
        request: (ids) => get(`${API}/staff/export?format=csv${query(ids)}`),
        verify: (body, a, _actor, w) => {
          const l = filterOf(a, filter);
          const located = (p: PersonModel) =>
            filter === undefined ||
            (l !== undefined &&
              (p.levels?.[l] !== undefined || (p.groups ?? []).some((g) => locationOfGroup(g) === l)));
          expect(exportedKeys(body, w), 'the export holds exactly the list').toEqual(
            sorted(
              peopleOfKind('staff')
                .filter(([, p]) => sees.staff(a, p) && located(p))
                .map(([key]) => key),
            ),
          );
        },
      },
      {
        action: 'student.export',
        target: filter ? `students ?location=${filter}` : 'all students',
        expected: (a) => answer(200, allowed(may.listStudents(a))),
        setup: (s): Refs => (filter ? { location: seededLocation(s, filter) } : {}),
        request: (ids) => get(`${API}/students/export?format=csv${query(ids)}`),
        verify: (body, a, _actor, w) => {
          const l = filterOf(a, filter);
          const located = (p: PersonModel) =>
            filter === undefined ||
            (l !== undefined && (p.groups ?? []).some((g) => locationOfGroup(g) === l));
          expect(exportedKeys(body, w), 'the export holds exactly the list').toEqual(
            sorted(
              peopleOfKind('student')
                .filter(([, p]) => sees.student(a, p) && located(p))
                .map(([key]) => key),
            ),
          );
        },
      },
    );
  }
  for (const g of ['GA1', 'GB1', 'GX'] as const) {
    cases.push({
      action: 'student.export',
      target: `students ?group=${g}`,
      expected: (a) => answer(200, allowed(may.listStudents(a))),
      setup: (s) => named(s, [], [g]),
      request: (ids) => get(`${API}/students/export?format=csv&group=${ids[g]}`),
      verify: (body, a, _actor, w) =>
        expect(exportedKeys(body, w)).toEqual(
          sorted(
            peopleOfKind('student')
              .filter(([, p]) => sees.student(a, p) && boardOfGroup(g) === a.board && p.groups?.includes(g))
              .map(([key]) => key),
          ),
        ),
    });
  }
  for (const g of GROUP_KEYS) {
    cases.push({
      action: 'group.members.export',
      target: groupLabel(g),
      expected: (a) => answer(200, found(a, boardOfGroup(g)), allowed(may.readGroup(a, g))),
      setup: (s) => ({ group: seededGroup(s, g) }),
      request: (ids) => get(`${API}/groups/${ids.group}/export?format=csv`),
      verify: (body, _a, _actor, w) =>
        expect(exportedKeys(body, w)).toEqual(
          sorted(
            Object.entries(PEOPLE)
              .filter(([, p]) => p.groups?.includes(g))
              .map(([key]) => key),
          ),
        ),
    });
  }
  cases.push({
    action: 'board.export',
    target: 'own board as OneRoster',
    expected: (a) => answer(200, allowed(may.exportBoard(a))),
    setup: () => ({}),
    request: () => get(`${API}/board/export/oneroster.zip`),
    verify: (body) => expect(body.file?.startsWith('PK')).toBe(true),
  });
  return cases;
}

// ---------------------------------------------------------------------------------------------------------
// Imports. docs/rights.md: a pakketbeheerder imports into the whole board and reads every import of it; a
// locatiebeheerder imports into their locations and reads the imports they started; nobody else imports.

/** A CSV whose one row is rejected (no last name): previewing and applying it change nothing in the world. */
const NOTHING_TO_IMPORT = Buffer.from('Voornaam;Achternaam\nDaan;\n');

function upload(data = NOTHING_TO_IMPORT): Req {
  const { payload, headers } = multipart({ name: 'leerlingen.csv', data }, { kind: 'student' });
  return { method: 'POST', url: `${API}/imports`, body: payload, headers };
}

/** Who made the import a case is about: the pakketbeheerder of a board, or the acting person themselves. */
type Importer = { board: BoardNo } | { actor: ActorKey };

/** A fresh import (a preview; applied when asked, after its job ran) made by the importer. */
async function freshImport(s: Scratch, by: Importer, applied = false): Promise<Ref> {
  const client = 'actor' in by ? s.w.clients[by.actor] : s.w.admins[by.board];
  const board = 'actor' in by ? ACTORS[by.actor].board : by.board;
  const request = upload();
  const made = expectStatus(await client.request('POST', request.url, request.body, request.headers), 201);
  const id = made.id as string;
  if (applied) {
    expectStatus(await client.post(`${API}/imports/${id}/apply`), 202);
    for (let i = 0; ; i++) {
      const view = expectStatus(await client.get(`${API}/imports/${id}`), 200);
      if (view.status === 'applied') break;
      if (i > 200) throw new Error(`import ${id} did not finish: ${view.status}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { id, board };
}

function importCases(): MatrixCase[] {
  const importers: { target: string; by: (actor: ActorKey) => Importer; only?: MatrixCase['only'] }[] = [
    { target: "an import by board 1's pakketbeheerder", by: () => ({ board: 1 }) },
    { target: 'an import of board 2', by: () => ({ board: 2 }) },
    {
      target: 'own import',
      by: (actor) => ({ actor }),
      only: (actor) => may.importInto(ACTORS[actor]),
    },
  ];
  /** Who may read (and so discard, apply, hand out) an import: its board's pakketbeheerder, and its maker. */
  const mayReadImport = (a: PersonModel, actor: ActorKey, by: Importer) =>
    may.importInto(a) && (isPakketbeheerder(a) || ('actor' in by && by.actor === actor));
  const boardOf = (by: Importer) => ('actor' in by ? ACTORS[by.actor].board : by.board);

  const cases: MatrixCase[] = [
    {
      action: 'import.create',
      target: 'a CSV of students',
      expected: (a) => answer(201, allowed(may.importInto(a))),
      setup: () => ({}),
      request: () => upload(),
      verify: (body) => expect(body.status).toBe('preview'),
    },
    {
      action: 'import.list',
      target: 'the import history',
      expected: (a) => answer(200, allowed(may.importInto(a))),
      setup: async (s, actor) => {
        // At least one import of the pakketbeheerder's, which a locatiebeheerder must not see.
        await freshImport(s, { board: ACTORS[actor].board });
        return {};
      },
      request: () => get(`${API}/imports`),
      verify: (body, a, actor, w) => {
        const makers = (body.items ?? []).map((item) => (item as Body).createdBy?.id);
        // The board's whole history, with the import made for this case; a locatiebeheerder's own imports only.
        if (isPakketbeheerder(a)) expect(body.total).toBeGreaterThan(0);
        else
          expect(
            makers.every((id) => id === idOf(w, actor)),
            'only their own imports',
          ).toBe(true);
      },
    },
    {
      action: 'import.template',
      target: 'the students template',
      expected: (a) => answer(200, allowed(may.importInto(a))),
      setup: () => ({}),
      request: () => get(`${API}/imports/templates/students.csv`),
    },
  ];
  for (const { target, by, only } of importers) {
    const expected = (a: PersonModel, actor: ActorKey, success: number) =>
      answer(success, found(a, boardOf(by(actor))), allowed(mayReadImport(a, actor, by(actor))));
    cases.push(
      {
        action: 'import.read',
        target,
        only,
        expected: (a, actor) => expected(a, actor, 200),
        setup: async (s, actor) => ({ import: await freshImport(s, by(actor)) }),
        request: (ids) => get(`${API}/imports/${ids.import}`),
        verify: (body) => expect(body.status).toBe('preview'),
      },
      {
        action: 'import.discard',
        target,
        only,
        expected: (a, actor) => expected(a, actor, 204),
        setup: async (s, actor) => ({ import: await freshImport(s, by(actor)) }),
        request: (ids) => del(`${API}/imports/${ids.import}`),
      },
      {
        action: 'import.apply',
        target,
        only,
        expected: (a, actor) => expected(a, actor, 202),
        setup: async (s, actor) => ({ import: await freshImport(s, by(actor)) }),
        request: (ids) => post(`${API}/imports/${ids.import}/apply`, undefined),
        verify: (body) => expect(body.status).toBe('queued'),
      },
      {
        action: 'import.passwords.read',
        target: `${target}, applied`,
        only,
        expected: (a, actor) => expected(a, actor, 200),
        setup: async (s, actor) => ({ import: await freshImport(s, by(actor), true) }),
        request: (ids) => get(`${API}/imports/${ids.import}/passwords`),
        verify: (body) => expect(body.items).toEqual([]),
      },
      {
        action: 'import.cards.print',
        target: `${target}, applied`,
        only,
        expected: (a, actor) => expected(a, actor, 200),
        setup: async (s, actor) => ({ import: await freshImport(s, by(actor), true) }),
        request: (ids) => get(`${API}/imports/${ids.import}/cards.pdf`),
        verify: (body) => expect(body.pdf, 'a PDF document').toBe(true),
      },
    );
  }
  return cases;
}

export function allCases(): MatrixCase[] {
  return [
    ...boardCases(),
    ...locationCases(),
    ...groupCases(),
    ...staffCases(),
    ...studentCases(),
    ...auditCases(),
    ...passwordCases(),
    ...pictureAndCardCases(),
    ...mailCases(),
    ...unlockCases(),
    ...mfaCases(),
    ...exportCases(),
    ...importCases(),
  ];
}
