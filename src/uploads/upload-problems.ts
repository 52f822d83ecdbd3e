import type { UploadCheck } from './check-upload.js';

/**
 * Why a file was refused, in Spanish for the citizen or the agent who sent it. One place, so the console's routes,
 * the handoff service and the error catalogue (FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED) say the same thing.
 */
export const uploadProblemText = {
  empty: 'El archivo está vacío. Elija otro archivo.',
  size: 'El archivo es demasiado grande. Envíe uno de máximo 5 MB.',
  type: 'Solo se pueden enviar fotos (JPG o PNG) y documentos PDF.',
} as const satisfies Record<Extract<UploadCheck, { ok: false }>['problem'], string>;
