import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type FieldError, problemOf } from '../platform/errors.ts';
import { wantsConsole } from './web.ts';

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/locations/0/level" → "locations[0].level"; missing and unknown properties name themselves. */
function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (typeof issue.params.missingProperty === 'string') parts.push(issue.params.missingProperty);
  if (typeof issue.params.additionalProperty === 'string') parts.push(issue.params.additionalProperty);
  const path = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return path || context || 'body';
}

function messageOf(issue: ValidationIssue): string {
  if (typeof issue.params.additionalProperty === 'string') return 'is not a known field';
  return issue.message ?? 'is not valid';
}

/** Maps every failure to RFC 9457 problem+json with a stable code; unexpected errors are logged, never shown. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validation?: ValidationIssue[] }, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (error.validation) {
      const errors: FieldError[] = error.validation.map((issue) => ({
        field: fieldOf(issue, error.validationContext),
        message: messageOf(issue),
      }));
      // Ajv reports each branch of a union; one line per field is enough.
      const unique = [...new Map(errors.map((e) => [e.field, e])).values()];
      const first = unique[0];
      appError = new AppError(
        'VALIDATION_FAILED',
        first ? `${first.field}: ${first.message}` : undefined,
        unique,
      );
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      appError = new AppError('PAYLOAD_TOO_LARGE');
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      appError = new AppError('UNSUPPORTED_MEDIA_TYPE');
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      appError = new AppError('VALIDATION_FAILED', error.message);
    } else {
      request.log.error({ err: error }, 'unexpected error');
      appError = new AppError('INTERNAL');
    }
    return reply.code(appError.status).type('application/problem+json').send(problemOf(appError));
  });

  app.setNotFoundHandler((request, reply) => {
    const index = (app as FastifyInstance & { consoleIndex?: Buffer }).consoleIndex;
    if (index && wantsConsole(request.method, request.url, request.headers.accept)) {
      return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
    }
    const problem = problemOf(new AppError('NOT_FOUND'));
    return reply.code(404).type('application/problem+json').send(problem);
  });
}
