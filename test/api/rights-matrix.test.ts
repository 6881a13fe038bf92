import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, expectStatus } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';
import { allCases, type BoardSettings, type Body, type MatrixCase } from '../support/matrix-cases.ts';
import { ACTOR_KEYS, ACTORS, type ActorKey, type PersonModel } from '../support/matrix-oracle.ts';
import { API, missingId, Scratch, seedWorld, type World } from '../support/matrix-world.ts';

/**
 * The rights matrix of PRODUCT.md §2: every role × every action of the API × targets inside and outside the
 * actor's scope and in another board, on every database. The expected answers come from the oracle in
 * test/support/matrix-oracle.ts (docs/rights.md written down again), never from src/modules/access.
 *
 * Reads look at fixtures seeded once; every write works on fresh stand-ins built for the case and removed after
 * it, so no case depends on another. An answer about another board's thing must be exactly the answer about a
 * missing one, which each such case checks as well.
 */

const CASES = allCases();

function json(body: string): Body {
  if (body.startsWith('%PDF-')) return { pdf: true };
  // Exports: CSV text (with its byte order mark) or a zip (Excel, OneRoster).
  if (body.startsWith('\uFEFF') || body.startsWith('PK')) return { file: body };
  return body ? (JSON.parse(body) as Body) : {};
}

/** Builds the case's targets, sends its request as the client, checks the answer, and removes what it built. */
async function run(
  w: World,
  c: MatrixCase,
  actor: ActorKey,
  client: Client,
  expected: number,
  a?: PersonModel,
) {
  const scratch = new Scratch(w);
  try {
    const refs = await c.setup(scratch, actor);
    const ids = Object.fromEntries(Object.entries(refs).map(([k, ref]) => [k, ref.id]));
    const request = c.request(ids, actor, w);
    const response = await client.request(request.method, request.url, request.body, request.headers);
    const body = json(response.body);
    if (c.creates && response.statusCode === 201) {
      scratch.remove(c.creates, { id: body.id as string, board: ACTORS[actor].board });
    }

    expect(response.statusCode, `${request.method} ${request.url} → ${response.body}`).toBe(expected);
    if (expected === 401) expect(body.code).toBe('UNAUTHENTICATED');
    if (expected === 403) expect(body.code).toBe('FORBIDDEN');
    if (expected === 404) expect(body.code).toMatch(/NOT_FOUND$/);
    if (expected === 409 && c.conflict) expect(body.code).toBe(c.conflict);
    if (!a) return;
    if (expected < 300) c.verify?.(body, a, actor, w);

    // Another board's ids answer exactly as ids that do not exist.
    const foreign = Object.keys(refs).filter((k) => refs[k]?.board !== a.board);
    if (foreign.length > 0) {
      const missingIds = { ...ids, ...Object.fromEntries(foreign.map((k, n) => [k, missingId(n)])) };
      const again = c.request(missingIds, actor, w);
      const missing = await client.request(again.method, again.url, again.body, again.headers);
      expect(
        { status: response.statusCode, body },
        `the answer about another board's ${foreign.join(', ')} equals the answer about a missing one`,
      ).toEqual({ status: missing.statusCode, body: json(missing.body) });
    }
  } finally {
    await scratch.cleanUp();
  }
}

describeEach('rights matrix', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  }, 60_000);

  /** Every actor × the cases, under the board settings the cases name. */
  function actorsOn(cases: MatrixCase[]) {
    for (const actor of ACTOR_KEYS) {
      const a: PersonModel = ACTORS[actor];
      describe(actor, () => {
        for (const c of cases) {
          if (c.only && !c.only(actor)) continue;
          const expected = c.expected(a, actor);
          it(`${actor} › ${c.action} › ${c.target} › ${expected}`, () =>
            run(w, c, actor, w.clients[actor], expected, a));
        }
      });
    }
  }

  actorsOn(CASES.filter((c) => !c.boardSettings));

  // Cases under other board settings than the defaults: board 1's pakketbeheerder changes them for the block and
  // puts them back after it.
  const bySettings = new Map<string, MatrixCase[]>();
  for (const c of CASES) {
    if (!c.boardSettings) continue;
    const key = JSON.stringify(c.boardSettings);
    bySettings.set(key, [...(bySettings.get(key) ?? []), c]);
  }
  for (const [key, cases] of bySettings) {
    const settings = JSON.parse(key) as BoardSettings;
    describe(`board 1 with settings ${key}`, () => {
      let before: BoardSettings;
      beforeAll(async () => {
        const board = expectStatus(await w.admins[1].get(`${API}/board`), 200);
        before = Object.fromEntries(Object.keys(settings).map((k) => [k, board.settings[k]]));
        expectStatus(await w.admins[1].patch(`${API}/board`, { settings }), 200);
      });
      afterAll(async () => {
        expectStatus(await w.admins[1].patch(`${API}/board`, { settings: before }), 200);
      });
      actorsOn(cases);
    });
  }

  describe('signed out', () => {
    for (const c of CASES) {
      if (c.only || c.boardSettings) continue;
      it(`signed out › ${c.action} › ${c.target} › 401`, () =>
        run(w, c, 'pakketbeheerder', new Client(w.env.app, null), 401));
    }
  });
});
