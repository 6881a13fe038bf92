import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../platform/errors.ts';

/**
 * Helpers for routes that take an uploaded file: Fastify's bodyLimit does not hold multipart bodies, so these
 * keep an upload to its limit without reading the rest of it.
 */

/**
 * The file part's bytes, stopping at the size limit with the route's error (toBuffer reads the whole upload
 * before it fails).
 */
export async function fileBytes(part: MultipartFile, tooLarge: AppError): Promise<Buffer> {
  part.file.once('limit', () => part.file.destroy(tooLarge));
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk);
  if (part.file.truncated) throw tooLarge;
  return Buffer.concat(chunks);
}

/**
 * After refusing an upload that is still arriving: answer first, then close the connection within a second, so
 * the client stops sending (closing at once resets the connection, and the reset can cost the client the answer).
 */
export function closeAfterAnswer(req: FastifyRequest, reply: FastifyReply): void {
  const socket = req.raw.socket;
  reply.raw.once('finish', () => {
    // (A request injected in tests has no real socket to close.)
    if (req.raw.complete || socket.destroyed || typeof socket.destroy !== 'function') return;
    const timer = setTimeout(() => socket.destroy(), 1000);
    socket.once('close', () => clearTimeout(timer));
  });
}
