import type { Client } from './api.ts';
import { expectStatus } from './api.ts';
import { multipart } from './multipart.ts';

/** Uploads a file for an import preview (POST /api/v1/imports, multipart) as the client. */
export async function upload(
  client: Client,
  name: string,
  data: Buffer,
  fields: Record<string, string> = {},
) {
  const { payload, headers } = multipart({ name, data }, fields);
  return client.request('POST', '/api/v1/imports', payload, headers);
}

/** Polls the import until its job ends (applied or failed). */
export async function finished(client: Client, id: string) {
  for (let i = 0; i < 200; i++) {
    const view = expectStatus(await client.get(`/api/v1/imports/${id}`), 200);
    if (view.status === 'applied' || view.status === 'failed') return view;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}
