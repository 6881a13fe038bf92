import { Type } from '@sinclair/typebox';
import { Id, ListQuery, Name, Timestamp } from '../../http/schemas.ts';
import { PICTURES } from '../credentials/index.ts';
import { GRADES, SIGN_IN_METHODS } from './groups.service.ts';

export const SignInMethodSchema = Type.Union(SIGN_IN_METHODS.map((m) => Type.Literal(m)));
const Grade = Type.Union([Type.Union(GRADES.map((g) => Type.Literal(g))), Type.Null()], {
  description: 'EDEXML jaargroep code',
});
const Icon = Type.Union([Type.Union(PICTURES.map((p) => Type.Literal(p.id))), Type.Null()], {
  description: 'A picture id of the picture set (GET /api/v1/pictures), shown on the school sign-in page',
});

export const GroupSchema = Type.Object(
  {
    id: Id,
    name: Type.String(),
    locationId: Id,
    grade: Type.Union([Type.String(), Type.Null()]),
    icon: Type.Union([Type.String(), Type.Null()]),
    showOnSignInPage: Type.Boolean(),
    signInMethod: SignInMethodSchema,
    staffCount: Type.Optional(Type.Integer()),
    studentCount: Type.Optional(Type.Integer()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Group' },
);

const fields = {
  name: Name,
  locationId: Id,
  grade: Type.Optional(Grade),
  icon: Type.Optional(Icon),
  showOnSignInPage: Type.Optional(Type.Boolean()),
  signInMethod: Type.Optional(SignInMethodSchema),
};

export const GroupCreateBody = Type.Object(fields, { additionalProperties: false });
export const GroupPatchBody = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  minProperties: 1,
});
export const GroupListQuery = Type.Object(
  { q: ListQuery.q, location: Type.Optional(Id), limit: ListQuery.limit, cursor: ListQuery.cursor },
  { additionalProperties: false },
);
