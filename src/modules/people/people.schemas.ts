import { Type } from '@sinclair/typebox';
import { Email, Id, ListQuery, Name, OptionalText, Timestamp } from '../../http/schemas.ts';
import { LOCATION_LEVELS } from '../access/index.ts';
import { SignInMethodSchema } from '../groups/index.ts';

const Level = Type.Union(LOCATION_LEVELS.map((l) => Type.Literal(l)));
const Language = Type.Union([Type.Literal('nl'), Type.Literal('en')]);
const Infix = Type.Optional(OptionalText(20));
const GroupIds = Type.Array(Id, { maxItems: 200, uniqueItems: true });
const Password = Type.String({ minLength: 1, maxLength: 128 });
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const LocationAssignment = Type.Object({ locationId: Id, level: Level }, { additionalProperties: false });

export const PeopleListQuery = Type.Object(
  {
    ...ListQuery,
    location: Type.Optional(Id),
    group: Type.Optional(Id),
    locked: Type.Optional(Type.Boolean({ description: 'Only accounts that are locked now' })),
  },
  { additionalProperties: false },
);

const nameOut = {
  id: Id,
  firstName: Type.String(),
  infix: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.String(),
  displayName: Type.String(),
};

export const StaffSchema = Type.Object(
  {
    ...nameOut,
    email: Type.Union([Type.String(), Type.Null()]),
    language: Type.String(),
    isBoardAdmin: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    lockedUntil: Type.Union([Type.String(), Type.Null()]),
    lockReason: Type.Union([Type.Literal('password'), Type.Literal('pictures'), Type.Null()]),
    locations: Type.Array(Type.Object({ locationId: Id, level: Level })),
    groupIds: Type.Array(Id),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Staff' },
);

const staffFields = {
  firstName: Name,
  infix: Infix,
  lastName: Name,
  email: Email,
  language: Type.Optional(Language),
  isBoardAdmin: Type.Optional(Type.Boolean()),
  locations: Type.Optional(Type.Array(LocationAssignment, { maxItems: 500 })),
  groupIds: Type.Optional(GroupIds),
};
export const StaffCreateBody = Type.Object(
  { ...staffFields, password: Type.Optional(Password) },
  { additionalProperties: false },
);
export const StaffPatchBody = Type.Partial(Type.Object(staffFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const StudentSchema = Type.Object(
  {
    ...nameOut,
    email: Type.Union([Type.String(), Type.Null()]),
    username: Type.String(),
    signInMethod: Type.Union([SignInMethodSchema, Type.Null()]),
    privacyConsent: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    hasPicturePassword: Type.Boolean(),
    lockedUntil: Type.Union([Type.String(), Type.Null()]),
    lockReason: Type.Union([Type.Literal('password'), Type.Literal('pictures'), Type.Null()]),
    groupIds: Type.Array(Id),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Student' },
);

const studentFields = {
  firstName: Name,
  infix: Infix,
  lastName: Name,
  email: Type.Optional(Type.Union([Email, Type.Null()])),
  username: Type.Optional(Username),
  groupIds: Type.Optional(GroupIds),
  signInMethod: Type.Optional(Type.Union([SignInMethodSchema, Type.Null()])),
  privacyConsent: Type.Optional(Type.Boolean()),
};
export const StudentCreateBody = Type.Object(
  { ...studentFields, password: Type.Optional(Password) },
  { additionalProperties: false },
);
export const StudentPatchBody = Type.Partial(Type.Object(studentFields), {
  additionalProperties: false,
  minProperties: 1,
});

const Member = Type.Object({
  personId: Id,
  kind: Type.Union([Type.Literal('staff'), Type.Literal('student')]),
  firstName: Type.String(),
  infix: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.String(),
  displayName: Type.String(),
});
export const MembersSchema = Type.Object({ staff: Type.Array(Member), students: Type.Array(Member) });
export const MemberBody = Type.Object({ personId: Id }, { additionalProperties: false });
export const MemberParams = Type.Object({ id: Id, personId: Id }, { additionalProperties: false });
