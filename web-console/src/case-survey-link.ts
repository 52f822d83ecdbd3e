import { actionErrorText, ApiError } from './api-error.js';
import type { Api } from './api.js';
import { h } from './dom.js';
import type { Notifier } from './notify.js';

/** Cases received at a counter or on the phone have no chat: their survey travels with the answer. */
export function counterCase(c: { channel: string }): boolean {
  return c.channel === 'presencial' || c.channel === 'telefono';
}

export function mayRespond(permissions: readonly string[]): boolean {
  return permissions.includes('cases.respond') || permissions.includes('cases.assign');
}

/**
 * A counter case's survey about its answer: a button that creates the link (once per case), then the sentence to
 * paste in the e-mail or letter and the QR code to print on the letter.
 */
export function caseSurveyLink(api: Api, radicado: string, notify: Notifier): HTMLElement {
  const box = h('div', { class: 'case-survey' });
  const button = h('button', { type: 'button', class: 'button' }, 'Preparar la encuesta para enviar con la respuesta');
  button.addEventListener('click', () => {
    button.disabled = true;
    api
      .request<{ url: string; text: string; qrSvg: string }>(
        'POST',
        `/api/v1/intake/cases/${encodeURIComponent(radicado)}/survey-link`,
      )
      .then((link) => {
        const text = h('textarea', { id: 'case-survey-text', readonly: true, rows: '3' });
        text.value = link.text;
        box.replaceChildren(
          h('label', { for: 'case-survey-text' }, 'Copie este texto en el correo o la carta de respuesta:'),
          text,
          h('img', {
            class: 'case-survey__qr',
            src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrSvg)}`,
            alt: `Código QR de la encuesta: ${link.url}`,
          }),
        );
      })
      .catch((error: unknown) => {
        button.disabled = false;
        if (!(error instanceof ApiError)) throw error;
        const details = Array.isArray(error.details) ? (error.details as { message?: string }[]) : [];
        notify.error(details[0]?.message ?? actionErrorText(error));
      });
  });
  box.append(
    h('h3', null, 'Encuesta de satisfacción'),
    h(
      'p',
      { class: 'hint' },
      'Esta petición llegó por ventanilla o por teléfono: la encuesta va en la misma respuesta, por correo o en la carta.',
    ),
    button,
  );
  return box;
}
