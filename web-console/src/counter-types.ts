/** What /api/v1/intake/form and /api/v1/offices give the counter view (src/http/intake-routes.ts, office-routes.ts). */
export interface IntakeForm {
  canFile: boolean;
  canLogContacts: boolean;
  offices: { id: string; name: string; channel: 'presencial' | 'telefono' }[];
  dataNotice: { text: string; policyVersion: string; policyUrl: string | null };
  caseTypes: { id: string; label: string; explanation: string }[];
  documentTypes: { id: string; label: string }[];
  /** The optional population questions (enfoque diferencial), asked only when the citizen accepted the notice. */
  populationFields?: { id: string; label: string; options: { value: string; label: string }[] }[];
}

export interface OfficeItem {
  id: string;
  name: string;
  channel: 'presencial' | 'telefono';
  address: string | null;
  surveyUrl: string;
}

export interface IntakeReceipt {
  title: string;
  entityName: string;
  radicado: string;
  lines: { label: string; value: string }[];
  howToCheck: string[];
  notice: string;
}

export interface IntakeFiled {
  radicado: string;
  dueDate: string;
  lookupCode?: string;
  receipt: IntakeReceipt;
}
