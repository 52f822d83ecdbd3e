import type { AskedQuestion } from './survey-questions.js';

/** The flow that asks the questions (flows/encuesta.yaml). */
export const surveyFlowId = 'encuesta';

/**
 * What flows/encuesta.yaml keeps in `{{encuesta}}`. A type alias, not an interface, so that it is a JsonValue as it
 * stands and `survey.start` / `survey.answer` return it without a cast.
 */
export type SurveyState = {
  id: string | null;
  pregunta: AskedQuestion | null;
  /** Said before the first question when the flow itself started the survey. */
  intro: string | null;
  /** Said when the survey is over (thanks, skipped, closed); null when there is nothing to say. */
  despedida: string | null;
};

/** No survey to ask: the entity sends none, the run is not the citizen's, or they answered one recently. */
export const noSurvey: SurveyState = { id: null, pregunta: null, intro: null, despedida: null };

/** The columns of a SurveyRun the service reads. */
export type SurveyRunRow = {
  id: string;
  surveyId: string;
  /** Null for a run answered on an office's survey page: no chat to send to or remind. */
  contactId: string | null;
  channel: string;
  conversationId: string | null;
  trigger: string;
  status: string;
  sentAt: Date;
  remindedAt: Date | null;
  caseId: string | null;
};
