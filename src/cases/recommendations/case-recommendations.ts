import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { can, type StaffActor } from '../../staff/staff-member.js';
import { DomainError } from '../../lib/errors/domain-error.js';
import { CaseError } from '../service/case-error.js';

/**
 * Control Interno's recommendations in the Ley 1474 de 2011 art. 76 report and their follow-up: each is recorded in the
 * semester it was made ("2026-1") and the next semester's report lists it with how far it was carried out.
 */
export const recommendationStatuses = ['pendiente', 'en_curso', 'cumplida'] as const;
export const RecommendationStatus = z.enum(recommendationStatuses, {
  error: 'El estado debe ser pendiente, en_curso o cumplida.',
});
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;

export const RECOMMENDATION_STATUS_LABELS: Readonly<Record<RecommendationStatus, string>> = {
  pendiente: 'Pendiente',
  en_curso: 'En curso',
  cumplida: 'Cumplida',
};

/** A semester written "2026-1" (January to June) or "2026-2" (July to December). */
export const RecommendationPeriod = z
  .string()
  .trim()
  .regex(/^\d{4}-[12]$/, { error: 'Escriba el semestre como año y número, por ejemplo 2026-1 o 2026-2.' });

export interface Recommendation {
  id: string;
  period: string;
  text: string;
  status: RecommendationStatus;
  statusLabel: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
}

type Row = {
  id: string;
  period: string;
  text: string;
  status: string;
  createdByName: string;
  createdAt: Date;
  updatedByName: string | null;
  updatedAt: Date;
};

function view(row: Row): Recommendation {
  const status = RecommendationStatus.catch('pendiente').parse(row.status);
  return {
    id: row.id,
    period: row.period,
    text: row.text,
    status,
    statusLabel: RECOMMENDATION_STATUS_LABELS[status],
    createdBy: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedByName,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The semester before `period`: "2026-1" → "2025-2". */
export function previousPeriod(period: string): string {
  const [year, half] = period.split('-').map(Number) as [number, number];
  return half === 2 ? `${year}-1` : `${year - 1}-2`;
}

export class CaseRecommendations {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
  ) {}

  /** The recommendations of one semester, oldest first. Anyone who reads reports may read them. */
  async list(actor: StaffActor, period: string): Promise<Recommendation[]> {
    if (!can(actor, 'reports.read')) throw new CaseError('FORBIDDEN', 'Su rol no le permite consultar reportes.');
    return this.ofPeriods([RecommendationPeriod.parse(period)]);
  }

  /**
   * What the report of `period` follows up: the previous semester's recommendations, whatever their status, and any
   * older one not yet carried out.
   */
  async followUp(period: string): Promise<Recommendation[]> {
    const previous = previousPeriod(RecommendationPeriod.parse(period));
    const rows = await this.prisma.caseRecommendation.findMany({
      where: {
        entityId: this.entityId,
        OR: [{ period: previous }, { period: { lt: previous }, status: { not: 'cumplida' } }],
      },
      orderBy: [{ period: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(view);
  }

  async create(actor: StaffActor, input: { period: string; text: string }): Promise<Recommendation> {
    this.mayWrite(actor);
    const row = await this.prisma.caseRecommendation.create({
      data: {
        entityId: this.entityId,
        period: RecommendationPeriod.parse(input.period),
        text: input.text.trim(),
        status: 'pendiente',
        createdById: actor.id,
        createdByName: actor.name,
      },
    });
    return view(row);
  }

  /** Records how far a recommendation was carried out (and who said so, when). */
  async update(
    actor: StaffActor,
    id: string,
    input: { status?: RecommendationStatus; text?: string },
  ): Promise<Recommendation> {
    this.mayWrite(actor);
    const found = await this.prisma.caseRecommendation.findFirst({ where: { id, entityId: this.entityId } });
    if (!found) throw new DomainError('NOT_FOUND');
    const row = await this.prisma.caseRecommendation.update({
      where: { id },
      data: {
        ...(input.status ? { status: input.status } : {}),
        ...(input.text ? { text: input.text.trim() } : {}),
        updatedById: actor.id,
        updatedByName: actor.name,
      },
    });
    return view(row);
  }

  private async ofPeriods(periods: string[]): Promise<Recommendation[]> {
    const rows = await this.prisma.caseRecommendation.findMany({
      where: { entityId: this.entityId, period: { in: periods } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(view);
  }

  private mayWrite(actor: StaffActor): void {
    if (!can(actor, 'reports.recommend')) {
      throw new CaseError('FORBIDDEN', 'Solo la Oficina de Control Interno registra las recomendaciones del informe.');
    }
  }
}
