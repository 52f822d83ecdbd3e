import type { Office } from '../entities/office-settings.js';
import type { AnswerProblem } from './office-surveys.js';
import { skipQuestionValue, skipSurveyValue, type SurveyDefinition, type SurveysFile } from './survey-definitions.js';
import { askedQuestion } from './survey-questions.js';

/**
 * The office survey page as server-rendered HTML: no script, so it works on any phone's browser, and every question
 * is a fieldset with its legend (or a labelled text box) a screen reader announces. Colours keep at least 4.5:1.
 */

const styles = `
  *, *::before, *::after { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1.125rem; line-height: 1.5; color: #1a1a1a; background: #f5f6f8; }
  header { background: #0b5394; color: #fff; padding: 1rem; }
  header p { margin: 0; font-size: 1rem; }
  header h1 { margin: .25rem 0 0; font-size: 1.4rem; line-height: 1.3; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  .card { background: #fff; border-radius: .5rem; padding: 1rem; margin: 0 0 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
  legend { font-weight: 700; padding: 0; margin-bottom: .5rem; }
  .hint { display: block; font-weight: 400; color: #4a4a4a; font-size: 1rem; }
  .choice { display: flex; align-items: center; gap: .75rem; min-height: 3rem; padding: .5rem .75rem; margin: .375rem 0; border: 2px solid #6b6b6b; border-radius: .5rem; background: #fff; cursor: pointer; }
  .choice input { width: 1.5rem; height: 1.5rem; margin: 0; flex: none; accent-color: #0b5394; }
  .choice:has(input:checked) { border-color: #0b5394; background: #e8f0fa; }
  label.block { display: block; font-weight: 700; margin-bottom: .5rem; }
  textarea { width: 100%; min-height: 7rem; font: inherit; padding: .5rem; border: 2px solid #6b6b6b; border-radius: .5rem; }
  button { font: inherit; font-weight: 700; color: #fff; background: #0b5394; border: 0; border-radius: .5rem; min-height: 3rem; padding: .75rem 1.5rem; width: 100%; cursor: pointer; }
  :focus-visible { outline: 3px solid #1a1a1a; outline-offset: 3px; }
  .choice:has(input:focus-visible) { outline: 3px solid #1a1a1a; outline-offset: 3px; }
  .problem { color: #a3001b; font-weight: 700; margin: 0 0 .5rem; }
  .summary { border: 3px solid #a3001b; }
  .summary h2 { margin-top: 0; font-size: 1.2rem; color: #a3001b; }
  a { color: #0b4a85; }
  footer { text-align: center; font-size: 1rem; color: #4a4a4a; padding: 1rem 1rem 2rem; }
`;

function page(title: string, entityName: string, body: string): string {
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(entityName)}</title>
<style>${styles}</style>
</head>
<body>
<header>
  <p>${escapeHtml(entityName)}</p>
  <h1>${escapeHtml(title)}</h1>
</header>
<main id="contenido">
${body}
</main>
<footer>Sus respuestas son anónimas: no le pedimos su nombre ni sus datos.</footer>
</body>
</html>
`;
}

export interface SurveyFormPage {
  entityName: string;
  /** The office page's place, or what a case link's survey is about. */
  about: { office: Office } | { radicado: string };
  survey: SurveyDefinition;
  texts: SurveysFile['textos'];
  /** Where the form posts (the page's own address). */
  action: string;
  /** What the citizen had entered, when the page comes back with problems. */
  values?: Readonly<Record<string, string | undefined>>;
  problems?: readonly AnswerProblem[];
}

export function renderSurveyForm(p: SurveyFormPage): string {
  const problems = p.problems ?? [];
  const problemOf = (id: string) => problems.find((x) => x.questionId === id)?.message;
  const total = p.survey.preguntas.length;
  const questions = p.survey.preguntas.map((q, i) => {
    const asked = askedQuestion(q, i, total, p.texts);
    const problem = problemOf(q.id);
    const problemId = `error-${q.id}`;
    const problemHtml = problem ? `<p class="problem" id="${problemId}">${escapeHtml(problem)}</p>` : '';
    const optional = q.opcional ? '<span class="hint">(opcional)</span>' : '';
    const given = p.values?.[q.id] ?? '';
    if (asked.tipo === 'texto') {
      const max = q.tipo === 'texto' ? q.largoMaximo : 1000;
      return `<div class="card" id="pregunta-${q.id}">
  <label class="block" for="q-${q.id}">${i + 1}. ${escapeHtml(q.texto)} ${optional}</label>
  ${problemHtml}
  <textarea id="q-${q.id}" name="${q.id}" maxlength="${max}"${q.opcional ? '' : ' required'}${problem ? ` aria-invalid="true" aria-describedby="${problemId}"` : ''}>${escapeHtml(given)}</textarea>
</div>`;
    }
    const choices = asked.opciones.filter((o) => o.value !== skipQuestionValue && o.value !== skipSurveyValue);
    const inputs = choices
      .map((o, k) => {
        const checked = given === o.value ? ' checked' : '';
        // `required` on one radio makes the whole group required for the browser's own check.
        const required = !q.opcional && k === 0 ? ' required' : '';
        return `<label class="choice"><input type="radio" name="${q.id}" value="${escapeHtml(o.value)}"${checked}${required}> <span>${escapeHtml(o.label)}</span></label>`;
      })
      .join('\n    ');
    return `<div class="card" id="pregunta-${q.id}">
  <fieldset${problem ? ` aria-describedby="${problemId}"` : ''}>
    <legend>${i + 1}. ${escapeHtml(q.texto)} ${optional}</legend>
    ${problemHtml}
    ${inputs}
  </fieldset>
</div>`;
  });
  const summary =
    problems.length === 0
      ? ''
      : `<div class="card summary" role="alert">
  <h2>Revise ${problems.length === 1 ? 'una respuesta' : `${problems.length} respuestas`}</h2>
  <ul>${problems.map((x) => `<li><a href="#pregunta-${x.questionId}">Pregunta ${p.survey.preguntas.findIndex((q) => q.id === x.questionId) + 1}: ${escapeHtml(x.message)}</a></li>`).join('')}</ul>
</div>`;
  const lead =
    'office' in p.about
      ? `<p>Lugar de atención: <strong>${escapeHtml(p.about.office.direccion ? `${p.about.office.nombre} (${p.about.office.direccion})` : p.about.office.nombre)}</strong></p>
  <p>Son ${total} preguntas cortas sobre la atención que recibió. Le toma menos de un minuto.</p>`
      : `<p>Solicitud: <strong>${escapeHtml(p.about.radicado)}</strong></p>
  <p>Son ${total} preguntas cortas sobre la respuesta que recibió. Le toma menos de un minuto.</p>`;
  const body = `${summary}
<div class="card">
  ${lead}
</div>
<form method="post" action="${escapeHtml(p.action)}" novalidate>
${questions.join('\n')}
<button type="submit">Enviar respuestas</button>
</form>`;
  return page(p.survey.titulo, p.entityName, body);
}

/** `about`: "la atención en <oficina>" or "la respuesta a su solicitud <radicado>". */
export function renderThanks(entityName: string, about: string, text: string): string {
  return page(
    'Gracias',
    entityName,
    `<div class="card" role="status">
  <p><strong>${escapeHtml(text)}</strong></p>
  <p>Recibimos su opinión sobre ${escapeHtml(about)}. Ya puede cerrar esta página.</p>
</div>`,
  );
}

export function renderSurveyClosed(entityName: string): string {
  return page(
    'Esta encuesta ya se cerró',
    entityName,
    `<div class="card"><p>Esta encuesta ya se respondió o venció. ¡Gracias por su tiempo!</p></div>`,
  );
}

export function renderOfficeNotFound(entityName: string): string {
  return page(
    'No encontramos esta encuesta',
    entityName,
    `<div class="card">
  <p>La dirección de la encuesta no corresponde a ninguna oficina. Revise que la haya escrito completa o vuelva a escanear el código QR.</p>
  <p>Si el problema sigue, cuéntele a la persona que le atendió.</p>
</div>`,
  );
}

export function renderNoSurvey(entityName: string): string {
  return page(
    'Encuesta no disponible',
    entityName,
    `<div class="card"><p>En este momento no hay una encuesta de satisfacción disponible. Gracias por su interés.</p></div>`,
  );
}

export function renderTooSoon(entityName: string, seconds: number): string {
  const wait = seconds <= 60 ? 'un minuto' : `${Math.ceil(seconds / 60)} minutos`;
  return page(
    'Espere un momento',
    entityName,
    `<div class="card" role="alert">
  <p>Ya recibimos una respuesta desde este teléfono hace muy poco. Si quiere responder otra vez, espere ${wait} y vuelva a intentarlo.</p>
</div>`,
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
