// Turns the links a bot text may contain into link segments. The result is rendered with text nodes and `href`
// attributes only, so nothing here can ever inject markup; the only rule that protects the citizen is that an href
// is always http(s), mailto: or tel: (never javascript:).

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string; external: boolean };

// One pass over the text, leftmost match first. Groups: 1 web address, 2 e-mail, 3 Colombian phone number.
// Phones: mobiles 3xx xxx xxxx, landlines 60x xxx xxxx (optionally "(60x)"), both optionally +57, and 01 8000 lines.
// Ten-digit numbers starting with 1 (cédulas) or radicados are deliberately not matched.
const PATTERN =
  /(https?:\/\/[^\s<>"]+|www\.[^\s<>"]+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})|((?:\+57[\s-]?)?(?:\(60\d\)[\s-]?|60\d[\s-]?|3\d{2}[\s-]?)\d{3}[\s-]?\d{4}|01[\s-]?8000[\s-]?\d{3}[\s-]?\d{3})(?!\d)/g;

const TRAILING_PUNCTUATION = /[.,;:!?'"»”’]+$/;

/** Drops sentence punctuation and an unbalanced closing bracket that follow a link in running text. */
function trimUrl(url: string): string {
  let result = url;
  for (;;) {
    const before = result;
    result = result.replace(TRAILING_PUNCTUATION, '');
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ] as const) {
      if (result.endsWith(close) && result.split(close).length > result.split(open).length)
        result = result.slice(0, -1);
    }
    if (result === before) return result;
  }
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_+@]/u.test(char);
}

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let plainFrom = 0;
  const pushText = (end: number): void => {
    if (end > plainFrom) segments.push({ kind: 'text', text: text.slice(plainFrom, end) });
  };
  PATTERN.lastIndex = 0;
  for (let match = PATTERN.exec(text); match !== null; match = PATTERN.exec(text)) {
    const [whole, web, email, phone] = match;
    const start = match.index;
    let shown = whole;
    let href: string;
    if (web !== undefined) {
      // "correo@www.x.co" is an e-mail caught by the e-mail branch first; a web address glued to a word is not a link.
      if (isWordChar(text[start - 1])) continue;
      shown = trimUrl(web);
      href = web.startsWith('www.') ? `https://${shown}` : shown;
      if (!isHttpUrl(href)) continue;
    } else if (email !== undefined) {
      href = `mailto:${email}`;
    } else if (phone !== undefined) {
      if (isWordChar(text[start - 1])) continue;
      href = `tel:${phoneDigits(phone)}`;
    } else {
      continue;
    }
    pushText(start);
    segments.push({ kind: 'link', text: shown, href, external: web !== undefined });
    plainFrom = start + shown.length;
    PATTERN.lastIndex = plainFrom;
  }
  pushText(text.length);
  return segments;
}

function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('018000')) return digits;
  return `+57${digits.startsWith('57') && digits.length === 12 ? digits.slice(2) : digits}`;
}

/** True for absolute http(s) URLs; used for every href that comes from the server. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
