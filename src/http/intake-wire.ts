import { z } from 'zod';

/** The counter and phone intake on the wire (docs/case-api.md, "Radicación en ventanilla"): src/http/intake-routes.ts. */

const Choice = z.object({ id: z.string(), label: z.string() });

export const IntakeForm = z.object({
  canFile: z.boolean(),
  canLogContacts: z.boolean(),
  offices: z.array(z.object({ id: z.string(), name: z.string(), channel: z.string() })),
  dataNotice: z.object({ text: z.string(), policyVersion: z.string(), policyUrl: z.string().nullable() }),
  caseTypes: z.array(Choice.extend({ explanation: z.string() })),
  documentTypes: z.array(Choice),
  populationFields: z.array(Choice.extend({ options: z.array(z.object({ value: z.string(), label: z.string() })) })),
});

/** The constancia de radicación as data (src/http/intake-receipt.ts); the lookup code is shown only here, once. */
export const IntakeFiled = z.object({
  radicado: z.string(),
  dueDate: z.string(),
  lookupCode: z.string().optional(),
  receipt: z.object({
    title: z.string(),
    entityName: z.string(),
    radicado: z.string(),
    lines: z.array(z.object({ label: z.string(), value: z.string() })),
    howToCheck: z.array(z.string()),
    notice: z.string(),
  }),
});

export const SurveyLink = z.object({ url: z.string(), text: z.string(), qrSvg: z.string() });

export const ContactLogged = z.object({ id: z.string() });
