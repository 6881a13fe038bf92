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
      locationIds: [
        ...new Set(p.groupKeys.map((g) => `loc-${r.groups.find((x) => x.sourceKey === g)?.locationKey}`)),
      ],
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

  describe('when a locatiebeheerder imports into a board with another school', () => {
    /** De Linde (loc-V1, the roster's) and Het Anker (loc-V2), with a group and a teacher, Jan Anker, of its own. */
    function twoSchools(scope: ReadonlySet<string> | null): BoardSnapshot {
      const board = applied(roster());
      board.locations.push({ id: 'loc-V2', name: 'Het Anker', code: '34CD00', sourceKey: 'V2' });
      board.groups.push({
        id: 'group-A8',
        name: 'Groep 8',
        locationId: 'loc-V2',
        grade: '8',
        sourceKey: 'A8',
      });
      board.people.push({
        id: 'person-T9',
        kind: 'staff',
        firstName: 'Jan',
        infix: null,
        lastName: 'Anker',
        email: 'jan@anker.nl',
        username: 'jan.anker',
        sourceKey: 'T9',
        eckId: 'https://id.school/jan',
        groupIds: ['group-A8'],
        locationIds: ['loc-V2'],
      });
      return { ...board, scope };
    }
    const mine = new Set(['loc-V1']);
    /** The roster's teacher, with these values instead of her own (and no key unless given). */
    const teacherWith = (over: Partial<RosterPerson>): Roster => {
      const r = roster();
      r.staff = [{ ...(r.staff[0] as RosterPerson), sourceKey: null, email: null, ...over }];
      return r;
    };

    it.each([
      ['key', { sourceKey: 'T9' }],
      ['key', { sourceKey: 'person-T9' }],
      ['eckId', { eckId: 'https://id.school/jan' }],
      ['email', { email: 'JAN@anker.nl' }],
      ['username', { username: 'jan.anker' }],
    ] as const)(
      'should reject a row matching a teacher of the other school by %s, naming no one',
      (field, over) => {
        const plan = planImport(teacherWith(over), twoSchools(mine));
        expect(plan.staff).toEqual({ create: [], update: [], unchanged: [] });
        const preview = previewOf(plan);
        expect(preview.rejected).toEqual([
          {
            row: 1,
            kind: 'staff',
            field,
            reason: expect.stringMatching(/ belongs to another person of the board$/),
            code: 'TAKEN_ON_BOARD',
            params: { kind: field },
          },
        ]);
        expect(preview.changes).toEqual([]);
        expect(JSON.stringify(preview)).not.toMatch(/Jan|Anker|person-T9|group-A8/);
        expect(plan.memberships.remove).toEqual([]);
      },
    );

    it("should reject the other school's e-mail with the same words as an e-mail of another kind of person", () => {
      const otherSchool = previewOf(planImport(teacherWith({ email: 'jan@anker.nl' }), twoSchools(mine)));
      const r = roster();
      r.students.push(person(4, { sourceKey: 'L4', email: 'els@school.nl', groupKeys: ['G3'] }));
      const otherKind = previewOf(planImport(r, twoSchools(mine)));
      const strip = ({ row: _row, kind: _kind, ...rest }: (typeof otherKind.rejected)[number]) => rest;
      expect(otherSchool.rejected.map(strip)).toEqual(otherKind.rejected.map(strip));
    });

    it('should reject a row matching a person with no location at all', () => {
      const board = twoSchools(mine);
      for (const p of board.people)
        if (p.id === 'person-T9') Object.assign(p, { groupIds: [], locationIds: [] });
      const preview = previewOf(planImport(teacherWith({ email: 'jan@anker.nl' }), board));
      expect(preview.rejected).toEqual([expect.objectContaining({ field: 'email', code: 'TAKEN_ON_BOARD' })]);
      expect(preview.staff.changed).toBe(0);
    });

    it("should reject a group whose key is another school's group, and the rows in it", () => {
      for (const key of ['A8', 'group-A8']) {
        const r = roster();
        r.groups.push({ origin: { row: 3 }, sourceKey: key, name: 'Groep 8', locationKey: 'V1', grade: '8' });
        r.students.push(person(4, { sourceKey: 'L4', groupKeys: [key] }));
        const plan = planImport(r, twoSchools(mine));
        expect(plan.groups.update).toEqual([]);
        expect(plan.groups.unchanged).toHaveLength(2);
        expect(plan.groups.create).toEqual([]);
        expect(plan.students.create).toEqual([]);
        expect(plan.memberships.add.map((m) => m.groupKey)).not.toContain(key);
        const preview = previewOf(plan);
        expect(preview.rejected).toEqual([
          {
            row: 3,
            kind: 'groups',
            field: 'group',
            reason: 'the key of group "Groep 8" belongs to a group of a location you do not administer',
            code: 'GROUP_NOT_ADMINISTERED',
            params: { name: 'Groep 8' },
          },
          expect.objectContaining({ row: 4, kind: 'students', code: 'GROUP_UNKNOWN' }),
        ]);
        expect(preview.changes).toEqual([]);
        expect(JSON.stringify(preview)).not.toContain('loc-V2');
      }
    });

    it('should update a teacher of both schools, but end only her memberships in its own groups', () => {
      const board = twoSchools(mine);
      board.groups.push({
        id: 'group-G5',
        name: 'Groep 5',
        locationId: 'loc-V1',
        grade: '5',
        sourceKey: 'G5',
      });
      for (const p of board.people) {
        if (p.sourceKey === 'T1')
          Object.assign(p, { groupIds: ['group-G5', 'group-A8'], locationIds: ['loc-V1', 'loc-V2'] });
      }
      const plan = planImport(roster(), board);
      expect(plan.staff.unchanged).toHaveLength(1);
      expect(plan.memberships.remove).toEqual([{ groupId: 'group-G5', personId: 'person-T1' }]);
    });

    it('should match everyone for a pakketbeheerder, and end memberships in any school', () => {
      const r = teacherWith({ email: 'jan@anker.nl', firstName: 'Johannes', lastName: 'Anker' });
      const plan = planImport(r, twoSchools(null));
      expect(plan.rejected).toEqual([]);
      expect(plan.staff.update).toEqual([
        expect.objectContaining({
          existing: expect.objectContaining({ id: 'person-T9' }),
          changes: [{ field: 'firstName', from: 'Jan', to: 'Johannes' }],
        }),
      ]);
      expect(plan.memberships.remove).toEqual([{ groupId: 'group-A8', personId: 'person-T9' }]);
      const moved = roster();
      moved.groups.push({
        origin: { row: 3 },
        sourceKey: 'A8',
        name: 'Groep 8',
        locationKey: 'V1',
        grade: '8',
      });
      expect(planImport(moved, twoSchools(null)).groups.update[0]?.changes).toEqual([
        { field: 'location', from: 'loc-V2', to: 'loc-V1' },
      ]);
    });
  });
});
