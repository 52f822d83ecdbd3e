/** Prisma's code for a unique constraint that refused a write (P2002), on every database driver. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
