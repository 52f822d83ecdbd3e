import {
  populationFieldNames,
  populationFields,
  type PopulationField,
  type PopulationProfile,
} from '../population/population-profile.js';
import { share } from './report-math.js';
import { suppressSmallCounts, type CountCell } from './suppress-small-counts.js';

/** The row for cases whose citizen was never asked (or filed before the questions existed). */
export const NOT_ASKED = 'sin_dato';
export const NOT_ASKED_LABEL = 'Sin dato (no se preguntó)';

/** One case of the period, reduced to the groups its citizen stated; null when nothing was stated. */
export interface PopulationCase {
  profile: PopulationProfile | null;
}

/** One answered satisfaction question (CSAT), with the groups of the conversation or case it was about. */
export interface PopulationCsatAnswer {
  profile: PopulationProfile | null;
  satisfied: boolean;
}

export interface PopulationRow {
  value: string;
  label: string;
  /** Cases filed by people of this group: a number, "<5" or "reservado" (src/reports/suppress-small-counts.ts). */
  cases: CountCell;
  /** CSAT answers from people of this group, suppressed the same way. */
  csatResponses: CountCell;
  /** Share satisfied (4 or 5), only where the answers are shown as a number: never for a suppressed group. */
  csatShare: number | null;
}

export interface PopulationBreakdown {
  field: PopulationField;
  label: string;
  rows: PopulationRow[];
  totalCases: CountCell;
  totalCsatResponses: CountCell;
}

export interface PopulationReport {
  /** Cells below this many people are not shown. */
  threshold: number;
  breakdowns: PopulationBreakdown[];
}

function valueOf(profile: PopulationProfile | null, field: PopulationField): string {
  return profile?.[field] ?? NOT_ASKED;
}

/**
 * The differential-approach breakdowns: for each population field, the period's PQRSD and satisfaction answers by
 * group, every column suppressed on its own (small counts and their complement). Only counts: a percentage of the
 * total would undo the suppression.
 */
export function buildPopulationReport(
  cases: readonly PopulationCase[],
  csat: readonly PopulationCsatAnswer[],
  threshold: number,
): PopulationReport {
  const breakdowns = populationFieldNames.map((field): PopulationBreakdown => {
    const values = [...Object.keys(populationFields[field].values), NOT_ASKED];
    const caseCounts = values.map((v) => cases.filter((c) => valueOf(c.profile, field) === v).length);
    const answersOf = (v: string) => csat.filter((a) => valueOf(a.profile, field) === v);
    const csatCounts = values.map((v) => answersOf(v).length);
    const shownCases = suppressSmallCounts(caseCounts, threshold);
    const shownCsat = suppressSmallCounts(csatCounts, threshold);
    const labels = populationFields[field].values as Record<string, string>;
    return {
      field,
      label: populationFields[field].label,
      rows: values.map((value, i) => {
        const responses = shownCsat.cells[i] ?? 0;
        const answers = answersOf(value);
        return {
          value,
          label: value === NOT_ASKED ? NOT_ASKED_LABEL : (labels[value] ?? value),
          cases: shownCases.cells[i] ?? 0,
          csatResponses: responses,
          csatShare:
            typeof responses === 'number' ? share(answers.filter((a) => a.satisfied).length, answers.length) : null,
        };
      }),
      totalCases: shownCases.total,
      totalCsatResponses: shownCsat.total,
    };
  });
  return { threshold, breakdowns };
}
