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
    allowedNetworks: Type.Array(Type.String()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Location' },
);

const Networks = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  maxItems: 100,
  description:
    'CIDR ranges (or single addresses) from which the school sign-in page shows names; empty: nowhere. Board administrators only.',
});

export const LocationCreateBody = Type.Object(
  { name: Name, code: Type.Optional(Code), allowedNetworks: Type.Optional(Networks) },
  { additionalProperties: false },
);
export const LocationPatchBody = Type.Object(
  { name: Type.Optional(Name), code: Type.Optional(Code), allowedNetworks: Type.Optional(Networks) },
  { additionalProperties: false, minProperties: 1 },
);
export const LocationListQuery = Type.Object({ q: ListQuery.q }, { additionalProperties: false });
