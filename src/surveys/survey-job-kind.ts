import { z } from 'zod';
import { defineJobKind } from '../core/job-kind.js';

/** Why a survey is sent, with what it is about: the reports and the answers link to these. */
export const SurveyRequest = z.object({
  trigger: z.enum(['bot_end', 'agent_close', 'case_answered']),
  contactId: z.string().min(1),
  channel: z.string().min(1),
  handoffId: z.string().optional(),
  agentId: z.string().optional(),
  caseId: z.string().optional(),
  radicado: z.string().optional(),
});
export type SurveyRequest = z.output<typeof SurveyRequest>;

/** Send the survey (again, when the citizen was busy), remind once, then expire the unanswered run. */
export const SurveyTimerPayload = z.discriminatedUnion('step', [
  SurveyRequest.extend({ step: z.literal('send'), firstAt: z.iso.datetime() }),
  z.object({ step: z.literal('remind'), runId: z.string().min(1) }),
  z.object({ step: z.literal('expire'), runId: z.string().min(1) }),
]);
export type SurveyTimerPayload = z.output<typeof SurveyTimerPayload>;

export const surveyJobKind = defineJobKind('survey.timer', SurveyTimerPayload);
