/** The human handoff console's codes; the service's message says what happened to that conversation. */
export const handoffErrors = {
  INVALID: { status: 400, message: 'La solicitud no es válida.' },
  ALREADY_TAKEN: { status: 409, message: 'Otra persona ya tomó esta conversación.' },
  NOT_HOLDER: { status: 409, message: 'Solo quien atiende la conversación (o un supervisor) puede hacer esto.' },
  AT_CAPACITY: { status: 409, message: 'Esa persona ya atiende el máximo de conversaciones.' },
  NOT_ONLINE: { status: 409, message: 'Para tomar conversaciones, póngase «En línea».' },
  CLOSED: { status: 409, message: 'Esta conversación ya terminó.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** What the handoff console refuses with: its own codes, plus the general NOT_FOUND and FORBIDDEN. */
export type HandoffErrorCode = keyof typeof handoffErrors | 'NOT_FOUND' | 'FORBIDDEN';
