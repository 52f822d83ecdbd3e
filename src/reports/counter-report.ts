import { channelLabel } from '../cases/report/pqrsd-report.js';
import { toBogotaDate, type LocalDate } from '../cases/local-date.js';
import { tallyRows } from './report-math.js';
import type { CounterAndPhoneReport } from './report-types.js';

/** A phone call or counter visit an official logged without filing a petition (ServiceContact). */
export interface CounterContact {
  channel: string;
  office: string | null;
  topic: string;
  at: Date;
}

/** A petition filed at a counter or on the phone (PqrsdCase with channel presencial or telefono). */
export interface CounterPetition {
  channel: string;
  /** From the case's intake event; null for cases filed through the API without the counter form. */
  office: string | null;
  receivedAt: Date;
}

export const COUNTER_CHANNELS = ['presencial', 'telefono'] as const;

export const TOPIC_LABELS: Readonly<Record<string, string>> = {
  tramite: 'Trámite',
  consulta: 'Consulta o pregunta',
  orientacion: 'Orientación',
  otro: 'Otro',
};
const NO_OFFICE_LABEL = 'Sin oficina registrada';

/**
 * Citizens served at counters and on the phone in the Colombian days `from` to `to`: contacts logged without a
 * petition plus petitions filed there. Both channels are always listed, so "no phone attention" shows as a zero.
 * Pure.
 */
export function buildCounterAndPhone(
  rows: { contacts: readonly CounterContact[]; petitions: readonly CounterPetition[] },
  options: { from: LocalDate; to: LocalDate; officeName?: (id: string) => string | undefined },
): CounterAndPhoneReport {
  const inPeriod = (at: Date) => {
    const day = toBogotaDate(at);
    return day >= options.from && day <= options.to;
  };
  const contacts = rows.contacts.filter((c) => inPeriod(c.at));
  const petitions = rows.petitions.filter((p) => inPeriod(p.receivedAt));
  const all = [...contacts, ...petitions];
  const byChannel = tallyRows(
    all.map((r) => r.channel),
    channelLabel,
  );
  for (const c of COUNTER_CHANNELS)
    if (!byChannel.some((r) => r.key === c)) byChannel.push({ key: c, label: channelLabel(c), count: 0 });
  return {
    total: all.length,
    contacts: contacts.length,
    petitions: petitions.length,
    byChannel,
    byOffice: tallyRows(
      all.map((r) => r.office ?? ''),
      (k) => (k === '' ? NO_OFFICE_LABEL : (options.officeName?.(k) ?? k)),
    ),
    byTopic: tallyRows(
      contacts.map((c) => c.topic),
      (k) => TOPIC_LABELS[k] ?? k,
    ),
  };
}
