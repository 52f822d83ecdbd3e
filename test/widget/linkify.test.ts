import { describe, expect, it } from 'vitest';
import { isHttpUrl, linkify } from '../../web-widget/src/linkify.js';

const links = (text: string) => linkify(text).filter((s) => s.kind === 'link');

describe('linkify', () => {
  it('keeps plain text, markup included, as one text segment', () => {
    expect(linkify('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
    expect(linkify('')).toEqual([]);
  });

  it('links http(s) addresses and leaves the sentence punctuation outside', () => {
    expect(linkify('Consulte https://sanisidro.gov.co/tramites. Gracias')).toEqual([
      { kind: 'text', text: 'Consulte ' },
      {
        kind: 'link',
        text: 'https://sanisidro.gov.co/tramites',
        href: 'https://sanisidro.gov.co/tramites',
        external: true,
      },
      { kind: 'text', text: '. Gracias' },
    ]);
    expect(links('(ver http://x.gov.co/a_(b))')[0]).toMatchObject({ href: 'http://x.gov.co/a_(b)' });
    expect(links('(ver http://x.gov.co/a)')[0]).toMatchObject({ href: 'http://x.gov.co/a' });
  });

  it('links www. addresses over https', () => {
    expect(links('Entre a www.sanisidro.gov.co, allí está')).toEqual([
      { kind: 'link', text: 'www.sanisidro.gov.co', href: 'https://www.sanisidro.gov.co', external: true },
    ]);
  });

  it('never links other schemes', () => {
    expect(links('javascript:alert(1) data:text/html,x ftp://x.co file:///etc/passwd')).toEqual([]);
  });

  it('links e-mail addresses with mailto:', () => {
    expect(links('Escriba a contactenos@sanisidro.gov.co.')).toEqual([
      {
        kind: 'link',
        text: 'contactenos@sanisidro.gov.co',
        href: 'mailto:contactenos@sanisidro.gov.co',
        external: false,
      },
    ]);
  });

  it.each([
    ['Llame al 601 234 5678', '601 234 5678', 'tel:+576012345678'],
    ['Llame al (601) 234 5678', '(601) 234 5678', 'tel:+576012345678'],
    ['Celular 310 123 4567', '310 123 4567', 'tel:+573101234567'],
    ['Celular 3101234567.', '3101234567', 'tel:+573101234567'],
    ['WhatsApp +57 310 123 4567', '+57 310 123 4567', 'tel:+573101234567'],
    ['Línea gratuita 01 8000 123 456', '01 8000 123 456', 'tel:018000123456'],
  ])('links the phone number in %j', (text, shown, href) => {
    expect(links(text)).toEqual([{ kind: 'link', text: shown, href, external: false }]);
  });

  it('does not take ID numbers, radicados or longer digit runs for phones', () => {
    expect(links('Cédula 1020304050, radicado 2026-000123, código 31012345678, NIT 900123456')).toEqual([]);
  });

  it('splits text with several links in order', () => {
    const kinds = linkify('a https://x.co b correo@x.co c 3001234567').map((s) => s.kind);
    expect(kinds).toEqual(['text', 'link', 'text', 'link', 'text', 'link']);
  });

  it('accepts only absolute http(s) URLs as hrefs', () => {
    expect(isHttpUrl('https://x.co/logo.png')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('/relative')).toBe(false);
  });
});
