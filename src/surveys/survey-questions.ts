import { normalizeText } from '../lib/normalize-text.js';
import {
  defaultScaleLabels,
  optionValue,
  scaleOptionLabel,
  skipQuestionValue,
  skipSurveyValue,
  type SurveyQuestion,
  type SurveysFile,
} from './survey-definitions.js';

/**
 * A question as flows/encuesta.yaml asks it: `{{encuesta.pregunta.texto}}`, options for `optionsFrom`. A type alias,
 * not an interface, so that it is a JsonValue as it stands and the flow actions return it without a cast.
 */
export type AskedQuestion = {
  id: string;
  texto: string;
  /** `opciones`: an ask with `input: option`; `texto`: a free answer. */
  tipo: 'opciones' | 'texto';
  opciones: { label: string; value: string }[];
  numero: number;
  total: number;
};

export type ReadAnswer =
  | { kind: 'skip_survey' }
  | { kind: 'skip_question' }
  | { kind: 'answer'; value: string; score: number | null }
  | { kind: 'invalid' };

/** What a citizen writes to leave an optional free question blank. */
const blankWords = new Set([
  'no',
  'nada',
  'ninguno',
  'ninguna',
  'no tengo',
  'no aplica',
  'saltar',
  'sin comentarios',
  'n a',
]);

/** The question's own choices: value, label and the score the reports count. */
function choicesOf(question: SurveyQuestion): { value: string; label: string; score: number | null }[] {
  switch (question.tipo) {
    case 'escala':
      return (question.etiquetas ?? defaultScaleLabels).map((name, i) => ({
        value: String(i + 1),
        label: scaleOptionLabel(i + 1, name),
        score: i + 1,
      }));
    case 'si_no':
      return [
        { value: 'si', label: 'Sí', score: 1 },
        { value: 'no', label: 'No', score: 0 },
      ];
    case 'opciones':
      return question.opciones.map((o) => ({
        value: o.valor ?? optionValue(o.texto),
        label: o.texto,
        score: o.puntaje ?? null,
      }));
    case 'texto':
      return [];
  }
}

/**
 * The question with the options every channel shows: its own, "Saltar pregunta" when it is optional, and always
 * "Omitir encuesta" last, so leaving is one tap away.
 */
export function askedQuestion(
  question: SurveyQuestion,
  index: number,
  total: number,
  texts: SurveysFile['textos'],
): AskedQuestion {
  const numero = index + 1;
  if (question.tipo === 'texto') {
    const texto = question.opcional ? `${question.texto}\n${texts.comentarioAyuda}` : question.texto;
    return { id: question.id, texto, tipo: 'texto', opciones: [], numero, total };
  }
  const opciones = choicesOf(question).map((c) => ({ label: c.label, value: c.value }));
  if (question.opcional) opciones.push({ label: texts.saltar, value: skipQuestionValue });
  opciones.push({ label: texts.omitir, value: skipSurveyValue });
  return { id: question.id, texto: question.texto, tipo: 'opciones', opciones, numero, total };
}

/** Interprets what the flow stored as the answer: an option's value, or the free text. */
export function readAnswer(question: SurveyQuestion, given: string | null): ReadAnswer {
  const text = (given ?? '').trim();
  const folded = normalizeText(text);
  if (folded === skipSurveyValue || folded === 'omitir encuesta') return { kind: 'skip_survey' };
  if (question.tipo === 'texto') {
    if (folded === '' || (question.opcional && blankWords.has(folded)))
      return question.opcional ? { kind: 'skip_question' } : { kind: 'invalid' };
    return { kind: 'answer', value: text.slice(0, question.largoMaximo), score: null };
  }
  if (text === skipQuestionValue || folded === '') return { kind: 'skip_question' };
  const choice = choicesOf(question).find((c) => c.value === text);
  return choice ? { kind: 'answer', value: choice.value, score: choice.score } : { kind: 'invalid' };
}
