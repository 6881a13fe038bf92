import type { LightMyRequestResponse } from 'fastify';
import { Client, expectStatus, newBoard, PASSWORD, signIn, unique } from './api.ts';
import type { TestEnv } from './harness.ts';
import {
  ACTOR_KEYS,
  ACTORS,
  type ActorKey,
  type BoardNo,
  boardOfGroup,
  boardOfLocation,
  GROUPS,
  type GroupKey,
  LOCATIONS,
  type LocationKey,
  locationOfGroup,
  locationsOf,
  PEOPLE,
  type PersonModel,
} from './matrix-oracle.ts';

/**
 * The fixtures of the rights matrix, built once per database through the pakketbeheerders' own HTTP calls, and
 * the throwaway stand-ins every write case gets (a fresh copy of a model target, deleted again afterwards).
 */

export const API = '/api/v1';
/** Ids no board has: answers about another board's things must be exactly the answers about these. */
export const missingId = (n: number) =>
  `01900000-0000-7000-8000-${(0xdead00 + n).toString(16).padStart(12, '0')}`;

/** The password the targets with `ownPassword` chose. */
const OWN_PASSWORD = 'een eigen wachtwoord';

/** A thing a request names: its id and the board it belongs to. */
export interface Ref {
  id: string;
  board: BoardNo;
}

/** A seeded audit event, with the locations the change touches (from the model, not from the server). */
export interface SeededEvent {
  board: BoardNo;
  action: string;
  targetKey: string;
  touches: LocationKey[];
}

export interface World {
  env: TestEnv;
  /** The pakketbeheerder of each board: builds and removes fixtures. */
  admins: Record<BoardNo, Client>;
  clients: Record<ActorKey, Client>;
  boards: Record<BoardNo, { id: string; name: string }>;
  /** Seeded ids by model key ('A', 'GA1', 'student in GA1', 'teacher(GA1)', 'board 1', …) and back. */
  ids: Map<string, string>;
  keys: Map<string, string>;
  firstNames: Map<string, string>;
  events: SeededEvent[];
  /** Audit events before this instant are the seeded ones. */
  seededUntil: string;
}

export function idOf(w: World, key: string): string {
  const id = w.ids.get(key);
  if (!id) throw new Error(`no fixture ${key}`);
  return id;
}

/** The model key of an id the server answered with; unknown ids stay visible in failures. */
export function keyOf(w: World, id: string | null): string {
  return (id && w.keys.get(id)) ?? `unknown ${id}`;
}

export function refOf(w: World, key: string, board: BoardNo): Ref {
  return { id: idOf(w, key), board };
}

function remember(w: World, key: string, id: string) {
  w.ids.set(key, id);
  w.keys.set(id, key);
}

const FIRST_NAMES = [
  'Anouk',
  'Bram',
  'Daan',
  'Emma',
  'Fenna',
  'Gijs',
  'Iris',
  'Jesse',
  'Lotte',
  'Milan',
  'Noor',
];
let nameCounter = 0;
function nextName() {
  nameCounter += 1;
  return {
    firstName: FIRST_NAMES[nameCounter % FIRST_NAMES.length] as string,
    lastName: `Matrix${nameCounter}`,
  };
}

/** The body that creates a person like the model, with the given (real) location and group ids. */
function personBody(w: World, p: PersonModel, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const name = nextName();
  const groupIds = (p.groups ?? []).map((g) => idOf(w, g));
  if (p.kind === 'student') return { ...name, groupIds, ...extra };
  return {
    ...name,
    email: `${unique('m')}@example.org`,
    isBoardAdmin: p.boardAdmin === true,
    locations: Object.entries(p.levels ?? {}).map(([l, level]) => ({ locationId: idOf(w, l), level })),
    groupIds,
    ...extra,
  };
}

export async function seedWorld(env: TestEnv): Promise<World> {
  const { app, ctx, clock } = env;
  const one = await newBoard(ctx, app);
  const two = await newBoard(ctx, app);
  const w: World = {
    env,
    admins: { 1: one.admin, 2: two.admin },
    clients: {} as Record<ActorKey, Client>,
    boards: { 1: { id: one.boardId, name: '' }, 2: { id: two.boardId, name: '' } },
    ids: new Map(),
    keys: new Map(),
    firstNames: new Map(),
    events: [],
    seededUntil: '',
  };
  for (const board of [1, 2] as const) {
    const body = expectStatus(await w.admins[board].get(`${API}/board`), 200);
    w.boards[board].name = body.name;
    remember(w, `board ${board}`, w.boards[board].id);
    w.events.push({ board, action: 'board.create', targetKey: `board ${board}`, touches: [] });
  }
  remember(w, 'pakketbeheerder', one.adminId);
  remember(w, 'pakketbeheerder(board 2)', two.adminId);
  w.firstNames.set('pakketbeheerder', 'Anna');
  w.firstNames.set('pakketbeheerder(board 2)', 'Anna');

  for (const [key, { board }] of Object.entries(LOCATIONS)) {
    const location = expectStatus(
      await w.admins[board].post(`${API}/locations`, { name: `Locatie ${key}` }),
      201,
    );
    remember(w, key, location.id);
    w.events.push({ board, action: 'location.create', targetKey: key, touches: [key as LocationKey] });
  }
  for (const [key, { location }] of Object.entries(GROUPS)) {
    const board = boardOfLocation(location);
    const group = expectStatus(
      await w.admins[board].post(`${API}/groups`, { name: `Groep ${key}`, locationId: idOf(w, location) }),
      201,
    );
    remember(w, key, group.id);
    w.events.push({ board, action: 'group.create', targetKey: key, touches: [location] });
  }

  const credentials = new Map<ActorKey, { email?: string; username?: string }>();
  for (const [key, p] of Object.entries(PEOPLE)) {
    if (w.ids.has(key)) continue; // the two pakketbeheerders that set their boards up
    const isActor = (ACTOR_KEYS as string[]).includes(key);
    const signsIn = isActor || p.ownPassword === true;
    const extra: Record<string, unknown> = {};
    if (signsIn) extra.password = PASSWORD;
    if (signsIn && p.kind === 'student') extra.username = unique('leerling');
    const body = personBody(w, p, extra);
    const kind = p.kind === 'staff' ? 'staff' : 'students';
    const created = expectStatus(await w.admins[p.board].post(`${API}/${kind}`, body), 201);
    remember(w, key, created.id);
    w.firstNames.set(key, body.firstName as string);
    w.events.push({ board: p.board, action: `${p.kind}.create`, targetKey: key, touches: locationsOf(p) });
    if (isActor)
      credentials.set(key as ActorKey, { email: body.email as string, username: extra.username as string });
    if (p.ownPassword) {
      // Signs in with the temporary password and chooses their own: it is no longer readable.
      const self = body.email
        ? await signIn(app, body.email as string, PASSWORD)
        : await signInStudent(env, extra.username as string);
      expectStatus(await self.post(`${API}/auth/password`, { newPassword: OWN_PASSWORD }), 204);
      w.events.push({ board: p.board, action: 'profile.password', targetKey: key, touches: [] });
    }
  }

  w.clients.pakketbeheerder = one.admin;
  w.clients['pakketbeheerder(board 2)'] = two.admin;
  for (const [key, { email, username }] of credentials) {
    w.clients[key] = email
      ? await signIn(app, email, PASSWORD)
      : await signInStudent(env, username as string);
  }

  // Everything from here on happens later than the seeded audit events.
  w.seededUntil = new Date(clock.now().getTime() + 1).toISOString();
  clock.advance(60_000);
  return w;
}

async function signInStudent(env: TestEnv, username: string): Promise<Client> {
  const response = await env.app.inject({
    method: 'POST',
    url: `${API}/auth/login`,
    payload: { username, password: PASSWORD },
  });
  const body = expectStatus(response, 200);
  const cookie = response.cookies.find((c) => c.name === 'schoolpas_session');
  if (!cookie) throw new Error('no session cookie');
  return new Client(env.app, { cookie: cookie.value, csrfToken: body.csrfToken, userId: body.user.id });
}

// ---------------------------------------------------------------------------------------------------------
// Throwaway stand-ins. Each case collects what it built in a Scratch and removes it afterwards.

export class Scratch {
  private readonly undo: Array<() => Promise<LightMyRequestResponse>> = [];
  constructor(readonly w: World) {}

  later(step: () => Promise<LightMyRequestResponse>) {
    this.undo.push(step);
  }

  /** Removes what the case built, newest first; what is gone already (the case deleted it) is fine. */
  async cleanUp() {
    const failures: string[] = [];
    for (const step of this.undo.reverse()) {
      const response = await step();
      if (response.statusCode >= 400 && response.statusCode !== 404) {
        failures.push(`${response.statusCode} ${response.body}`);
      }
    }
    if (failures.length > 0) throw new Error(`clean-up failed: ${failures.join('; ')}`);
  }

  /** Deletes a thing the case or the request created, as its board's pakketbeheerder. */
  remove(kind: 'locations' | 'groups' | 'staff' | 'students', ref: Ref) {
    this.later(() => this.w.admins[ref.board].delete(`${API}/${kind}/${ref.id}`));
  }

  /** A fresh person like the model; removed afterwards. */
  async person(p: PersonModel): Promise<Ref> {
    const kind = p.kind === 'staff' ? 'staff' : 'students';
    const created = expectStatus(
      await this.w.admins[p.board].post(`${API}/${kind}`, personBody(this.w, p)),
      201,
    );
    const ref = { id: created.id as string, board: p.board };
    this.remove(kind, ref);
    return ref;
  }

  /** A fresh group in the model group's location, with the same actors in it (its teacher, its student). */
  async group(g: GroupKey, locationId = idOf(this.w, locationOfGroup(g))): Promise<Ref> {
    const board = boardOfGroup(g);
    const admin = this.w.admins[board];
    const created = expectStatus(
      await admin.post(`${API}/groups`, { name: unique('Groep '), locationId }),
      201,
    );
    const ref = { id: created.id as string, board };
    this.remove('groups', ref);
    for (const actor of ACTOR_KEYS) {
      if (!(ACTORS[actor] as PersonModel).groups?.includes(g)) continue;
      const personId = idOf(this.w, actor);
      expectStatus(await admin.post(`${API}/groups/${ref.id}/members`, { personId }), 204);
    }
    return ref;
  }

  /**
   * A fresh location that every actor relates to as to the model location: the same level on it, and a group
   * there for the actors in a group of the model location. Deleting it unlinks them again.
   */
  async location(l: LocationKey): Promise<Ref> {
    const board = boardOfLocation(l);
    const admin = this.w.admins[board];
    const created = expectStatus(await admin.post(`${API}/locations`, { name: unique('Locatie ') }), 201);
    const ref = { id: created.id as string, board };
    this.remove('locations', ref);
    let group: string | undefined;
    for (const actor of ACTOR_KEYS) {
      const model: PersonModel = ACTORS[actor];
      if (model.board !== board) continue;
      const level = model.levels?.[l];
      if (level) {
        const locations = [
          ...Object.entries(model.levels ?? {}).map(([k, v]) => ({ locationId: idOf(this.w, k), level: v })),
          { locationId: ref.id, level },
        ];
        expectStatus(await admin.patch(`${API}/staff/${idOf(this.w, actor)}`, { locations }), 200);
      }
      if ((model.groups ?? []).some((g) => locationOfGroup(g) === l)) {
        group ??= expectStatus(
          await admin.post(`${API}/groups`, { name: unique('Groep '), locationId: ref.id }),
          201,
        ).id as string;
        expectStatus(
          await admin.post(`${API}/groups/${group}/members`, { personId: idOf(this.w, actor) }),
          204,
        );
      }
    }
    return ref;
  }

  /** After a case on the actor's own account: the actor is put back exactly as the model says. */
  restoreActor(actor: ActorKey) {
    const model: PersonModel = ACTORS[actor];
    const admin = this.w.admins[model.board];
    const id = idOf(this.w, actor);
    const firstName = this.w.firstNames.get(actor);
    const groupIds = (model.groups ?? []).map((g) => idOf(this.w, g));
    this.later(() =>
      model.kind === 'student'
        ? admin.patch(`${API}/students/${id}`, { firstName, groupIds })
        : admin.patch(`${API}/staff/${id}`, {
            firstName,
            isBoardAdmin: model.boardAdmin === true,
            locations: Object.entries(model.levels ?? {}).map(([k, level]) => ({
              locationId: idOf(this.w, k),
              level,
            })),
            groupIds,
          }),
    );
  }
}
