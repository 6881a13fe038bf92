import { Type } from '@sinclair/typebox';
import { Id, ListQuery, Name, Timestamp } from '../../http/schemas.ts';

const Code = Type.Union([Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9 _-]*$' }), Type.Null()], {
  description: 'Optional location code, e.g. BRIN + vestiging "99ZZ00"',
});

export const LocationSchema = Type.Object(
  {
    id: Id,
    name: Type.String(),
    code: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Location' },
);

export const LocationCreateBody = Type.Object(
  { name: Name, code: Type.Optional(Code) },
  { additionalProperties: false },
);
export const LocationPatchBody = Type.Object(
  { name: Type.Optional(Name), code: Type.Optional(Code) },
  { additionalProperties: false, minProperties: 1 },
);
export const LocationListQuery = Type.Object({ q: ListQuery.q }, { additionalProperties: false });
