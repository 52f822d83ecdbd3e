// The PQRSD workflow steps of docs/api.md as the console offers them: who may take each, what it asks for, and the
// body it sends (always with the case's `version`, so a change made meanwhile by someone else is refused, not lost).

export interface StepField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'checkbox';
  required: boolean;
  hint?: string;
}

export interface CaseStep {
  step: string;
  title: string;
  button: string;
  permission: string;
  /** Statuses in which the step makes sense; the server has the last word on the rules. */
  statuses: readonly string[];
  fields: StepField[];
}

const OPEN = ['radicado', 'en_tramite', 'esperando_ciudadano'];

export const CASE_STEPS: readonly CaseStep[] = [
  {
    step: 'assign',
    title: 'Asignar a una dependencia',
    button: 'Asignar',
    permission: 'cases.assign',
    statuses: OPEN,
    fields: [
      {
        name: 'dependency',
        label: 'Dependencia responsable',
        kind: 'text',
        required: true,
        hint: 'Escríbala como aparece en la lista de dependencias de la entidad.',
      },
    ],
  },
  {
    step: 'request-completion',
    title: 'Pedir que el ciudadano complete la solicitud',
    button: 'Pedir información',
    permission: 'cases.respond',
    statuses: ['en_tramite'],
    fields: [
      {
        name: 'missing',
        label: 'Qué falta',
        kind: 'textarea',
        required: true,
        hint: 'El término se suspende hasta que el ciudadano responda (art. 17).',
      },
    ],
  },
  {
    step: 'completion-received',
    title: 'Registrar que el ciudadano completó',
    button: 'Registrar',
    permission: 'cases.respond',
    statuses: ['esperando_ciudadano'],
    fields: [{ name: 'note', label: 'Nota (opcional)', kind: 'textarea', required: false }],
  },
  {
    step: 'extend',
    title: 'Ampliar el plazo',
    button: 'Ampliar plazo',
    permission: 'cases.respond',
    statuses: ['en_tramite'],
    fields: [
      {
        name: 'newDueDate',
        label: 'Nueva fecha de vencimiento',
        kind: 'date',
        required: true,
        hint: 'Un día hábil, a más tardar el doble del término inicial.',
      },
      { name: 'reasons', label: 'Motivos que se informan al ciudadano', kind: 'textarea', required: true },
    ],
  },
  {
    step: 'transfer',
    title: 'Trasladar a otra autoridad',
    button: 'Trasladar',
    permission: 'cases.transfer',
    statuses: OPEN,
    fields: [
      { name: 'recipient', label: 'Autoridad competente', kind: 'text', required: true },
      { name: 'reasons', label: 'Motivos del traslado', kind: 'textarea', required: true },
    ],
  },
  {
    step: 'answer',
    title: 'Responder',
    button: 'Enviar respuesta',
    permission: 'cases.respond',
    statuses: ['radicado', 'en_tramite'],
    fields: [
      { name: 'text', label: 'Respuesta', kind: 'textarea', required: true },
      { name: 'denied', label: 'Se niega el acceso a la información solicitada', kind: 'checkbox', required: false },
    ],
  },
  {
    step: 'close',
    title: 'Cerrar el caso',
    button: 'Cerrar caso',
    permission: 'cases.respond',
    statuses: ['respondido'],
    fields: [{ name: 'reason', label: 'Motivo (opcional)', kind: 'textarea', required: false }],
  },
];

/** The steps a person with these permissions may take on a case in this status. */
export function availableSteps(permissions: readonly string[], status: string): CaseStep[] {
  return CASE_STEPS.filter((s) => permissions.includes(s.permission) && s.statuses.includes(status));
}

/**
 * The JSON body of a step from the form's values: texts trimmed, empty optional ones left out, checkboxes as booleans,
 * the version always. Returns the Spanish message for the first missing required field instead.
 */
export function stepBody(
  step: CaseStep,
  values: Record<string, string | boolean>,
  version: number,
): { body: Record<string, unknown> } | { missing: string } {
  const body: Record<string, unknown> = {};
  for (const field of step.fields) {
    const value = values[field.name];
    if (field.kind === 'checkbox') {
      if (value === true) body[field.name] = true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') {
      if (field.required) return { missing: `Falta «${field.label}».` };
      continue;
    }
    body[field.name] = text;
  }
  body.version = version;
  return { body };
}

/** Whether the person sees the case inbox at all. */
export function canReadCases(permissions: readonly string[]): boolean {
  return permissions.includes('cases.read.all') || permissions.includes('cases.read.dependency');
}
