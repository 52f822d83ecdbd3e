import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../lib/errors/domain-error.js';
import { checkUpload, maxUploadBytes } from '../uploads/check-upload.js';
import { uploadTypes, type UploadType } from '../uploads/detect-file-type.js';
import { uploadProblemText } from '../uploads/upload-problems.js';

type ZodScope = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * Registers routes whose body is one file (like the widget's uploads): the JPG/PNG/PDF/audio rules are checked
 * before anything else is read, and Fastify's body errors become the upload's own codes. The parent's hooks (staff
 * sign-in, CSRF) still run first.
 */
export async function rawUploadScope(parent: FastifyInstance, routes: (files: ZodScope) => void): Promise<void> {
  await parent.register(async (plain) => {
    const files = plain.withTypeProvider<ZodTypeProvider>();
    files.addContentTypeParser(
      [...uploadTypes],
      { parseAs: 'buffer', bodyLimit: maxUploadBytes },
      (_req, body, done) => {
        done(null, body);
      },
    );
    files.setErrorHandler((error: FastifyError) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        throw new DomainError('FILE_TOO_LARGE', { details: { maxBytes: maxUploadBytes } });
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw new DomainError('FILE_TYPE_NOT_ALLOWED');
      throw error;
    });
    routes(files);
  });
}

/** The uploaded bytes checked by their first bytes; a refusal is the catalogue's error with the Spanish reason. */
export function uploadedFile(body: unknown, contentType: string | undefined): { data: Buffer; type: UploadType } {
  const data = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  const checked = checkUpload(data, String(contentType ?? ''));
  if (checked.ok) return { data, type: checked.type };
  if (checked.problem === 'empty') throw new DomainError('INVALID', { message: uploadProblemText.empty });
  throw new DomainError(checked.problem === 'size' ? 'FILE_TOO_LARGE' : 'FILE_TYPE_NOT_ALLOWED');
}
