import { z } from 'zod';
import { reportOutcomes } from '../cases/report/report-labels.js';

/**
 * The reports on the wire: the response schemas of GET /api/v1/reports/* (src/http/report-routes.ts and
 * /reports/pqrsd). They mirror src/reports/report-types.ts and src/cases/report/pqrsd-report.ts, which the dashboard,
 * the CSV downloads and `ventanilla report` share.
 */

const day = z.string();
const Period = z.object({ from: day, to: day });
const Count = z.object({ key: z.string(), label: z.string(), count: z.number() });
const Share = z.number().nullable();
const Durations = z.object({
  count: z.number(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});

export const ServiceReport = z.object({
  entityName: z.string().nullable(),
  period: Period,
  generatedAt: z.string(),
  conversations: z.object({
    total: z.number(),
    byChannel: z.array(Count),
    botOnly: z.number(),
    withHandoff: z.number(),
    botResolvedShare: Share,
    handoffRate: Share,
  }),
  handoffs: z.object({
    requested: z.number(),
    attended: z.number(),
    abandoned: z.number(),
    waiting: z.number(),
    closedUnattended: z.number(),
    byArea: z.array(Count),
    byChannel: z.array(Count),
    waitToAgent: Durations,
    firstResponse: Durations,
  }),
  counterAndPhone: z
    .object({
      total: z.number(),
      contacts: z.number(),
      petitions: z.number(),
      byChannel: z.array(Count),
      byOffice: z.array(Count),
      byTopic: z.array(Count),
    })
    .optional(),
  unanswered: z.object({
    total: z.number(),
    items: z.array(
      z.object({
        question: z.string(),
        count: z.number(),
        reason: z.string(),
        reasonLabel: z.string(),
        entryKey: z.string().nullable(),
        lastAskedOn: day,
        resolved: z.boolean(),
      }),
    ),
  }),
});

const SurveyGroup = z.object({
  key: z.string(),
  label: z.string(),
  sent: z.number(),
  answered: z.number(),
  csatResponses: z.number(),
  csatShare: Share,
});

export const Comment = z.object({
  answeredAt: z.string(),
  surveyTitle: z.string(),
  channel: z.string(),
  text: z.string(),
});

export const SatisfactionReport = z.object({
  entityName: z.string().nullable(),
  period: Period,
  runs: z.object({
    sent: z.number(),
    answered: z.number(),
    skipped: z.number(),
    expired: z.number(),
    pending: z.number(),
    responseRate: Share,
  }),
  byTrigger: z.array(SurveyGroup),
  byChannel: z.array(SurveyGroup),
  byOffice: z.array(SurveyGroup),
  byAgent: z.array(SurveyGroup),
  csat: z.object({
    responses: z.number(),
    satisfied: z.number(),
    share: Share,
    averageScore: z.number().nullable(),
  }),
  questions: z.array(
    z.object({
      surveyId: z.string(),
      surveyTitle: z.string(),
      questionId: z.string(),
      text: z.string(),
      type: z.string(),
      isCsat: z.boolean(),
      responses: z.number(),
      averageScore: z.number().nullable(),
      distribution: z.array(Count),
    }),
  ),
  comments: z.array(Comment),
});

const Outcome = z.enum(reportOutcomes);

export const PqrsdReport = z.object({
  entityName: z.string().nullable(),
  period: z.object({ from: day, to: day, today: day }),
  totals: z.object({
    received: z.number(),
    answered: z.number(),
    unanswered: z.number(),
    extended: z.number(),
    denied: z.number(),
  }),
  byOutcome: z.array(Count),
  timeliness: z.object({
    onTime: z.number(),
    late: z.number(),
    lateAnswered: z.number(),
    overdueUnanswered: z.number(),
    onTimeShare: Share,
    averageBusinessDays: z.number().nullable(),
    medianBusinessDays: z.number().nullable(),
    averageCalendarDays: z.number().nullable(),
  }),
  byType: z.array(
    z.object({
      type: z.string(),
      label: z.string(),
      received: z.number(),
      answered: z.number(),
      onTime: z.number(),
      late: z.number(),
      pending: z.number(),
      averageBusinessDays: z.number().nullable(),
    }),
  ),
  byChannel: z.array(Count),
  byDependency: z.array(Count),
  byStatus: z.array(Count),
  byTerritory: z.object({ barrio: z.array(Count), comuna: z.array(Count), corregimiento: z.array(Count) }),
  transfers: z.object({ count: z.number(), late: z.number(), onTime: z.number() }),
  informationRequests: z.object({
    received: z.number(),
    transferred: z.number(),
    denied: z.number(),
    answered: z.number(),
    averageBusinessDays: z.number().nullable(),
    cases: z.array(
      z.object({
        radicado: z.string(),
        receivedOn: day,
        dueDate: day,
        answeredOn: day.nullable(),
        businessDaysToAnswer: z.number().nullable(),
        calendarDaysToAnswer: z.number().nullable(),
        outcome: Outcome,
        outcomeLabel: z.string(),
        transferred: z.boolean(),
        denied: z.boolean(),
      }),
    ),
  }),
  cases: z.array(
    z.object({
      radicado: z.string(),
      type: z.string(),
      typeLabel: z.string(),
      channel: z.string(),
      channelLabel: z.string(),
      dependency: z.string().nullable(),
      status: z.string(),
      statusLabel: z.string(),
      receivedOn: day,
      dueDate: day,
      answeredOn: day.nullable(),
      businessDaysToAnswer: z.number().nullable(),
      suspendedBusinessDays: z.number(),
      calendarDaysToAnswer: z.number().nullable(),
      outcome: Outcome,
      outcomeLabel: z.string(),
      extended: z.boolean(),
      transferred: z.boolean(),
      transferLate: z.boolean().nullable(),
      transferredTo: z.string().nullable(),
      denied: z.boolean(),
    }),
  ),
  article76: z.object({
    byTopic: z.array(Count),
    referrals: z.object({
      count: z.number(),
      byBody: z.array(Count),
      cases: z.array(
        z.object({ radicado: z.string(), type: z.string(), typeLabel: z.string(), body: z.string(), referredOn: day }),
      ),
    }),
  }),
});

/** A suppressed count is shown as text ("<5", "reservado"), src/reports/suppress-small-counts.ts. */
const CountCell = z.union([z.number(), z.string()]);

export const Dashboard = z.object({
  period: Period,
  today: day,
  service: ServiceReport,
  satisfaction: SatisfactionReport,
  pqrsd: PqrsdReport,
  population: z.object({
    threshold: z.number(),
    breakdowns: z.array(
      z.object({
        field: z.string(),
        label: z.string(),
        rows: z.array(
          z.object({
            value: z.string(),
            label: z.string(),
            cases: CountCell,
            csatResponses: CountCell,
            csatShare: Share,
          }),
        ),
        totalCases: CountCell,
        totalCsatResponses: CountCell,
      }),
    ),
  }),
  openCases: z.array(Count),
  tables: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      columns: z.array(z.object({ key: z.string(), label: z.string() })),
      rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    }),
  ),
});

export const Comments = z.object({ items: z.array(Comment) });
