import type { BusinessCalendar } from '../cases/calendar/business-calendar.js';
import { caseTrafficLight, trafficLightLabelEs } from '../cases/deadlines/traffic-light.js';
import type { TrafficLight } from '../cases/deadlines/traffic-light.js';
import type { LocalDate } from '../cases/local-date.js';
import { clockFromJson } from '../cases/store/clock-json.js';
import type { Db } from '../db/database.js';
import type { CountRow } from './report-types.js';

/** Most urgent first, as a supervisor reads them; a colour with no case still shows its zero. */
export const OPEN_CASE_LIGHTS: readonly TrafficLight[] = ['expired', 'red', 'yellow', 'green', 'paused'];

/**
 * Statuses in which the entity owes no answer within the term: answered, closed, desisted, and a denial under the
 * recurso de insistencia (Ley 1755 art. 26: answered; the court decides).
 */
const SETTLED_STATUSES = ['respondido', 'cerrado', 'desistido', 'en_insistencia', 'ante_juez'];

/**
 * Open cases of the entity counted by due-date colour on `today`, computed from each case's legal clock exactly as the
 * case list does. A transferred case is no longer this entity's term (its clock reads "closed") and is not counted.
 */
export async function loadOpenCasesByLight(
  prisma: Db,
  entityId: string,
  today: LocalDate,
  calendar: BusinessCalendar,
): Promise<CountRow[]> {
  const rows = await prisma.pqrsdCase.findMany({
    where: { entityId, status: { notIn: SETTLED_STATUSES } },
    select: { clock: true },
  });
  const counts = new Map<TrafficLight, number>();
  for (const row of rows) {
    const { light } = caseTrafficLight(clockFromJson(row.clock), today, calendar);
    counts.set(light, (counts.get(light) ?? 0) + 1);
  }
  return OPEN_CASE_LIGHTS.map((light) => ({
    key: light,
    label: trafficLightLabelEs(light),
    count: counts.get(light) ?? 0,
  }));
}
