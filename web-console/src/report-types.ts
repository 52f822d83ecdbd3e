// The dashboard's view of /api/v1/reports/dashboard (server: src/reports/report-types.ts and report-service.ts).
// Mirrored, not imported, so no server code reaches the browser bundle; test/console-ui/types.test.ts keeps them in
// step.

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

export interface DurationStats {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: { key: string; label: string }[];
  rows: (string | number | null)[][];
}

export interface CommentRow {
  answeredAt: string;
  surveyTitle: string;
  channel: string;
  text: string;
}

export interface Dashboard {
  period: { from: string; to: string };
  today: string;
  service: {
    conversations: {
      total: number;
      byChannel: CountRow[];
      botOnly: number;
      withHandoff: number;
      botResolvedShare: number | null;
      handoffRate: number | null;
    };
    handoffs: {
      requested: number;
      attended: number;
      abandoned: number;
      waiting: number;
      waitToAgent: DurationStats;
      firstResponse: DurationStats;
    };
    unanswered: { total: number };
  };
  satisfaction: {
    runs: {
      sent: number;
      answered: number;
      skipped: number;
      expired: number;
      pending: number;
      responseRate: number | null;
    };
    csat: { responses: number; satisfied: number; share: number | null; averageScore: number | null };
    questions: {
      surveyId: string;
      surveyTitle: string;
      questionId: string;
      text: string;
      type: string;
      isCsat: boolean;
      responses: number;
      averageScore: number | null;
    }[];
  };
  pqrsd: {
    totals: { received: number; answered: number; unanswered: number; extended: number; denied: number };
    byOutcome: CountRow[];
    byType: { type: string; label: string; received: number; onTime: number; late: number; pending: number }[];
    byChannel: CountRow[];
  };
  openCases: CountRow[];
  tables: ReportTable[];
}
