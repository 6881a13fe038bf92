import { fold } from '../../platform/text.ts';
import { codeOf } from '../locations/index.ts';
import { emailKeyOf } from '../people/index.ts';
import { type RejectionReason, reasonOf } from './rejections.ts';
import type {
  Roster,
  RosterGroup,
  RosterLocation,
  RosterOrigin,
  RosterPerson,
  RosterRejection,
} from './roster.ts';

/**
 * The comparison of a roster with a board: what an import would create, change (field by field) and leave alone,
 * and which rows it rejects. Pure: the board's current state comes in as plain data (see BoardSnapshot), so the
 * preview and the job share one answer and tests need no database.
 *
 * Matching, per kind: the source's key first, then (people) the ECK iD, the e-mail address, the username, and for
 * rows with none of those the same name in one of the row's groups (only when exactly one person fits). A match in
 * the board is updated in place; importing the same file again therefore changes nothing.
 *
 * What the board keeps for one person only (a source key and an e-mail address of any kind of person, a username)
 * is checked here too: a row that would give one of those to a second person (another of the board's people, or
 * an earlier row of the file, students before staff as EDEXML lists them) is rejected with its reason, so applying
 * never fails on a unique index. Only the board's own people are compared; another board's are never looked at,
 * so nothing of them can show in a preview.
 *
 * A locatiebeheerder (a scope of locations) touches only what lies in that scope: a row matching a location or
 * group elsewhere is rejected, and so is a row matching a person with no link to the scope, with the same reason
 * as a value another person holds (TAKEN_ON_BOARD), so the preview says nothing of who that person is or where.
 * Memberships are ended only in groups within the scope.
 */

export interface ExistingLocation {
  id: string;
  name: string;
  code: string | null;
  sourceKey: string | null;
}

export interface ExistingGroup {
  id: string;
  name: string;
  locationId: string;
  grade: string | null;
  sourceKey: string | null;
}

export interface ExistingPerson {
  id: string;
  kind: 'staff' | 'student';
  firstName: string;
  infix: string | null;
  lastName: string;
  email: string | null;
  username: string | null;
  sourceKey: string | null;
  eckId: string | null;
  groupIds: string[];
  /** The locations the person belongs to (a group or a level there); none: outside every locatiebeheerder's scope. */
  locationIds: string[];
}

export interface BoardSnapshot {
  locations: ExistingLocation[];
  groups: ExistingGroup[];
  people: ExistingPerson[];
  /** The locations the importer administers; null: the whole board (a pakketbeheerder). */
  scope: ReadonlySet<string> | null;
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface Planned<Item, Existing> {
  create: Item[];
  update: { existing: Existing; item: Item; changes: FieldChange[] }[];
  unchanged: { existing: Existing; item: Item }[];
}

export interface PlannedMembership {
  groupKey: string;
  person: RosterPerson;
}

export interface ImportPlan {
  locations: Planned<RosterLocation, ExistingLocation>;
  groups: Planned<RosterGroup, ExistingGroup>;
  staff: Planned<RosterPerson, ExistingPerson>;
  students: Planned<RosterPerson, ExistingPerson>;
  memberships: {
    add: PlannedMembership[];
    remove: { groupId: string; personId: string }[];
    unchanged: number;
  };
  rejected: (RosterRejection & { kind: 'locations' | 'groups' | 'staff' | 'students' | 'memberships' })[];
}

const keyOf = (value: string | null | undefined) => (value ? fold(value.trim()) : null);

function fullNameKey(p: { firstName: string; infix: string | null; lastName: string }): string {
  return fold([p.firstName, p.infix, p.lastName].filter(Boolean).join(' '));
}

function changesOf(pairs: [string, string | null, string | null][]): FieldChange[] {
  return pairs
    .filter(([, from, to]) => (from ?? null) !== (to ?? null))
    .map(([field, from, to]) => ({ field, from, to }));
}

/** One index per matching key; the first holder of a key wins (keys are unique per board anyway). */
function indexBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (k !== null && !map.has(k)) map.set(k, item);
  }
  return map;
}

export function planImport(roster: Roster, board: BoardSnapshot): ImportPlan {
  const rejected: ImportPlan['rejected'] = [];
  const reject = (
    kind: ImportPlan['rejected'][number]['kind'],
    origin: RosterOrigin,
    field: string,
    reason: RejectionReason,
  ) => rejected.push({ kind, origin, field, ...reason });
  for (const r of roster.rejected) rejected.push({ ...r, kind: kindOfRejection(r, roster) });
  const inScope = (locationId: string) => board.scope === null || board.scope.has(locationId);

  // Locations: by source key, then by code, then by name.
  const locBySource = indexBy(board.locations, (l) => l.sourceKey);
  const locById = indexBy(board.locations, (l) => l.id);
  const locByCode = indexBy(board.locations, (l) => keyOf(l.code));
  const locByName = indexBy(board.locations, (l) => keyOf(l.name));
  const locations: ImportPlan['locations'] = { create: [], update: [], unchanged: [] };
  /** roster location key → existing id, or null for one that will be created. */
  const locationTarget = new Map<string, string | null>();
  for (const item of roster.locations) {
    const existing =
      locBySource.get(item.sourceKey) ??
      locById.get(item.sourceKey) ??
      locByCode.get(keyOf(item.code) ?? '') ??
      locByName.get(keyOf(item.name) ?? '');
    if (!existing) {
      if (board.scope !== null) {
        reject(
          'locations',
          item.origin,
          'location',
          reasonOf('LOCATION_NOT_ADMINISTERED', { name: item.name }),
        );
        continue;
      }
      locations.create.push(item);
      locationTarget.set(item.sourceKey, null);
      continue;
    }
    if (!inScope(existing.id)) {
      reject(
        'locations',
        item.origin,
        'location',
        reasonOf('LOCATION_NOT_ADMINISTERED', { name: item.name }),
      );
      continue;
    }
    locationTarget.set(item.sourceKey, existing.id);
    const changes = changesOf([
      ['name', existing.name, item.name],
      ['code', existing.code, codeOf(item.code) ?? existing.code],
      ['sourceKey', existing.sourceKey, sourceKeyAfter(existing, item.sourceKey)],
    ]);
    if (changes.length > 0) locations.update.push({ existing, item, changes });
    else locations.unchanged.push({ existing, item });
  }

  // Groups: by source key, then by name within the same location.
  const groupBySource = indexBy(board.groups, (g) => g.sourceKey);
  const groupById = indexBy(board.groups, (g) => g.id);
  const groupByName = indexBy(board.groups, (g) => `${g.locationId}|${keyOf(g.name)}`);
  const groups: ImportPlan['groups'] = { create: [], update: [], unchanged: [] };
  /** roster group key → existing id, or null for one that will be created. */
  const groupTarget = new Map<string, string | null>();
  for (const item of roster.groups) {
    if (!locationTarget.has(item.locationKey)) {
      reject('groups', item.origin, 'location', reasonOf('GROUP_LOCATION_NOT_IMPORTED', { name: item.name }));
      continue;
    }
    const locationId = locationTarget.get(item.locationKey) ?? null;
    const existing =
      groupBySource.get(item.sourceKey) ??
      groupById.get(item.sourceKey) ??
      (locationId === null ? undefined : groupByName.get(`${locationId}|${keyOf(item.name)}`));
    if (existing && !inScope(existing.locationId)) {
      // The file's key is another location's group: neither moved here nor changed (nor its members).
      reject('groups', item.origin, 'group', reasonOf('GROUP_NOT_ADMINISTERED', { name: item.name }));
      continue;
    }
    if (!existing) {
      groups.create.push(item);
      groupTarget.set(item.sourceKey, null);
      continue;
    }
    groupTarget.set(item.sourceKey, existing.id);
    const changes = changesOf([
      ['name', existing.name, item.name],
      // A file without a jaargroep (a CSV without that column) leaves the group's own alone.
      ['grade', existing.grade, item.grade ?? existing.grade],
      ['location', existing.locationId, locationId ?? `new:${item.locationKey}`],
      ['sourceKey', existing.sourceKey, sourceKeyAfter(existing, item.sourceKey)],
    ]);
    if (changes.length > 0) groups.update.push({ existing, item, changes });
    else groups.unchanged.push({ existing, item });
  }

  // People: by source key, ECK iD, e-mail, username — among people of the same kind.
  const personInScope = (p: ExistingPerson) =>
    board.scope === null || p.locationIds.some((locationId) => inScope(locationId));
  const planPeople = (kind: 'staff' | 'student', items: RosterPerson[]) => {
    const mine = board.people.filter((p) => p.kind === kind);
    const bySource = indexBy(mine, (p) => p.sourceKey);
    const byId = indexBy(mine, (p) => p.id);
    const byEck = indexBy(mine, (p) => p.eckId);
    const byEmail = indexBy(mine, (p) => keyOf(p.email));
    const byUsername = indexBy(mine, (p) => keyOf(p.username));
    // Last: the same name in one of the row's groups (a CSV with names only), when exactly one person fits;
    // only the scope's people (the row's groups are the scope's anyway: this keeps it so if the snapshot is odd).
    const byNameInGroup = new Map<string, ExistingPerson[]>();
    for (const p of mine.filter(personInScope)) {
      for (const groupId of p.groupIds) {
        const k = `${groupId}|${fullNameKey(p)}`;
        byNameInGroup.set(k, [...(byNameInGroup.get(k) ?? []), p]);
      }
    }
    const byName = (item: RosterPerson) => {
      const found = new Set<ExistingPerson>();
      for (const groupKey of item.groupKeys) {
        const groupId = groupTarget.get(groupKey);
        for (const p of groupId ? (byNameInGroup.get(`${groupId}|${fullNameKey(item)}`) ?? []) : [])
          found.add(p);
      }
      return found.size === 1 ? [...found][0] : undefined;
    };
    const plan: Planned<RosterPerson, ExistingPerson> = { create: [], update: [], unchanged: [] };
    const label = kind === 'staff' ? 'staff' : 'students';
    const claimed = new Set<string>();
    /** The person a row's values match, and by which value; the first that matches decides. */
    const matchOf = (
      item: RosterPerson,
    ): [ExistingPerson, 'key' | 'eckId' | 'email' | 'username'] | undefined => {
      const matches = [
        ['key', item.sourceKey ? (bySource.get(item.sourceKey) ?? byId.get(item.sourceKey)) : undefined],
        ['eckId', item.eckId ? byEck.get(item.eckId) : undefined],
        ['email', item.email ? byEmail.get(keyOf(item.email) ?? '') : undefined],
        ['username', item.username ? byUsername.get(keyOf(item.username) ?? '') : undefined],
      ] as const;
      for (const [by, person] of matches) if (person) return [person, by];
      return undefined;
    };
    for (const item of items) {
      const match = matchOf(item);
      if (match && !personInScope(match[0])) {
        // Said as for a value another person holds: nothing of the matched person (name, school) shows.
        reject(label, item.origin, match[1], reasonOf('TAKEN_ON_BOARD', { kind: match[1] }));
        continue;
      }
      // A name is looked for only among the scope's people (see byNameInGroup).
      const existing =
        match?.[0] ?? (item.sourceKey || item.email || item.username ? undefined : byName(item));
      if (existing && claimed.has(existing.id)) {
        reject(label, item.origin, '', reasonOf('PERSON_MATCHED_TWICE'));
        continue;
      }
      const unknownGroup = item.groupKeys.find((g) => !groupTarget.has(g));
      if (unknownGroup !== undefined) {
        reject(label, item.origin, 'group', reasonOf('GROUP_UNKNOWN', { key: unknownGroup }));
        continue;
      }
      const taken = unique.claim(item, existing);
      if (taken) {
        reject(label, item.origin, taken.field, taken.reason);
        continue;
      }
      if (existing) {
        claimed.add(existing.id);
        const changes = changesOf([
          ['firstName', existing.firstName, item.firstName],
          ['infix', existing.infix, item.infix],
          ['lastName', existing.lastName, item.lastName],
          ['email', existing.email, item.email ?? existing.email],
          ['username', existing.username, item.username ?? existing.username],
          ['sourceKey', existing.sourceKey, sourceKeyAfter(existing, item.sourceKey)],
          ['eckId', existing.eckId, item.eckId ?? existing.eckId],
        ]);
        if (changes.length > 0) plan.update.push({ existing, item, changes });
        else plan.unchanged.push({ existing, item });
      } else {
        plan.create.push(item);
      }
    }
    return plan;
  };
  const unique = new UniqueValues(board.people);
  const students = planPeople('student', roster.students);
  const staff = planPeople('staff', roster.staff);

  // Memberships of imported people in imported groups: added when missing; removed when the person is in the
  // file, the group comes from a source and lies in the scope, and the file no longer puts them together.
  const memberships: ImportPlan['memberships'] = { add: [], remove: [], unchanged: 0 };
  const sourceGroupIds = new Set(
    board.groups.filter((g) => g.sourceKey !== null && inScope(g.locationId)).map((g) => g.id),
  );
  for (const plan of [staff, students]) {
    for (const item of plan.create)
      for (const groupKey of item.groupKeys) memberships.add.push({ groupKey, person: item });
    for (const { existing, item } of [...plan.update, ...plan.unchanged]) {
      const wanted = new Set<string>();
      for (const groupKey of item.groupKeys) {
        const groupId = groupTarget.get(groupKey) ?? null;
        if (groupId !== null) wanted.add(groupId);
        if (groupId === null || !existing.groupIds.includes(groupId))
          memberships.add.push({ groupKey, person: item });
        else memberships.unchanged += 1;
      }
      for (const groupId of existing.groupIds) {
        if (sourceGroupIds.has(groupId) && !wanted.has(groupId))
          memberships.remove.push({ groupId, personId: existing.id });
      }
    }
  }
  return { locations, groups, staff, students, memberships, rejected };
}

/** Who holds a value the board keeps unique: one of the board's people, or a row of the file (planned for one). */
interface Holder {
  personId: string | null;
  item: RosterPerson | null;
}

/**
 * The board's unique values per person (source key, e-mail key, username key), and the rows of the file that
 * claimed them while they were planned.
 */
class UniqueValues {
  private readonly holders = {
    key: new Map<string, Holder>(),
    email: new Map<string, Holder>(),
    username: new Map<string, Holder>(),
  };

  constructor(people: readonly ExistingPerson[]) {
    for (const person of people) {
      const holder = { personId: person.id, item: null };
      for (const [field, value] of UniqueValues.valuesOf(person)) {
        if (value !== null && !this.holders[field].has(value)) this.holders[field].set(value, holder);
      }
    }
  }

  private static valuesOf(person: {
    sourceKey: string | null;
    email: string | null;
    username: string | null;
  }): ['key' | 'email' | 'username', string | null][] {
    return [
      ['key', person.sourceKey],
      ['email', emailKeyOf(person.email)],
      ['username', person.username?.trim().toLowerCase() || null],
    ];
  }

  /**
   * Claims the values the row's person will have after the import (the row's, else what the matched person has);
   * answers the field and reason of the first value someone else holds, and then claims nothing.
   */
  claim(
    item: RosterPerson,
    existing: ExistingPerson | undefined,
  ): { field: string; reason: RejectionReason } | null {
    const values = UniqueValues.valuesOf({
      sourceKey: item.sourceKey ?? existing?.sourceKey ?? null,
      email: item.email ?? existing?.email ?? null,
      username: item.username ?? existing?.username ?? null,
    });
    for (const [field, value] of values) {
      const holder = value === null ? undefined : this.holders[field].get(value);
      if (holder === undefined) continue;
      const same = existing ? holder.personId === existing.id : holder.item === item;
      if (same) continue;
      // Another row: its kind and row say which (a OneRoster row is always a line of the users file, as this one).
      const reason =
        holder.item === null
          ? reasonOf('TAKEN_ON_BOARD', { kind: field })
          : reasonOf(holder.item.kind === 'staff' ? 'TAKEN_BY_STAFF_ROW' : 'TAKEN_BY_STUDENT_ROW', {
              kind: field,
              row: holder.item.origin.row,
            });
      return { field, reason };
    }
    const holder = { personId: existing?.id ?? null, item };
    for (const [field, value] of values) if (value !== null) this.holders[field].set(value, holder);
    return null;
  }
}

function kindOfRejection(r: RosterRejection, roster: Roster): ImportPlan['rejected'][number]['kind'] {
  if (r.kind) return r.kind;
  const file = r.origin.file?.toLowerCase() ?? '';
  if (file.startsWith('orgs')) return 'locations';
  if (file.startsWith('classes')) return 'groups';
  if (file.startsWith('enrollments')) return 'memberships';
  return roster.staff.length > 0 && roster.students.length === 0 ? 'staff' : 'students';
}

/** The preview the API answers (stable contract): counts per kind, and the rejected rows. */
export function previewOf(plan: ImportPlan, limit = 1000) {
  const counts = (p: Planned<unknown, unknown>, kind: ImportPlan['rejected'][number]['kind']) => ({
    new: p.create.length,
    changed: p.update.length,
    unchanged: p.unchanged.length,
    rejected: plan.rejected.filter((r) => r.kind === kind).length,
  });
  const changes = [
    ...plan.locations.update.map((u) => ({ kind: 'locations', name: u.item.name, changes: u.changes })),
    ...plan.groups.update.map((u) => ({ kind: 'groups', name: u.item.name, changes: u.changes })),
    ...[...plan.staff.update, ...plan.students.update].map((u) => ({
      kind: u.existing.kind === 'staff' ? 'staff' : 'students',
      name: [u.item.firstName, u.item.infix, u.item.lastName].filter(Boolean).join(' '),
      changes: u.changes,
    })),
  ];
  return {
    locations: counts(plan.locations, 'locations'),
    groups: counts(plan.groups, 'groups'),
    staff: counts(plan.staff, 'staff'),
    students: counts(plan.students, 'students'),
    memberships: {
      new: plan.memberships.add.length,
      changed: plan.memberships.remove.length,
      unchanged: plan.memberships.unchanged,
      rejected: plan.rejected.filter((r) => r.kind === 'memberships').length,
    },
    rejected: plan.rejected.slice(0, limit).map((r) => ({
      row: r.origin.row,
      ...(r.origin.file ? { file: r.origin.file } : {}),
      kind: r.kind,
      field: r.field,
      reason: r.reason,
      // The console shows the code's text in its own language; `reason` is the same in English.
      code: r.code,
      ...(r.params ? { params: r.params } : {}),
    })),
    changes: changes.slice(0, limit),
  };
}

/**
 * The source key a matched row keeps: the file's, unless the file names the row by Schoolpas's own id (our own
 * export of a row that came from no import), which is no key to record.
 */
export function sourceKeyAfter(
  existing: { id: string; sourceKey: string | null },
  key: string | null,
): string | null {
  return key === null || key === existing.id ? existing.sourceKey : key;
}
