import { toBogotaDate, type LocalDate } from '../local-date.js';
import { tally, type ReportCount } from './report-counts.js';
import { caseTypeLabel } from './report-labels.js';

/** Cases an official has not classified yet (and every case filed before subjects existed). */
export const UNCLASSIFIED_LABEL = 'Sin clasificar';

/** What the art. 76 sections read of a case: no requester, no free text. */
export interface Article76Case {
  radicado: string;
  type: string;
  /** settings.pqrsd.temas; null or absent: sin clasificar. */
  topic?: string | null;
  /** The disciplinary or control body a queja or denuncia was referred to. */
  referral?: { body: string; at: Date } | null;
}

/** One queja or denuncia referred to a disciplinary or control body; an organism's name, never a person's. */
export interface ReferralRow {
  radicado: string;
  type: string;
  typeLabel: string;
  body: string;
  referredOn: LocalDate;
}

export interface Article76Sections {
  /** Recurring subjects: cases per subject category, most frequent first, "Sin clasificar" last. */
  byTopic: ReportCount[];
  /** Quejas and denuncias referred to disciplinary or control bodies, and how many per body. */
  referrals: { count: number; byBody: ReportCount[]; cases: ReferralRow[] };
}

/**
 * The contents Función Pública's guidance adds to the Ley 1474 de 2011 art. 76 report beyond the counts: the
 * recurring subjects and the referrals. The cases come already in the report's period and order.
 */
export function article76Sections(cases: readonly Article76Case[]): Article76Sections {
  const referred = cases.flatMap((c) =>
    c.referral
      ? [
          {
            radicado: c.radicado,
            type: c.type,
            typeLabel: caseTypeLabel(c.type),
            body: c.referral.body,
            referredOn: toBogotaDate(c.referral.at),
          },
        ]
      : [],
  );
  return {
    byTopic: tally(
      cases.map((c) => c.topic ?? null),
      (k) => k,
      UNCLASSIFIED_LABEL,
    ),
    referrals: {
      count: referred.length,
      byBody: tally(
        referred.map((r) => r.body),
        (k) => k,
        UNCLASSIFIED_LABEL,
      ),
      cases: referred,
    },
  };
}
