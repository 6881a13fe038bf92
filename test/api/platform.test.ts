import { describe, expect, it } from 'vitest';
import { Client, expectStatus } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

describeEach('platform', (t) => {
  describe('when the server is asked for its health', () => {
    it('should answer ok while the database answers', async () => {
      const { app } = t();
      expect(expectStatus(await app.inject({ url: '/api/v1/health' }), 200)).toEqual({ status: 'ok' });
    });
  });

  describe('when the OpenAPI document is fetched', () => {
    it('should describe every resource of the contract', async () => {
      const { app } = t();
      const doc = expectStatus(await app.inject({ url: '/api/v1/openapi.json' }), 200);
      expect(doc.openapi).toBe('3.1.0');
      for (const path of [
        '/api/v1/health',
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/me',
        '/api/v1/board',
        '/api/v1/locations',
        '/api/v1/locations/{id}',
        '/api/v1/groups',
        '/api/v1/groups/{id}',
        '/api/v1/groups/{id}/members',
        '/api/v1/groups/{id}/members/{personId}',
        '/api/v1/staff',
        '/api/v1/staff/{id}',
        '/api/v1/students',
        '/api/v1/students/{id}',
        '/api/v1/audit',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
    });
  });

  describe('when a path does not exist', () => {
    it('should answer problem+json 404', async () => {
      const { app } = t();
      const response = await new Client(app, null).get('/api/v1/nothing-here');
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(expectStatus(response, 404)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });
  });
});
