import { Avatar } from './Avatar.tsx';
import type { SignInGroup, SignInStudent } from './signin-api.ts';

/** "Emma J.": what a child recognises as their name, and all the page shows of it. */
export function shortName(student: Pick<SignInStudent, 'firstName' | 'initial'>): string {
  return student.initial ? `${student.firstName} ${student.initial}.` : student.firstName;
}

/** The location's visible groups as large tiles: the group's picture and its name. */
export function GroupTiles({
  groups,
  onChoose,
}: {
  groups: SignInGroup[];
  onChoose: (group: SignInGroup) => void;
}) {
  return (
    <ul className="school-tiles">
      {groups.map((group) => (
        <li key={group.id}>
          <button type="button" className="school-tile" onClick={() => onChoose(group)}>
            {group.icon ? (
              <img src={`/api/v1/pictures/${encodeURIComponent(group.icon)}.svg`} alt="" />
            ) : (
              <Avatar id={group.id} name={group.name} size={80} />
            )}
            <span>{group.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A group's children as tiles, in the order the server gives them: avatar, first name and initial. */
export function NameTiles({
  students,
  onChoose,
}: {
  students: SignInStudent[];
  onChoose: (student: SignInStudent) => void;
}) {
  return (
    <ul className="school-tiles school-tiles--names">
      {students.map((student) => (
        <li key={student.id}>
          <button type="button" className="school-tile" onClick={() => onChoose(student)}>
            <Avatar id={student.id} name={student.firstName} />
            <span>{shortName(student)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
