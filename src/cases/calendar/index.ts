export { easterSunday } from './easter-sunday.js';
export { colombianHolidays } from './colombian-holidays.js';
export type { Holiday, HolidayRule } from './colombian-holidays.js';
export { BusinessCalendar, BusinessCalendarSettings, Closure } from './business-calendar.js';
export type { BusinessCalendarSettingsInput } from './business-calendar.js';
