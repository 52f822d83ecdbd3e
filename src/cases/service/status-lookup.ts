import { timingSafeEqual, createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { checkIdentityDocument, IdentityDocumentType } from '../../validation/identity-document.js';
import { formatLongDateEs, type LocalDate } from '../local-date.js';
import type { PqrsdSettings } from '../pqrsd-settings.js';
import { parseRadicado } from '../radicado.js';
import { verifyLookupCode } from '../store/lookup-code.js';
import { CASE_TYPES, type CaseType } from '../terms.js';
import { CASE_STATUS_LABELS, type CaseStatus } from './case-status.js';

/** Wrong tries allowed before each further one makes the person wait. */
export const FREE_ATTEMPTS = 3;
/** Failures older than this are forgotten. */
const WINDOW_MS = 60 * 60_000;
const MAX_BLOCK_MS = 60 * 60_000;

export type StatusLookupResult =
  | {
      found: true;
      radicado: string;
      tipo: string;
      estado: string;
      vence: string;
      dependencia: string | null;
      respuesta: string | null;
    }
  | { found: false; reason: 'no_coincide' }
  | { found: false; reason: 'demasiados_intentos'; esperaMinutos: number };

export interface StatusLookupRequest {
  radicado: string;
  /** The requester's document number (any type; dots and spaces ignored). */
  documentNumber?: string;
  /** The anonymous case's secret code. */
  code?: string;
  /** Who is asking (the conversation's contact), so one person's guesses are counted across radicados. */
  contactId?: string;
}

/**
 * Citizens follow a case with its radicado plus their document number (or the anonymous code). A wrong pair and an
 * unknown radicado get the same answer, so a lookup never confirms that a radicado exists or whose it is; after
 * {@link FREE_ATTEMPTS} failures per person or per radicado, each further try waits longer (1, 2, 4… up to 60 minutes).
 * The counters live in the database, so restarts and several instances share them.
 */
export class StatusLookup {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
    private readonly settings: PqrsdSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async lookup(request: StatusLookupRequest): Promise<StatusLookupResult> {
    const parsed = parseRadicado(this.settings.radicadoPattern, request.radicado);
    const keys = [
      ...(request.contactId ? [`contact:${request.contactId}`] : []),
      `radicado:${parsed ? `${parsed.year}-${parsed.sequence}` : request.radicado.trim().toUpperCase().slice(0, 60)}`,
    ];
    const wait = await this.waitFor(keys);
    if (wait > 0) return { found: false, reason: 'demasiados_intentos', esperaMinutos: Math.ceil(wait / 60_000) };

    const row = parsed
      ? await this.prisma.pqrsdCase.findUnique({
          where: { entityId_year_sequence: { entityId: this.entityId, year: parsed.year, sequence: parsed.sequence } },
          include: { requester: { select: { documentNumber: true } } },
        })
      : null;
    const matches = await this.proves(row, request);
    if (!row || !matches) {
      await this.recordFailure(keys);
      return { found: false, reason: 'no_coincide' };
    }
    await this.prisma.lookupThrottle.deleteMany({ where: { entityId: this.entityId, key: { in: keys } } });
    const answered = row.status === 'respondido' || row.status === 'cerrado';
    return {
      found: true,
      radicado: row.radicado,
      tipo: CASE_TYPES[row.type as CaseType]?.label ?? row.type,
      estado: CASE_STATUS_LABELS[row.status as CaseStatus] ?? row.status,
      vence: formatLongDateEs(row.dueDate as LocalDate),
      dependencia: row.dependency,
      respuesta: answered ? row.answer : null,
    };
  }

  /** Anonymous cases are proven by their code, identified ones by the document number; never both ways. */
  private async proves(
    row: {
      lookupCodeHash: string | null;
      requesterKind: string;
      requester: { documentNumber: string | null } | null;
    } | null,
    request: StatusLookupRequest,
  ): Promise<boolean> {
    if (row?.requesterKind === 'anonima' || (!row && request.code)) {
      return request.code !== undefined && (await verifyLookupCode(request.code, row?.lookupCodeHash ?? null));
    }
    const stored = row?.requester?.documentNumber ?? null;
    const given = request.documentNumber !== undefined ? normalizeDocumentNumber(request.documentNumber) : null;
    return stored !== null && given !== null && sameText(stored, given);
  }

  private async waitFor(keys: string[]): Promise<number> {
    const now = this.now().getTime();
    const rows = await this.prisma.lookupThrottle.findMany({ where: { entityId: this.entityId, key: { in: keys } } });
    return Math.max(0, ...rows.map((r) => (r.blockedUntil ? r.blockedUntil.getTime() - now : 0)));
  }

  private async recordFailure(keys: string[]): Promise<void> {
    const now = this.now();
    for (const key of keys) {
      const where = { entityId_key: { entityId: this.entityId, key } };
      const existing = await this.prisma.lookupThrottle.findUnique({ where });
      const fresh = !existing || now.getTime() - existing.windowStartedAt.getTime() > WINDOW_MS;
      const failures = fresh ? 1 : existing.failures + 1;
      const blockMs = failures >= FREE_ATTEMPTS ? Math.min(MAX_BLOCK_MS, 60_000 * 2 ** (failures - FREE_ATTEMPTS)) : 0;
      const data = {
        failures,
        windowStartedAt: fresh ? now : existing.windowStartedAt,
        blockedUntil: blockMs > 0 ? new Date(now.getTime() + blockMs) : null,
      };
      await this.prisma.lookupThrottle.upsert({
        where,
        create: { entityId: this.entityId, key, ...data },
        update: data,
      });
    }
  }
}

/**
 * "CC 1.020.304.050", "1020304050" and "899.999.068-1" compare by their number as stored: digits or letters, and for a
 * NIT without its check digit.
 */
export function normalizeDocumentNumber(input: string): string {
  const text = input.trim().toUpperCase();
  const typed = /^([A-Z]{2,3})\s*[:.]?\s*(.+)$/.exec(text);
  const type = typed ? IdentityDocumentType.safeParse(typed[1]) : undefined;
  if (typed && type?.success) {
    const checked = checkIdentityDocument(type.data, typed[2] ?? '');
    if (checked.ok) return checked.document.number;
  }
  const nit = /^([\d.\s]+)-(\d)$/.exec(text);
  if (nit) return (nit[1] ?? '').replace(/[.\s]/g, '');
  return text.replace(/[.\s,-]/g, '');
}

function sameText(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
