import { describe, expect, it } from 'vitest';
import { expectStatus } from '../support/api.ts';
import { describeEach } from '../support/harness.ts';

describeEach('picture set', (t) => {
  describe('when the sign-in page asks for the pictures', () => {
    it('should list them without signing in, named in the asked language, each with an SVG', async () => {
      const { app } = t();
      const dutch = expectStatus(await app.inject({ url: '/api/v1/pictures' }), 200);
      expect(dutch.length).toBeGreaterThanOrEqual(24);
      expect(dutch[0]).toEqual({ id: 'dog-face', label: 'hond', url: '/api/v1/pictures/dog-face.svg' });
      const english = expectStatus(await app.inject({ url: '/api/v1/pictures?lang=en' }), 200);
      expect(english[0].label).toBe('dog');

      const svg = await app.inject({ url: dutch[0].url });
      expect(svg.statusCode).toBe(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg.headers['content-security-policy']).toContain("default-src 'none'");
    });

    it('should answer 404 for an unknown picture and 400 for a path that is not a picture name', async () => {
      const { app } = t();
      expect(expectStatus(await app.inject({ url: '/api/v1/pictures/dragon.svg' }), 404).code).toBe(
        'NOT_FOUND',
      );
      expect((await app.inject({ url: '/api/v1/pictures/..%2Fsecret-keys.json' })).statusCode).toBe(400);
      expect((await app.inject({ url: '/api/v1/pictures?lang=fr' })).statusCode).toBe(400);
    });
  });
});
