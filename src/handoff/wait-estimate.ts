/**
 * An honest wait in words: how many people are ahead, how long a conversation usually takes and how many agents of
 * the area are attending. Rounded up, never promising less than what is likely.
 */
export function describeWait(input: {
  position: number;
  onlineAgents: number;
  freeSlots: number;
  averageMinutes: number;
}): string {
  if (input.onlineAgents === 0) return 'no hay asesores conectados en este momento';
  // Those ahead are served first; a free slot takes the citizen (or someone ahead) at once.
  const waitingTurns = Math.max(0, input.position - input.freeSlots);
  const minutes = Math.ceil((waitingTurns * input.averageMinutes) / input.onlineAgents);
  if (minutes < 3) return 'unos pocos minutos';
  if (minutes > 60) return 'más de una hora';
  return `unos ${Math.ceil(minutes / 5) * 5} minutos`;
}
