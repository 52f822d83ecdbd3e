import { describe, expectTypeOf, it } from 'vitest';
import type * as Server from '../../src/handoff/handoff-api.js';
import type * as Console from '../../web-console/src/types.js';
import type * as ConsoleReports from '../../web-console/src/report-types.js';
import type * as Reports from '../../src/reports/report-service.js';
import type * as ServerReportTypes from '../../src/reports/report-types.js';

// The console mirrors the server's shapes instead of importing server code into the browser bundle. These checks run
// in `tsc -p tsconfig.json` (npm run typecheck): a field renamed or retyped on the server fails the build here.
describe('the console reads the shapes the server sends', () => {
  it('handoff summaries, details, transcript messages and agents', () => {
    expectTypeOf<Server.HandoffSummary>().toExtend<Console.HandoffSummary>();
    expectTypeOf<Server.HandoffDetail>().toExtend<Console.HandoffDetail>();
    expectTypeOf<Server.TranscriptMessage>().toExtend<Console.TranscriptMessage>();
    expectTypeOf<Server.AgentStatus>().toExtend<Console.AgentStatus>();
    expectTypeOf<Omit<Extract<Server.HandoffEvent, { type: 'message' }>, 'entityId'>>().toExtend<
      Extract<Console.LiveFrame, { type: 'message' }>
    >();
  });
});

describe('the dashboard reads the report the server builds', () => {
  it('service, satisfaction, PQRSD, open cases and tables', () => {
    expectTypeOf<Reports.Dashboard>().toExtend<ConsoleReports.Dashboard>();
    expectTypeOf<ServerReportTypes.CommentRow>().toExtend<ConsoleReports.CommentRow>();
  });
});
