/**
 * The text a citizen reads: the answer, a blank line, then its steps numbered "1. …" one per line. Plain numbered
 * lines read the same on WhatsApp, Telegram, the widget (pre-wrap) and email (which turns them into a list), so no
 * channel needs its own format.
 */
export function answerWithSteps(answer: string, steps: readonly string[] = []): string {
  const text = answer.trim();
  const list = steps.map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0) return text;
  return `${text}\n\n${list.map((s, i) => `${i + 1}. ${s}`).join('\n')}`;
}
