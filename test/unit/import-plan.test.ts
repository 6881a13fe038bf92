import { describe, expect, it } from 'vitest';
import { type BoardSnapshot, planImport, previewOf } from '../../src/modules/imports/plan.ts';
import type { Roster, RosterPerson } from '../../src/modules/imports/roster.ts';

const person = (row: number, over: Partial<RosterPerson>): RosterPerson => ({
  origin: { row },
  kind: 'student',
  sourceKey: null,
  eckId: null,
  firstName: 'Kind',
  infix: null,
  lastName: `Nummer${row}`,
  email: null,
  username: null,
  groupKeys: [],
  locationKeys: [],
  ...over,
});

/** One school, two groups, a teacher and three children. */
function roster(): Roster {
  return {
    format: 'edexml',
    locations: [{ origin: { row: 1 }, sourceKey: 'V1', name: 'De Linde', code: '12AB00' }],
    groups: [
      { origin: { row: 1 }, sourceKey: 'G3', name: 'Groep 3', locationKey: 'V1', grade: '3' },
      { origin: { row: 2 }, sourceKey: 'G4', name: 'Groep 4', locationKey: 'V1', grade: '4' },
    ],
    staff: [
      person(1, {
        kind: 'staff',
        sourceKey: 'T1',
        firstName: 'Els',
        lastName: 'Bos',
        email: 'els@school.nl',
        groupKeys: ['G3'],
      }),
    ],
    students: [
      person(1, { sourceKey: 'L1', firstName: 'Daan', infix: 'de', lastName: 'Vries', groupKeys: ['G3'] }),
      person(2, { sourceKey: 'L2', firstName: 'Fleur', lastName: 'Bakker', groupKeys: ['G3', 'G4'] }),
      person(3, { sourceKey: 'L3', firstName: 'Sem', lastName: 'Kok', groupKeys: ['G4'] }),
    ],
    rejected: [],
  };
}

const empty: BoardSnapshot = { locations: [], groups: [], people: [], scope: null };

/** The board as it would be after applying `roster` to an empty board (ids made up). */
function applied(r: Roster): BoardSnapshot {
  const groupId = (key: string) => `group-${key}`;
  return {
    locations: r.locations.map((l) => ({
      id: `loc-${l.sourceKey}`,
      name: l.name,
      code: l.code,
      sourceKey: l.sourceKey,
    })),
    groups: r.groups.map((g) => ({
      id: groupId(g.sourceKey),
      name: g.name,
      locationId: `loc-${g.locationKey}`,
      grade: g.grade,
      sourceKey: g.sourceKey,
    })),
    people: [...r.staff, ...r.students].map((p) => ({
      id: `person-${p.sourceKey}`,
      kind: p.kind,
      firstName: p.firstName,
      infix: p.infix,
      lastName: p.lastName,
      email: p.email,
      username: p.username,
      sourceKey: p.sourceKey,
      eckId: p.eckId,
      groupIds: p.groupKeys.map(groupId),
    })),
    scope: null,
  };
}

describe('planning an import', () => {
  it('should create everything on an empty board', () => {
    const preview = previewOf(planImport(roster(), empty));
    expect(preview).toMatchObject({
      locations: { new: 1, changed: 0, unchanged: 0, rejected: 0 },
      groups: { new: 2, changed: 0, unchanged: 0 },
      staff: { new: 1 },
      students: { new: 3 },
      memberships: { new: 5, changed: 0, unchanged: 0 },
      rejected: [],
    });
  });

  it('should change nothing when the same file comes again', () => {
    const preview = previewOf(planImport(roster(), applied(roster())));
    expect(preview).toMatchObject({
      locations: { new: 0, changed: 0, unchanged: 1 },
      groups: { new: 0, changed: 0, unchanged: 2 },
      staff: { new: 0, changed: 0, unchanged: 1 },
      students: { new: 0, changed: 0, unchanged: 3 },
      memberships: { new: 0, changed: 0, unchanged: 5 },
    });
  });

  it('should update in place, field by field, and end memberships the file no longer has', () => {
    const next = roster();
    next.students[1] = {
      ...(next.students[1] as RosterPerson),
      lastName: 'Bakker-Jansen',
      groupKeys: ['G4'],
    };
    const plan = planImport(next, applied(roster()));
    expect(plan.students.update).toHaveLength(1);
    expect(plan.students.update[0]?.changes).toEqual([
      { field: 'lastName', from: 'Bakker', to: 'Bakker-Jansen' },
    ]);
    expect(plan.memberships.remove).toEqual([{ groupId: 'group-G3', personId: 'person-L2' }]);
    expect(previewOf(plan).changes).toEqual([
      {
        kind: 'students',
        name: 'Fleur Bakker-Jansen',
        changes: [{ field: 'lastName', from: 'Bakker', to: 'Bakker-Jansen' }],
      },
    ]);
  });

  it("should leave a group's jaargroep alone when the file has none for it", () => {
    const next = roster();
    next.groups = next.groups.map((g) => ({ ...g, grade: null }));
    const plan = planImport(next, applied(roster()));
    expect(plan.groups.update).toEqual([]);
    expect(plan.groups.unchanged).toHaveLength(2);
  });

  it('should recognise a row named by its own id (our export) without recording the id as its key', () => {
    const board = applied(roster());
    board.people = board.people.map((p) => ({ ...p, sourceKey: null }));
    const next = roster();
    next.students = next.students.map((s) => ({ ...s, sourceKey: `person-${s.sourceKey}` }));
    const plan = planImport(next, board);
    expect(plan.students.unchanged).toHaveLength(3);
    expect(plan.students.create).toEqual([]);
  });

  it('should match people without a source key by e-mail, then username', () => {
    const board = applied(roster());
    for (const p of board.people) p.sourceKey = null;
    const byEmail = roster();
    const plan = planImport(byEmail, board);
    // The teacher has an e-mail: matched, and the source key is new information.
    expect(plan.staff.update[0]?.changes).toEqual([{ field: 'sourceKey', from: null, to: 'T1' }]);
    // The students have neither: they would be new.
    expect(plan.students.create).toHaveLength(3);
  });

  it('should match a name-only row by the same name in its group, unless two people fit', () => {
    const board = applied(roster());
    const nameOnly = roster();
    for (const p of nameOnly.students) p.sourceKey = null;
    expect(planImport(nameOnly, board).students.unchanged).toHaveLength(3);
    // A namesake in the same group: no guess, the row would be a new person.
    board.people.push({
      ...(board.people.find((p) => p.sourceKey === 'L1') as (typeof board.people)[number]),
      id: 'twin',
    });
    const plan = planImport(nameOnly, board);
    expect(plan.students.create.map((p) => p.firstName)).toEqual(['Daan']);
  });

  it("should reject a student in a group the file does not have, and another kind's e-mail", () => {
    const r = roster();
    r.students.push(person(4, { sourceKey: 'L4', groupKeys: ['G9'] }));
    r.students.push(person(5, { sourceKey: 'L5', email: 'els@school.nl', groupKeys: ['G3'] }));
    const preview = previewOf(planImport(r, applied(roster())));
    expect(preview.rejected).toEqual([
      {
        row: 4,
        kind: 'students',
        field: 'group',
        reason: 'the group "G9" is not in the file or not imported',
        code: 'GROUP_UNKNOWN',
        params: { key: 'G9' },
      },
      {
        row: 5,
        kind: 'students',
        field: 'email',
        reason: 'this e-mail address belongs to another person of the board',
        code: 'TAKEN_ON_BOARD',
        params: { kind: 'email' },
      },
    ]);
    expect(preview.students.rejected).toBe(2);
  });

  it('should reject the second of two rows with the same e-mail address, naming the first row', () => {
    const r = roster();
    r.students.push(person(4, { sourceKey: 'L4', email: 'twin@school.nl', groupKeys: ['G3'] }));
    r.students.push(person(5, { sourceKey: 'L5', email: 'Twin@school.nl', groupKeys: ['G3'] }));
    const preview = previewOf(planImport(r, empty));
    expect(preview.rejected).toEqual([
      {
        row: 5,
        kind: 'students',
        field: 'email',
        reason: 'the same e-mail address as the student in row 4',
        code: 'TAKEN_BY_STUDENT_ROW',
        params: { kind: 'email', row: 4 },
      },
    ]);
  });

  it('should keep a locatiebeheerder to their own locations', () => {
    const board = { ...applied(roster()), scope: new Set<string>() };
    const plan = planImport(roster(), board);
    expect(plan.rejected.map((r) => [r.kind, r.field])).toContainEqual(['locations', 'location']);
    expect(plan.groups.create).toHaveLength(0);
    const onEmpty = planImport(roster(), { ...empty, scope: new Set(['loc-elsewhere']) });
    expect(onEmpty.locations.create).toHaveLength(0);
    expect(onEmpty.rejected[0]?.reason).toBe('"De Linde" is not one of the locations you administer');
  });
});
