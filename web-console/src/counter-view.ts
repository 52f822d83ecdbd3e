import { actionErrorText, ApiError } from './api-error.js';
import type { Api } from './api.js';
import type { IntakeForm, IntakeReceipt, OfficeItem } from './counter-types.js';
import { h } from './dom.js';
import type { Notifier } from './notify.js';
import { sitePath } from './site-path.js';

const CHANNEL_NAMES: Record<string, string> = { presencial: 'Presencial', telefono: 'Teléfono' };
const TOPICS = [
  { id: 'tramite', label: 'Trámite' },
  { id: 'consulta', label: 'Consulta o pregunta' },
  { id: 'orientacion', label: 'Orientación' },
  { id: 'otro', label: 'Otro' },
];

/** A group of radio buttons with its legend: one choice, nothing chosen until the official picks. */
function radios(
  name: string,
  legend: string,
  options: { value: string; label: string }[],
  hint?: string,
): HTMLFieldSetElement {
  return h(
    'fieldset',
    { class: 'field choice-group', 'data-field': name },
    h('legend', null, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    ...options.map((o) =>
      h('label', { class: 'field--check' }, h('input', { type: 'radio', name, value: o.value }), ` ${o.label}`),
    ),
  );
}

function select(
  name: string,
  label: string,
  options: { value: string; label: string }[],
  placeholder: string,
): HTMLElement {
  const id = `intake-${name.replace(/\W/g, '-')}`;
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name },
      h('option', { value: '' }, placeholder),
      ...options.map((o) => h('option', { value: o.value }, o.label)),
    ),
  );
}

function input(name: string, label: string, attributes: Record<string, string> = {}, hint?: string): HTMLElement {
  const id = `intake-${name.replace(/\W/g, '-')}`;
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    h('input', { id, name, type: 'text', ...(hint ? { 'aria-describedby': `${id}-hint` } : {}), ...attributes }),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

/** The value of a form control by name ('' when empty or unchecked). */
function valueOf(form: HTMLFormElement, name: string): string {
  const item = form.elements.namedItem(name);
  if (item instanceof RadioNodeList) return item.value;
  if (item instanceof HTMLInputElement || item instanceof HTMLSelectElement || item instanceof HTMLTextAreaElement)
    return item.value.trim();
  return '';
}

/** Server paths (/petition/requester/email) to the form's field names (requester.email). */
function fieldOfPath(path: string): string {
  return path.replace(/^\/(petition\/)?/, '').replace(/\//g, '.');
}

/**
 * The counter: officials file petitions received in person or by phone and print the constancia de radicación, log
 * calls and visits that needed no petition, and print each office's survey QR poster.
 */
export class CounterView {
  readonly element: HTMLElement;
  private form: IntakeForm | null = null;
  private offices: OfficeItem[] = [];
  private idempotencyKey = crypto.randomUUID();

  constructor(
    private readonly api: Api,
    private readonly notify: Notifier,
  ) {
    this.element = h('div', { class: 'counter' });
  }

  async show(): Promise<void> {
    try {
      if (!this.form) {
        const [form, offices] = await Promise.all([this.api.intakeForm(), this.api.offices()]);
        this.form = form;
        this.offices = offices.items;
      }
      this.render();
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) this.notify.error(actionErrorText(error));
    }
  }

  private render(): void {
    const form = this.form!;
    this.element.replaceChildren(
      ...(form.canFile ? [this.intakeSection(form)] : []),
      ...(form.canLogContacts ? [this.contactSection(form)] : []),
      this.qrSection(),
    );
  }

  private officeChoice(form: IntakeForm): HTMLElement | null {
    if (form.offices.length === 0) return null;
    return select(
      'office',
      'Oficina o ventanilla',
      form.offices.map((o) => ({ value: o.id, label: `${o.name} (${CHANNEL_NAMES[o.channel] ?? o.channel})` })),
      'Elija la oficina',
    );
  }

  private intakeSection(form: IntakeForm): HTMLElement {
    const errors = h('div', { class: 'form-errors', role: 'alert', tabindex: '-1' });
    const noticeBox = h(
      'div',
      { class: 'data-notice', 'data-requires-identity': 'true' },
      h('h3', null, 'Aviso de tratamiento de datos personales'),
      h('p', { class: 'hint' }, 'Léalo al ciudadano (o muéstreselo) antes de pedirle sus datos.'),
      ...form.dataNotice.text.split('\n\n').map((p) => h('p', null, p)),
      radios('dataNotice', '¿El ciudadano acepta el tratamiento de sus datos?', [
        { value: 'aceptado', label: 'Sí, acepta' },
        { value: 'rechazado', label: 'No acepta (la petición se radica igual)' },
      ]),
    );
    const identity = h(
      'div',
      { class: 'identity', 'data-requires-identity': 'true' },
      input('requester.name', 'Nombre completo', { autocomplete: 'off' }),
      select(
        'requester.document.type',
        'Tipo de documento',
        form.documentTypes.map((d) => ({ value: d.id, label: d.label })),
        'Sin documento',
      ),
      input('requester.document.number', 'Número de documento', { inputmode: 'text', autocomplete: 'off' }),
      input('requester.email', 'Correo electrónico', { type: 'email', autocomplete: 'off' }),
      input(
        'requester.phone',
        'Teléfono',
        { type: 'tel', autocomplete: 'off' },
        'Celular de 10 números o fijo con indicativo (601 234 5678).',
      ),
      input('requester.address', 'Dirección física', { autocomplete: 'off' }),
      radios('replyChannel', '¿Cómo quiere recibir la respuesta?', [
        { value: 'correo', label: 'Por correo electrónico' },
        { value: 'direccion', label: 'En la dirección física' },
      ]),
    );
    // Only for a representative or apoderado: whom the petition is for. Seen only by those handling the case.
    const represented = h(
      'div',
      { class: 'identity', 'data-requires-representative': 'true', hidden: true },
      h('h3', null, 'Persona representada'),
      input('represented.name', 'Nombre completo de la persona representada', { autocomplete: 'off' }),
      select(
        'represented.document.type',
        'Tipo de documento de la persona representada',
        form.documentTypes.map((d) => ({ value: d.id, label: d.label })),
        'Sin documento',
      ),
      input('represented.document.number', 'Número de documento de la persona representada', {
        inputmode: 'text',
        autocomplete: 'off',
      }),
    );
    // Sensitive data (Ley 1581 arts. 5-6): shown only once the citizen accepted the notice, every question optional.
    const population = h(
      'details',
      { class: 'population', 'data-requires-consent': 'true', hidden: true },
      h('summary', null, 'Grupos de población (opcional)'),
      h(
        'p',
        { class: 'hint' },
        'Pregunte solo si el ciudadano quiere responder: es opcional y no cambia la respuesta a su solicitud. Deje "No preguntado" si no lo preguntó.',
      ),
      ...(form.populationFields ?? []).map((f) => select(`population.${f.id}`, f.label, f.options, 'No preguntado')),
    );
    const description = h('textarea', { id: 'intake-description', name: 'description', rows: '6', maxlength: '8000' });
    const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Radicar petición');
    const el = h(
      'form',
      { class: 'intake-form', novalidate: true, 'aria-labelledby': 'intake-title' },
      h('h2', { id: 'intake-title' }, 'Radicar una petición recibida en persona o por teléfono'),
      errors,
      this.officeChoice(form),
      radios('channel', '¿Por dónde llegó?', [
        { value: 'presencial', label: 'En persona, en la ventanilla' },
        { value: 'telefono', label: 'Por teléfono' },
      ]),
      radios(
        'modality',
        '¿Cómo la presentó el ciudadano?',
        [
          { value: 'verbal', label: 'Verbal: la dijo y usted la escribe' },
          { value: 'escrita', label: 'Escrita: entregó un documento' },
        ],
        'Una petición por teléfono siempre es verbal (Decreto 1166 de 2016).',
      ),
      select(
        'type',
        'Tipo de solicitud',
        form.caseTypes.map((t) => ({ value: t.id, label: t.label })),
        'Elija el tipo',
      ),
      radios('requesterKind', '¿Quién la presenta?', [
        { value: 'natural', label: 'Una persona, en su propio nombre' },
        { value: 'juridica', label: 'Una empresa u organización' },
        { value: 'representante', label: 'Un representante o apoderado, por otra persona' },
        { value: 'menor', label: 'Un menor de edad' },
        { value: 'anonima', label: 'Anónima (sin datos)' },
      ]),
      noticeBox,
      identity,
      represented,
      population,
      input('subject', 'Asunto (opcional)'),
      h(
        'div',
        { class: 'field', 'data-field': 'description' },
        h('label', { for: 'intake-description' }, 'Descripción de la petición'),
        description,
      ),
      submit,
    );
    const v = (name: string) => valueOf(el, name);
    // Anonymous petitions take no personal data: the notice and the identity fields go away.
    el.addEventListener('change', (event) => {
      const target = event.target as HTMLInputElement;
      if (target.name === 'requesterKind') {
        const anonymous = target.value === 'anonima';
        for (const box of el.querySelectorAll<HTMLElement>('[data-requires-identity]')) box.hidden = anonymous;
        represented.hidden = target.value !== 'representante';
      }
      if (target.name === 'dataNotice' || target.name === 'requesterKind') {
        population.hidden = v('dataNotice') !== 'aceptado' || v('requesterKind') === 'anonima';
      }
      if (target.name === 'channel' && target.value === 'telefono') {
        const verbal = el.querySelector<HTMLInputElement>('input[name="modality"][value="verbal"]');
        if (verbal) verbal.checked = true;
      }
    });
    el.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.file(el, errors, submit);
    });
    return h('section', { class: 'panel counter__work' }, el);
  }

  private async file(el: HTMLFormElement, errors: HTMLElement, submit: HTMLButtonElement): Promise<void> {
    const v = (name: string) => valueOf(el, name);
    const anonymous = v('requesterKind') === 'anonima';
    const optional = (value: string) => (value === '' ? undefined : value);
    const documentType = v('requester.document.type');
    const documentNumber = v('requester.document.number');
    const stated = Object.fromEntries(
      [...el.querySelectorAll<HTMLSelectElement>('select[name^="population."]')]
        .filter((f) => f.value !== '')
        .map((f) => [f.name.slice('population.'.length), f.value]),
    );
    const withPopulation = !anonymous && v('dataNotice') === 'aceptado' && Object.keys(stated).length > 0;
    const body = {
      ...(withPopulation ? { population: stated } : {}),
      office: optional(v('office')),
      channel: v('channel'),
      modality: v('modality'),
      dataNotice: anonymous ? undefined : optional(v('dataNotice')),
      petition: {
        type: v('type'),
        requesterKind: optional(v('requesterKind')) ?? 'natural',
        requester: anonymous
          ? {}
          : {
              name: optional(v('requester.name')),
              document:
                documentType !== '' && documentNumber !== ''
                  ? { type: documentType, number: documentNumber }
                  : undefined,
              email: optional(v('requester.email')),
              phone: optional(v('requester.phone')),
              address: optional(v('requester.address')),
            },
        represented:
          // Without a name nothing is sent, so the server answers with its own message for the missing party.
          v('requesterKind') === 'representante' && v('represented.name') !== ''
            ? {
                name: v('represented.name'),
                document:
                  v('represented.document.type') !== '' && v('represented.document.number') !== ''
                    ? { type: v('represented.document.type'), number: v('represented.document.number') }
                    : undefined,
              }
            : undefined,
        subject: optional(v('subject')),
        description: v('description'),
        replyChannel: anonymous ? undefined : optional(v('replyChannel')),
      },
    };
    submit.disabled = true;
    errors.replaceChildren();
    for (const bad of el.querySelectorAll('[aria-invalid]')) bad.removeAttribute('aria-invalid');
    try {
      const filed = await this.api.fileIntake(JSON.parse(JSON.stringify(body)), this.idempotencyKey);
      this.idempotencyKey = crypto.randomUUID();
      this.notify.info(`Petición radicada con el número ${filed.radicado}.`);
      this.showReceipt(filed.receipt);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const details = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : [];
      if (error.code === 'VALIDATION_FAILED' && details.length > 0) {
        errors.replaceChildren(
          h('p', null, 'Revise estos datos antes de radicar:'),
          h('ul', null, ...details.map((d) => h('li', null, d.message ?? ''))),
        );
        for (const d of details) {
          const box = el.querySelector(`[data-field="${fieldOfPath(d.path ?? '')}"]`);
          box?.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
        }
        errors.focus();
      } else {
        this.notify.error(actionErrorText(error));
      }
    } finally {
      submit.disabled = false;
    }
  }

  /** The constancia on screen; printing shows it alone (styles.css, @media print). */
  private showReceipt(receipt: IntakeReceipt): void {
    const print = h('button', { type: 'button', class: 'button button--primary' }, 'Imprimir constancia');
    print.addEventListener('click', () => window.print());
    const another = h('button', { type: 'button', class: 'button' }, 'Radicar otra petición');
    another.addEventListener('click', () => this.render());
    const section = h(
      'section',
      { class: 'receipt', 'aria-labelledby': 'receipt-title', tabindex: '-1' },
      h('p', { class: 'receipt__entity' }, receipt.entityName),
      h('h2', { id: 'receipt-title' }, receipt.title),
      h('p', { class: 'receipt__radicado' }, 'Radicado ', h('strong', null, receipt.radicado)),
      h(
        'dl',
        { class: 'receipt__lines' },
        ...receipt.lines.flatMap((l) => [h('dt', null, l.label), h('dd', null, l.value)]),
      ),
      h('h3', null, 'Cómo consultar el estado de su petición'),
      h('ul', null, ...receipt.howToCheck.map((t) => h('li', null, t))),
      h('p', { class: 'receipt__notice' }, receipt.notice),
      h('div', { class: 'receipt__actions' }, print, another),
    );
    this.element.replaceChildren(section);
    section.focus();
  }

  private contactSection(form: IntakeForm): HTMLElement {
    const el = h(
      'form',
      { class: 'contact-form', novalidate: true, 'aria-labelledby': 'contact-title' },
      h('h2', { id: 'contact-title' }, 'Registrar una atención sin petición'),
      h(
        'p',
        { class: 'hint' },
        'Una llamada o una visita que se resolvió sin radicar: cuenta en el informe de atención. No guarda datos del ciudadano.',
      ),
      this.officeChoice(form),
      radios('channel', 'Canal', [
        { value: 'telefono', label: 'Teléfono' },
        { value: 'presencial', label: 'Presencial' },
      ]),
      select(
        'topic',
        'Tema',
        TOPICS.map((t) => ({ value: t.id, label: t.label })),
        'Elija el tema',
      ),
      h('button', { type: 'submit', class: 'button' }, 'Registrar atención'),
    );
    // Ids must stay unique on the page: this form's controls are namespaced.
    for (const control of el.querySelectorAll<HTMLElement>('[id^="intake-"]')) {
      const label = el.querySelector(`label[for="${control.id}"]`);
      control.id = control.id.replace(/^intake-/, 'contact-');
      label?.setAttribute('for', control.id);
    }
    el.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = {
        channel: valueOf(el, 'channel'),
        topic: valueOf(el, 'topic'),
        ...(valueOf(el, 'office') ? { office: valueOf(el, 'office') } : {}),
      };
      this.api
        .logContact(body)
        .then(() => {
          this.notify.info('Atención registrada.');
          el.reset();
        })
        .catch((error: unknown) => {
          if (!(error instanceof ApiError)) throw error;
          const details = Array.isArray(error.details) ? (error.details as { message?: string }[]) : [];
          this.notify.error(details.length > 0 ? details.map((d) => d.message).join(' ') : actionErrorText(error));
        });
    });
    return h('section', { class: 'panel counter__work' }, el);
  }

  private qrSection(): HTMLElement {
    return h(
      'section',
      { class: 'panel counter__work', 'aria-labelledby': 'qr-title' },
      h('h2', { id: 'qr-title' }, 'Encuestas con código QR'),
      this.offices.length === 0
        ? h('p', { class: 'empty' }, 'La entidad no tiene oficinas configuradas (settings.oficinas en entity.yaml).')
        : h(
            'ul',
            { class: 'rows' },
            ...this.offices.map((o) =>
              h(
                'li',
                { class: 'row' },
                h('span', { class: 'row__main' }, `${o.name} (${CHANNEL_NAMES[o.channel] ?? o.channel})`),
                h('span', { class: 'row__meta' }, o.surveyUrl),
                h(
                  'a',
                  {
                    href: sitePath(`/api/v1/offices/${encodeURIComponent(o.id)}/qr`),
                    target: '_blank',
                    rel: 'noopener',
                    class: 'button button--small',
                  },
                  `Imprimir código QR de ${o.name}`,
                ),
              ),
            ),
          ),
    );
  }
}
