import { h } from './dom.js';
import type { TrialOutcome } from './knowledge-api.js';

const REASONS: Record<string, string> = {
  'low-confidence': 'ninguna entrada es lo bastante probable',
  smalltalk: 'es un saludo o una conversación sin pregunta',
  empty: 'el mensaje no tiene palabras',
};

const percent = (p: number) => `${Math.round(p * 100)} %`;

/** What the assistant would do, in words, then the ranked entries with their probability. */
export function describeOutcome(outcome: TrialOutcome, heading: string): HTMLElement {
  let decision: string;
  if (outcome.decision === 'answer') decision = `Responde con «${outcome.answer?.title ?? ''}».`;
  else if (outcome.decision === 'clarify')
    decision = `Pregunta cuál de estas busca: ${(outcome.offered ?? []).map((o) => `«${o.title}»`).join(', ')}.`;
  else {
    decision = `No responde: ${REASONS[outcome.reason ?? ''] ?? 'no sabe la respuesta'}.`;
    if (outcome.redirect) decision += ` Lo remite a ${outcome.redirect}.`;
  }
  const rows = outcome.ranked.map((r) =>
    h('tr', null, h('td', null, r.title), h('td', null, r.id), h('td', { class: 'num' }, percent(r.confidence))),
  );
  return h(
    'section',
    { class: `trial trial--${outcome.decision}`, 'data-decision': outcome.decision },
    h('h4', null, heading),
    h('p', { class: 'trial__decision' }, decision),
    rows.length === 0
      ? h('p', { class: 'empty' }, 'Ninguna entrada se parece.')
      : h(
          'table',
          { class: 'table' },
          h('thead', null, h('tr', null, h('th', null, 'Entrada'), h('th', null, 'Id'), h('th', null, 'Probabilidad'))),
          h('tbody', null, ...rows),
        ),
  );
}
