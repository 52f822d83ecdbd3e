import { normalizeText } from '../lib/normalize-text.js';
import { checkIdentityDocument, type IdentityDocumentType } from '../validation/identity-document.js';
import type { CaseType } from './terms.js';

/** What one email says about itself as a petition: its kind, and who wrote it when the text says so. */
export interface EmailPetition {
  type: CaseType;
  name?: string;
  document?: { type: IdentityDocumentType; number: string };
  /** A document was named but its number does not pass the checks (a typo): the citizen is asked to check it. */
  documentUnreadable?: boolean;
}

/**
 * Words by which a written petition asks for something (Ley 1755 art. 16: "el objeto de la petición"). Folded like
 * normalizeText (no accents, lower case).
 */
const asks =
  /\b(solicito|solicitamos|solicitarle|solicitarles|le solicito|les solicito|pido|pedimos|peticion|requiero|requerimos|necesito que|exijo|exigimos|queja|quejarme|me quejo|reclamo|reclamar|denuncia|denuncio|denunciar|sugiero|sugerencia|sugerimos|felicito|felicitar|felicitacion|felicitaciones)\b/;

/** A complete petition says what it asks and why: a greeting or a one-line question is left to the conversation. */
const minWords = 12;

/** The kind the citizen named, most specific first; a request without a name is a petición (art. 13). */
const kinds: [CaseType, RegExp][] = [
  ['denuncia', /\b(denuncia|denuncio|denunciar|denunciamos)\b/],
  ['queja', /\b(queja|quejas|quejarme|me quejo)\b/],
  ['reclamo', /\b(reclamo|reclamar|reclamamos)\b/],
  ['solicitud_informacion', /\b(solicito|pido|requiero|solicitamos)\b.*\b(copia|copias|informacion)\b/],
  ['sugerencia', /\b(sugiero|sugerencia|sugerimos|propongo)\b/],
  ['felicitacion', /\b(felicito|felicitar|felicitacion|felicitaciones)\b/],
];

const word = String.raw`\p{Lu}[\p{L}'’-]+`;
const connector = String.raw`(?:de(?:l| la| los)?|la|y)`;
const personName = String.raw`${word}(?:\s+(?:${connector}\s+)?${word}){1,4}`;
/** "Mi nombre es Ana Pérez", "me llamo…", "Yo, Ana Pérez, …"; the words of a name start with a capital letter. */
// Case-sensitive on purpose (no "i" flag): with it \p{Lu} would take any word, and "mi nombre es ana y vivo…" a sentence.
const introduced = new RegExp(String.raw`(?:[Mm]i nombre es|[Mm]e llamo|[Yy]o,)\s+(${personName})`, 'u');
/** "Atentamente,\nAna Pérez" as the email's closing. */
const signed = new RegExp(
  String.raw`(?:[Aa]tentamente|[Cc]ordialmente|[Cc]ordial saludo|[Gg]racias)[,.]?[ \t]*\n[ \t]*(${personName})[ \t]*(?:\n|$)`,
  'u',
);

/** The document named before its number: "cédula 79.123.456", "C.C. No. 1020304050", "NIT 900.123.456-7". */
const documentMention =
  /\b(c[ée]dula de extranjer[íi]a|c[ée]dula(?: de ciudadan[íi]a)?|c\.\s?c\.?|cc|tarjeta de identidad|t\.\s?i\.?|pasaporte|nit|c\.\s?e\.?|ppt|pep|documento(?: de identidad)?)\s*(?:n[°º]\.?|no\.?|n[úu]mero|#|:)?\s*(\d{1,3}(?:[.,\s]?\d{3}){1,3}(?:-\d)?|\d{5,15}(?:-\d)?|[A-Z]{1,3}\d{4,17})(?!\d)/iu;

function documentType(named: string): IdentityDocumentType {
  const n = normalizeText(named).replace(/\s/g, '');
  if (n.startsWith('ceduladeextranjeria') || n === 'ce') return 'CE';
  if (n.startsWith('tarjeta') || n === 'ti') return 'TI';
  if (n === 'pasaporte') return 'PA';
  if (n === 'nit') return 'NIT';
  if (n === 'ppt') return 'PPT';
  if (n === 'pep') return 'PEP';
  return 'CC';
}

/** The name the citizen gives in the text, if any (never guessed from the mailbox's display name). */
export function statedName(text: string): string | undefined {
  const found = introduced.exec(text)?.[1] ?? signed.exec(text)?.[1];
  return found?.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The ID document the citizen gives in the text, checked like a typed one; `unreadable` when named but invalid. */
export function statedDocument(
  text: string,
): { document: { type: IdentityDocumentType; number: string } } | { unreadable: true } | undefined {
  const m = documentMention.exec(text);
  if (!m) return undefined;
  const type = documentType(m[1]!);
  const checked = checkIdentityDocument(type, m[2]!);
  return checked.ok ? { document: { type, number: checked.document.number } } : { unreadable: true };
}

/**
 * Reads an email as a petition when it is one: it asks for something (or names a queja, reclamo, denuncia…) in at
 * least a few sentences' worth of words. Null leaves the email to the conversation's flows.
 */
export function readEmailPetition(text: string): EmailPetition | null {
  const folded = normalizeText(text);
  if (folded.split(' ').length < minWords || !asks.test(folded)) return null;
  const type = kinds.find(([, pattern]) => pattern.test(folded))?.[0] ?? 'peticion';
  const name = statedName(text);
  const document = statedDocument(text);
  return {
    type,
    ...(name ? { name } : {}),
    ...(document && 'document' in document ? { document: document.document } : {}),
    ...(document && 'unreadable' in document ? { documentUnreadable: true } : {}),
  };
}
