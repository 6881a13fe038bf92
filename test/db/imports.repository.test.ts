import { describe, expect, it } from 'vitest';
import { seedBoard } from '../../src/demo/seed.ts';
import { findBoardSnapshot } from '../../src/modules/imports/imports.repository.ts';
import { describeEach } from '../support/harness.ts';

describeEach('imports repository', (t) => {
  describe("when the planner asks for a board's state", () => {
    it('should give every location, group and person once, with their groups, and nothing of another board', async () => {
      const { ctx } = t();
      const shape = {
        locations: 2,
        groupsPerLocation: 3,
        studentsPerGroup: 4,
        vary: false,
        teachersPerLocation: 2,
      };
      const seeded = await seedBoard(ctx, { ...shape, seed: 1 });
      await seedBoard(ctx, { ...shape, seed: 2 });
      const snapshot = await findBoardSnapshot(ctx.db, seeded.boardId);
      expect(snapshot.locations.map((l) => l.id).sort()).toEqual([...seeded.locationIds].sort());
      expect(snapshot.groups.map((g) => g.id).sort()).toEqual([...seeded.groupIds].sort());
      const students = snapshot.people.filter((p) => p.kind === 'student');
      expect(students).toHaveLength(seeded.counts.students);
      expect(snapshot.people).toHaveLength(seeded.counts.students + seeded.counts.staff);
      // Each student is in exactly one of this board's groups; the memberships come out per person.
      for (const s of students) {
        expect(s.groupIds).toHaveLength(1);
        expect(seeded.groupIds).toContain(s.groupIds[0]);
      }
      expect(snapshot.people.every((p) => p.sourceKey === null && p.eckId === null)).toBe(true);
    });
  });
});
