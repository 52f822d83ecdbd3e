import { generalErrors } from '../lib/errors/general-errors.js';
import type { UploadCheck } from './check-upload.js';

/**
 * Why a file was refused, in Spanish for the citizen or the agent who sent it. One place, so the console's routes,
 * the handoff service and the error catalogue (FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED, whose texts these are) say the same thing.
 */
export const uploadProblemText = {
  empty: 'El archivo está vacío. Elija otro archivo.',
  size: generalErrors.FILE_TOO_LARGE.message,
  type: generalErrors.FILE_TYPE_NOT_ALLOWED.message,
} as const satisfies Record<Extract<UploadCheck, { ok: false }>['problem'], string>;
