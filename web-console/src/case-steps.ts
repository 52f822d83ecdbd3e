// The forms of the PQRSD workflow steps of docs/api.md: what each asks for and the body it sends (always with the
// case's `version`, so a change made meanwhile by someone else is refused, not lost). Which steps a case offers is
// not decided here: the server sends them with each case (`allowedActions`), from the law's transitions.

export interface StepField {
  name: string;
  label: string;
  /** `files`: documents uploaded before the step is sent; their refs go in the body under the field's name. */
  kind: 'text' | 'textarea' | 'date' | 'checkbox' | 'select' | 'files';
  required: boolean;
  hint?: string;
  /** For `select`: the values sent and their labels; an optional select starts on "no aplica" (nothing sent). */
  options?: readonly { value: string; label: string }[];
}

export interface CaseStep {
  step: string;
  title: string;
  button: string;
  fields: StepField[];
}

export const CASE_STEPS: readonly CaseStep[] = [
  {
    step: 'assign',
    title: 'Asignar a una dependencia',
    button: 'Asignar',
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
    fields: [{ name: 'note', label: 'Nota (opcional)', kind: 'textarea', required: false }],
  },
  {
    step: 'extend',
    title: 'Ampliar el plazo',
    button: 'Ampliar plazo',
    fields: [
      {
        name: 'newDueDate',
        label: 'Nueva fecha de vencimiento',
        kind: 'date',
        required: true,
        hint: 'Un día hábil, a más tardar el doble del término inicial.',
      },
      { name: 'reasons', label: 'Motivos que se informan al ciudadano', kind: 'textarea', required: true },
      {
        name: 'notifiedBy',
        label: 'Cómo se le informó (si el caso no llegó por chat)',
        kind: 'select',
        required: false,
        hint: 'Una ampliación que el ciudadano no conoce no cuenta. Si el caso llegó por chat, se le avisa por ahí.',
        options: [
          { value: 'correo', label: 'Por correo electrónico' },
          { value: 'direccion', label: 'Por carta a su dirección' },
          { value: 'personal', label: 'En persona' },
        ],
      },
    ],
  },
  {
    step: 'transfer',
    title: 'Trasladar a otra autoridad',
    button: 'Trasladar',
    fields: [
      { name: 'recipient', label: 'Autoridad competente', kind: 'text', required: true },
      { name: 'reasons', label: 'Motivos del traslado', kind: 'textarea', required: true },
      {
        name: 'toldAtOnce',
        label: 'Petición verbal: ya se lo dije al ciudadano en persona o por teléfono',
        kind: 'checkbox',
        required: false,
        hint: 'Si la petición fue verbal, la ley exige decírselo de inmediato (art. 21); sin esto no se registra.',
      },
    ],
  },
  {
    step: 'no-competent-authority',
    title: 'Ninguna autoridad es competente',
    button: 'Informar y cerrar',
    fields: [
      {
        name: 'reasons',
        label: 'Por qué ninguna autoridad es competente',
        kind: 'textarea',
        required: true,
        hint: 'Se le explica al ciudadano y el caso se cierra (Ley 1755 de 2015, art. 21).',
      },
      {
        name: 'toldAtOnce',
        label: 'Petición verbal: ya se lo dije al ciudadano en persona o por teléfono',
        kind: 'checkbox',
        required: false,
        hint: 'Si la petición fue verbal, la ley exige decírselo de inmediato (art. 21); sin esto no se registra.',
      },
    ],
  },
  {
    step: 'answer',
    title: 'Responder',
    button: 'Enviar respuesta',
    fields: [
      { name: 'text', label: 'Respuesta', kind: 'textarea', required: true },
      {
        name: 'attachments',
        label: 'Documentos de la respuesta (opcional)',
        kind: 'files',
        required: false,
        hint: 'PDF, JPG o PNG, hasta 5 archivos de 5 MB. Se envían con la respuesta por el canal que eligió el ciudadano.',
      },
      { name: 'denied', label: 'Se niega el acceso a la información solicitada', kind: 'checkbox', required: false },
      {
        name: 'reserve',
        label: 'Norma que hace reservada la información (si se niega el acceso)',
        kind: 'text',
        required: false,
        hint: 'Obligatoria para negar: la Constitución o la ley que establece la reserva (arts. 24 y 25). Se le informa al ciudadano con su derecho a insistir.',
      },
      {
        name: 'earlierRadicado',
        label: 'Radicado de la solicitud anterior que esta repite (opcional)',
        kind: 'text',
        required: false,
        hint: 'Si ya se respondió, la respuesta remite a esa (art. 19) y la incluye.',
      },
    ],
  },
  {
    step: 'close',
    title: 'Cerrar el caso',
    button: 'Cerrar caso',
    fields: [{ name: 'reason', label: 'Motivo (opcional)', kind: 'textarea', required: false }],
  },
  {
    step: 'desist',
    title: 'Declarar el desistimiento',
    button: 'Declarar desistimiento',
    fields: [
      {
        name: 'reasons',
        label: 'Motivos del acto',
        kind: 'textarea',
        required: true,
        hint: 'Es un acto motivado que se notifica personalmente; solo procede el recurso de reposición (art. 17).',
      },
    ],
  },
  {
    step: 'notify-desistimiento',
    title: 'Registrar la notificación personal del desistimiento',
    button: 'Registrar notificación',
    fields: [{ name: 'how', label: 'Cómo y dónde se notificó', kind: 'text', required: true }],
  },
  {
    step: 'reposicion',
    title: 'Registrar un recurso de reposición',
    button: 'Registrar recurso',
    fields: [{ name: 'grounds', label: 'Lo que alega el ciudadano', kind: 'textarea', required: true }],
  },
  {
    step: 'resolve-reposicion',
    title: 'Decidir el recurso de reposición',
    button: 'Decidir',
    fields: [
      {
        name: 'outcome',
        label: 'Decisión',
        kind: 'select',
        required: true,
        options: [
          { value: 'confirmado', label: 'Se mantiene el desistimiento' },
          { value: 'revocado', label: 'Se revoca: la solicitud sigue su trámite' },
        ],
      },
      { name: 'reasons', label: 'Motivos que se informan al ciudadano', kind: 'textarea', required: true },
    ],
  },
  {
    step: 'withdraw',
    title: 'Registrar que el ciudadano retiró la solicitud',
    button: 'Registrar retiro',
    fields: [{ name: 'note', label: 'Nota (opcional)', kind: 'textarea', required: false, hint: 'Art. 18.' }],
  },
  {
    step: 'continue-public-interest',
    title: 'Continuar por interés público',
    button: 'Continuar trámite',
    fields: [
      {
        name: 'reasons',
        label: 'Motivos de interés público',
        kind: 'textarea',
        required: true,
        hint: 'Decisión motivada (art. 18); se le informa al ciudadano.',
      },
    ],
  },
  {
    step: 'return-for-clarification',
    title: 'Devolver para que el ciudadano aclare',
    button: 'Devolver',
    fields: [
      {
        name: 'what',
        label: 'Qué no se entiende',
        kind: 'textarea',
        required: true,
        hint: 'Dentro de los 10 días hábiles siguientes a la radicación; el ciudadano tiene 10 días hábiles (art. 19).',
      },
    ],
  },
  {
    step: 'clarification-received',
    title: 'Registrar la aclaración',
    button: 'Registrar',
    fields: [{ name: 'note', label: 'Nota (opcional)', kind: 'textarea', required: false }],
  },
  {
    step: 'archive-unclarified',
    title: 'Archivar porque no se aclaró',
    button: 'Archivar',
    fields: [],
  },
  {
    step: 'reject-disrespectful',
    title: 'Rechazar por irrespetuosa',
    button: 'Rechazar',
    fields: [
      {
        name: 'reasons',
        label: 'Motivos del rechazo',
        kind: 'textarea',
        required: true,
        hint: 'Solo una petición irrespetuosa se puede rechazar, con motivos (art. 19).',
      },
    ],
  },
  {
    step: 'prioritize',
    title: 'Dar prioridad (art. 20)',
    button: 'Dar prioridad',
    fields: [
      {
        name: 'reason',
        label: 'Motivo de la prioridad',
        kind: 'select',
        required: true,
        options: [
          { value: 'derecho_fundamental', label: 'Está en juego un derecho fundamental' },
          { value: 'perjuicio_irremediable', label: 'Peligro inminente para la vida o la integridad' },
          { value: 'periodista', label: 'Periodista en ejercicio de su labor' },
        ],
      },
      { name: 'dueDate', label: 'Nueva fecha de vencimiento (más corta)', kind: 'date', required: true },
      {
        name: 'measures',
        label: 'Medidas de urgencia tomadas',
        kind: 'textarea',
        required: false,
        hint: 'Obligatorias si hay peligro inminente para la vida o la integridad.',
      },
    ],
  },
  {
    step: 'revoke-consent',
    title: 'Registrar que el ciudadano retiró su autorización de datos',
    button: 'Registrar revocación',
    fields: [
      {
        name: 'note',
        label: 'Cómo la pidió (opcional)',
        kind: 'textarea',
        required: false,
        hint: 'Ley 1581 de 2012, art. 8 e. El caso sigue su trámite: la entidad lo responde sin necesidad de autorización.',
      },
    ],
  },
  {
    step: 'insist',
    title: 'Registrar que el ciudadano insiste en la información negada',
    button: 'Registrar insistencia',
    fields: [
      {
        name: 'grounds',
        label: 'Por qué insiste',
        kind: 'textarea',
        required: true,
        hint: 'Recurso de insistencia (art. 26): dentro de los 10 días hábiles siguientes a la negativa.',
      },
    ],
  },
  {
    step: 'refer-to-court',
    title: 'Enviar la insistencia al juez',
    button: 'Registrar envío',
    fields: [{ name: 'court', label: 'Tribunal o juez administrativo', kind: 'text', required: true }],
  },
  {
    step: 'court-decision',
    title: 'Registrar la decisión del juez',
    button: 'Registrar decisión',
    fields: [
      {
        name: 'outcome',
        label: 'Decisión',
        kind: 'select',
        required: true,
        options: [
          { value: 'confirma', label: 'Confirma la reserva: el caso se cierra' },
          { value: 'ordena_entrega', label: 'Ordena entregar la información: vuelve a trámite' },
        ],
      },
    ],
  },
  {
    step: 'set-topic',
    title: 'Clasificar por tema',
    button: 'Guardar tema',
    fields: [
      {
        name: 'topic',
        label: 'Tema',
        kind: 'text',
        required: true,
        hint: 'Uno de los temas de la entidad. El informe de Control Interno (Ley 1474, art. 76) cuenta los casos por tema.',
      },
    ],
  },
  {
    step: 'refer-to-control-body',
    title: 'Remitir a un organismo disciplinario o de control',
    button: 'Registrar remisión',
    fields: [
      {
        name: 'body',
        label: 'Organismo al que se remitió',
        kind: 'text',
        required: true,
        hint: 'Por ejemplo: Control Interno Disciplinario, Personería Municipal, Procuraduría Provincial.',
      },
      { name: 'note', label: 'Nota (opcional)', kind: 'textarea', required: false },
    ],
  },
];

/**
 * The forms for the steps the server allows on this case (its `allowedActions`, already filtered by the law and the
 * person's role), in the server's order.
 */
export function availableSteps(allowedActions: readonly string[]): CaseStep[] {
  return allowedActions.flatMap((name) => CASE_STEPS.filter((s) => s.step === name));
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
    // Uploaded by the form itself, which adds their refs to the body.
    if (field.kind === 'files') continue;
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
  // Control Interno Disciplinario reads quejas and denuncias only (cases.read.disciplinary).
  return ['cases.read.all', 'cases.read.dependency', 'cases.read.disciplinary'].some((p) => permissions.includes(p));
}
