import { type TSchema, Type } from '@sinclair/typebox';

/** Schemas every module's routes share. Objects refuse unknown fields (the ajv option removeAdditional is off). */

export const Id = Type.String({ format: 'uuid', description: 'A UUIDv7' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** A person's or a thing's name: 1–100 characters, not only spaces. */
export const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const OptionalText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Timestamp = Type.String({ format: 'date-time' });

export const ListQuery = {
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    total: Type.Integer(),
  });
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem' },
);

/** Problem answers most routes can give, for the OpenAPI document. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, Type.Ref('Problem')]));
