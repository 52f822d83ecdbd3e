import type { BusinessCalendar } from '../cases/calendar/business-calendar.js';
import { toBogotaDate, type LocalDate } from '../cases/local-date.js';
import type { PqrsdReport } from '../cases/report/pqrsd-report.js';
import { CaseRecommendations } from '../cases/recommendations/case-recommendations.js';
import type { CaseService } from '../cases/service/case-service.js';
import type { Db } from '../db/database.js';
import { DomainError } from '../lib/errors/domain-error.js';
import { can, type StaffActor } from '../staff/staff-member.js';
import type { SurveysFile } from '../surveys/survey-definitions.js';
import { loadOpenCasesByLight } from './open-cases-by-light.js';
import { loadSatisfactionReport } from './load-satisfaction-report.js';
import { loadServiceReport } from './load-service-report.js';
import { loadPopulationReport } from './load-population-report.js';
import type { PopulationReport } from './population-report.js';
import { populationTables } from './population-tables.js';
import { DEFAULT_SMALL_COUNT_THRESHOLD } from './suppress-small-counts.js';
import { renderSemesterReport } from './printable/ley1474-report-page.js';
import { renderTransparencyReport } from './printable/ley1712-report-page.js';
import { parseSemester } from './printable/semester.js';
import { openCasesTable, pqrsdTables, satisfactionTables, serviceTables } from './report-tables.js';
import type {
  CommentRow,
  CountRow,
  ReportPeriod,
  ReportTable,
  SatisfactionReport,
  ServiceReport,
} from './report-types.js';

export interface ReportServiceDeps {
  prisma: Db;
  entityId: string;
  entityName: string;
  calendar: BusinessCalendar;
  cases: CaseService;
  /** The entity's survey definitions (titles, questions, which one is CSAT); null when it sends no surveys. */
  surveys: () => SurveysFile | null;
  /** The entity's offices (settings.oficinas), for the satisfaction report's breakdown by office. */
  offices?: readonly { id: string; name: string; channel: string }[];
  /** The handoff area's name for its id. */
  areaName: (id: string) => string;
  /** Population breakdowns hide cells with fewer people than this (settings.reportes.conteoMinimo, default 5). */
  smallCountThreshold?: number;
  now?: () => Date;
}

/** Everything the supervisor's dashboard shows for one period, computed from the same builders as the CLI. */
export interface Dashboard {
  period: ReportPeriod;
  /** The cut-off day: open cases are coloured as of today. */
  today: LocalDate;
  service: ServiceReport;
  satisfaction: SatisfactionReport;
  pqrsd: PqrsdReport;
  /** The differential approach: PQRSD and satisfaction by population group, already suppressed. */
  population: PopulationReport;
  openCases: CountRow[];
  tables: ReportTable[];
}

/**
 * The supervisors' and Control Interno's reports: service (conversations, handoffs, waits), satisfaction, PQRSD, and
 * the printable legal reports. Every method needs `reports.read`; every figure comes from the builders in this folder,
 * so the dashboard, the CSV downloads, the printable pages and `ventanilla report` agree.
 */
export class ReportService {
  private readonly now: () => Date;

  constructor(private readonly deps: ReportServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async service(actor: StaffActor, period: ReportPeriod): Promise<ServiceReport> {
    this.check(actor, period);
    return loadServiceReport(this.deps.prisma, this.deps.entityId, period, {
      entityName: this.deps.entityName,
      now: this.now(),
      areaName: this.deps.areaName,
      officeName: (id) => this.deps.offices?.find((o) => o.id === id)?.name,
    });
  }

  async satisfaction(
    actor: StaffActor,
    period: ReportPeriod,
    options: { commentsMatching?: string } = {},
  ): Promise<SatisfactionReport> {
    this.check(actor, period);
    return loadSatisfactionReport(this.deps.prisma, this.deps.entityId, period, {
      entityName: this.deps.entityName,
      definitions: this.deps.surveys(),
      ...(this.deps.offices ? { offices: this.deps.offices } : {}),
      ...options,
    });
  }

  /**
   * PQRSD and satisfaction by population group (enfoque diferencial). Aggregates only, with small counts suppressed:
   * this is all a supervisor ever sees of the population fields.
   */
  async population(actor: StaffActor, period: ReportPeriod): Promise<PopulationReport> {
    this.check(actor, period);
    const definitions = this.deps.surveys();
    return loadPopulationReport(this.deps.prisma, this.deps.entityId, period, {
      threshold: this.deps.smallCountThreshold ?? DEFAULT_SMALL_COUNT_THRESHOLD,
      definitions: definitions?.encuestas ?? [],
    });
  }

  /** The period's free comments containing `text` (case and accents ignored), newest first, at most 200. */
  async searchComments(actor: StaffActor, period: ReportPeriod, text: string): Promise<CommentRow[]> {
    return (await this.satisfaction(actor, period, { commentsMatching: text })).comments;
  }

  async dashboard(actor: StaffActor, period: ReportPeriod): Promise<Dashboard> {
    this.check(actor, period);
    const today = toBogotaDate(this.now());
    const [service, satisfaction, pqrsd, population, openCases] = await Promise.all([
      this.service(actor, period),
      this.satisfaction(actor, period),
      this.deps.cases.report(actor, period),
      this.population(actor, period),
      loadOpenCasesByLight(this.deps.prisma, this.deps.entityId, today, this.deps.calendar),
    ]);
    const tables = [
      ...serviceTables(service),
      ...satisfactionTables(satisfaction),
      ...pqrsdTables(pqrsd),
      ...populationTables(population),
      openCasesTable(openCases),
    ];
    return { period, today, service, satisfaction, pqrsd, population, openCases, tables };
  }

  /** One table of the dashboard, for its CSV download; an unknown id is 404. */
  async table(actor: StaffActor, period: ReportPeriod, id: string): Promise<ReportTable> {
    const { tables } = await this.dashboard(actor, period);
    const table = tables.find((t) => t.id === id);
    if (!table) throw new DomainError('NOT_FOUND');
    return table;
  }

  /** Ley 1712 de 2014 art. 11 h: the report published on the website, as a printable page. */
  async transparencyPage(actor: StaffActor, period: ReportPeriod): Promise<string> {
    const report = await this.deps.cases.report(actor, period);
    return renderTransparencyReport(report, { entityName: this.deps.entityName, generatedAt: this.now() });
  }

  /** Ley 1474 de 2011 art. 76: Control Interno's semester report (e.g. "2026-1"), as a printable page. */
  async semesterPage(actor: StaffActor, semester: string): Promise<string> {
    const { year, half, from, to } = parseSemester(semester);
    const period = { from, to };
    const [report, satisfaction, recommendations] = await Promise.all([
      this.deps.cases.report(actor, period),
      this.satisfaction(actor, period),
      new CaseRecommendations(this.deps.prisma, this.deps.entityId).followUp(semester),
    ]);
    return renderSemesterReport({
      report,
      satisfaction,
      recommendations,
      semester: { year, half },
      entityName: this.deps.entityName,
      generatedAt: this.now(),
    });
  }

  private check(actor: StaffActor, period: ReportPeriod): void {
    if (!can(actor, 'reports.read')) throw new DomainError('FORBIDDEN');
    if (period.from > period.to) {
      throw new DomainError('VALIDATION_FAILED', {
        details: [
          { path: '/from', message: `La fecha inicial (${period.from}) es posterior a la fecha final (${period.to}).` },
        ],
      });
    }
  }
}
