import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { setupBoard } from '../../src/modules/auth/index.ts';
import type { ServiceContext } from '../../src/platform/context.ts';

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A signed-in client over app.inject(): sends the cookie, and the CSRF header on writes. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    readonly session: Session | null,
  ) {}

  async request(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const allHeaders: Record<string, string> = { ...headers };
    if (this.session) {
      allHeaders.cookie = `schoolpas_session=${this.session.cookie}`;
      if (method !== 'GET' && !('x-csrf-token' in headers))
        allHeaders['x-csrf-token'] = this.session.csrfToken;
    }
    return this.app.inject({
      method,
      url,
      headers: allHeaders,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);
}

let counter = 0;
/** A unique suffix for names and e-mail addresses within a test database. */
export function unique(prefix = 'x'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function signIn(app: FastifyInstance, email: string, password: string): Promise<Client> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'schoolpas_session');
  if (!cookie) throw new Error('no session cookie');
  const body = response.json() as { csrfToken: string; user: { id: string } };
  return new Client(app, { cookie: cookie.value, csrfToken: body.csrfToken, userId: body.user.id });
}

export const PASSWORD = 'correct horse battery';

/** A new board with a signed-in pakketbeheerder. */
export async function newBoard(ctx: ServiceContext, app: FastifyInstance, name = unique('Bestuur ')) {
  const email = `${unique('admin')}@example.org`;
  const { boardId, personId } = await setupBoard(ctx, {
    boardName: name,
    firstName: 'Anna',
    lastName: 'Admin',
    email,
    password: PASSWORD,
  });
  const admin = await signIn(app, email, PASSWORD);
  return { boardId, adminId: personId, adminEmail: email, admin };
}

/** Expects a status and returns the JSON body; failures show the body. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely; each assertion states the shape it expects
export function expectStatus<T = any>(response: LightMyRequestResponse, status: number): T {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return (response.body ? response.json() : undefined) as T;
}
