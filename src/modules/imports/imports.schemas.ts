import { Type } from '@sinclair/typebox';

/** The answers of the import routes (see docs/api.md "Imports"). */

const Counts = Type.Object({
  new: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
});
const Columns = Type.Union([
  Type.Object({
    headers: Type.Array(Type.String()),
    mapping: Type.Object(
      { group: Type.Array(Type.Integer()) },
      { additionalProperties: Type.Union([Type.Integer(), Type.Null(), Type.Array(Type.Integer())]) },
    ),
    unmatched: Type.Array(Type.String()),
    ignored: Type.Array(Type.String()),
  }),
  Type.Null(),
]);
const Status = Type.Union(
  ['preview', 'queued', 'running', 'applied', 'failed', 'discarded'].map((s) => Type.Literal(s)),
);
export const ImportAnswer = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  kind: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  preview: Type.Object(
    {
      locations: Counts,
      groups: Counts,
      staff: Counts,
      students: Counts,
      memberships: Counts,
      rejected: Type.Array(
        Type.Object({
          row: Type.Integer(),
          file: Type.Optional(Type.String()),
          kind: Type.String(),
          field: Type.String(),
          reason: Type.String(),
          // Optional: previews stored before rejections had codes have none.
          code: Type.Optional(Type.String()),
          params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
        }),
      ),
      changes: Type.Array(Type.Unknown()),
    },
    { additionalProperties: true },
  ),
  columns: Columns,
  result: Type.Union([Type.Unknown(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ImportSummary = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  kind: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  counts: Type.Object({
    locations: Counts,
    groups: Counts,
    staff: Counts,
    students: Counts,
    memberships: Counts,
  }),
  result: Type.Union([Type.Unknown(), Type.Null()]),
  createdBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const NewStudentPasswords = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      username: Type.String(),
      groups: Type.Array(Type.String()),
      signInMethod: Type.String(),
      temporaryPassword: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  total: Type.Integer(),
});
