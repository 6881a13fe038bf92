import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

/**
 * Query strings and path parameters arrive as text, so they are coerced ("50" → 50). JSON bodies are not:
 * `{"firstName": 42}` is a wrong type, not the name "42".
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (httpPart !== 'body') return coercing.compile(schema);
    const validate = strict.compile(schema);
    // No body at all (or a JSON null) is checked as an empty object: optional-only bodies pass, required fields are named.
    const check = (data: unknown) => validate(data ?? {});
    // Fastify reads the failures from the validator's `errors`, as Ajv sets them.
    return Object.defineProperty(check, 'errors', { get: () => validate.errors });
  });
  // Only JSON is accepted; a text/plain body answers 415 instead of failing validation as a string.
  app.removeContentTypeParser('text/plain');
  // An empty JSON body (curl -X DELETE with a JSON content type) is no body, not a syntax error.
  // __proto__ and constructor.prototype keys are refused, as Fastify's own parser does.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const failure = error as Error & { statusCode?: number };
      failure.statusCode = 400;
      done(failure, undefined);
    }
  });
}
