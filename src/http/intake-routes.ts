import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { populationFieldNames, populationFields } from '../population/population-profile.js';
import { PopulationStore } from '../population/population-store.js';
import { IDENTITY_DOCUMENT_NAMES, identityDocumentTypes } from '../validation/identity-document.js';
import type { CaseService } from '../cases/service/case-service.js';
import { CASE_TYPES, caseTypes } from '../cases/terms.js';
import type { Db } from '../db/database.js';
import type { Office } from '../entities/office-settings.js';
import { can, type StaffActor } from '../staff/staff-member.js';
import { checkIntake, IntakeBody, ServiceContactBody } from './intake-input.js';
import { buildIntakeReceipt, type EntityContact } from './intake-receipt.js';
import { ContactLogged, IntakeFiled, IntakeForm, SurveyLink } from './intake-wire.js';
import { DomainError } from '../lib/errors/domain-error.js';
import type { OfficeSurveys } from '../surveys/office-surveys.js';
import QRCode from 'qrcode';

export interface IntakeRoutesOptions {
  prisma: Db;
  /** The survey link a counter case's answer carries; absent, no links. */
  surveys?: OfficeSurveys;
  /** PUBLIC_URL: the address in survey links; without it, the address the console was opened on. */
  publicUrl?: string;
  entityId: string;
  cases: CaseService;
  offices: readonly Office[];
  contact: EntityContact;
  now?: () => Date;
}

const spanish = z.locales.es().localeError;
const RadicadoParams = z.object({ radicado: z.string().trim().min(1).max(60) });
const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional() });

/** What the counter shows before asking for data (Ley 1581 de 2012 art. 12), built from the entity's own details. */
export function counterDataNotice(contact: EntityContact, policyUrl: string | undefined): string {
  const where = [contact.direccion, contact.telefono ? `teléfono ${contact.telefono}` : undefined]
    .filter(Boolean)
    .join(', ');
  return [
    `${contact.name} usará su nombre, documento y datos de contacto solo para radicar, tramitar y responder su solicitud, y para hacer informes que no muestran su nombre (Ley 1581 de 2012).`,
    'Si quiere, puede contarnos si pertenece a un grupo de especial protección (discapacidad, grupo étnico, víctima del conflicto armado, edad, sexo o identidad de género). Son datos sensibles: responder es opcional, no cambia la respuesta a su solicitud y solo se usan para atender mejor a cada grupo y en informes que no muestran su nombre.',
    'Usted tiene derecho a conocer, actualizar, corregir y pedir que borremos sus datos, a pedir prueba de esta autorización y a presentar quejas ante la Superintendencia de Industria y Comercio (SIC).',
    `Responsable: ${contact.name}${where ? `, ${where}` : ''}.${policyUrl ? ` Política de tratamiento de datos: ${policyUrl}` : ''}`,
  ].join('\n\n');
}

const mayFile = (actor: StaffActor) => can(actor, 'cases.assign');
const mayLogContacts = (actor: StaffActor) =>
  can(actor, 'cases.assign') || can(actor, 'handoff.attend') || can(actor, 'cases.respond');

function parsed<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {}, { error: spanish });
  if (result.success) return result.data;
  throw new DomainError('VALIDATION_FAILED', {
    details: result.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
  });
}

/**
 * Counter and phone intake for officials, inside the staff-authenticated /api/v1 scope: the form's data (offices,
 * the data notice, types), filing a petition received in person or by phone with its receipt, and logging a phone
 * call or a counter visit that needed no petition, so the service report counts those channels.
 */
export const intakeRoutes: FastifyPluginAsyncZod<IntakeRoutesOptions> = async (app, options) => {
  const { cases, offices } = options;
  const now = options.now ?? (() => new Date());
  const notice = counterDataNotice(options.contact, cases.settings.policyUrl);

  app.get('/intake/form', { schema: { response: { 200: IntakeForm } } }, async (request) => ({
    canFile: mayFile(request.staff),
    canLogContacts: mayLogContacts(request.staff),
    offices: offices.map((o) => ({ id: o.id, name: o.nombre, channel: o.canal })),
    dataNotice: {
      text: notice,
      policyVersion: cases.settings.policyVersion,
      policyUrl: cases.settings.policyUrl ?? null,
    },
    caseTypes: caseTypes.map((t) => ({ id: t, label: CASE_TYPES[t].label, explanation: CASE_TYPES[t].explanation })),
    documentTypes: identityDocumentTypes.map((t) => ({ id: t, label: IDENTITY_DOCUMENT_NAMES[t] })),
    // From the same lists the API validates with, so the form never offers a value the API refuses.
    populationFields: populationFieldNames.map((id) => ({
      id,
      label: populationFields[id].label,
      options: Object.entries(populationFields[id].values).map(([value, label]) => ({ value, label })),
    })),
  }));

  app.post(
    '/intake/cases',
    { schema: { headers: IdempotencyHeaders, response: { 200: IntakeFiled, 201: IntakeFiled } } },
    async (request, reply) => {
      const actor = request.staff;
      if (!mayFile(actor)) throw new DomainError('FORBIDDEN');
      const checked = checkIntake(parsed(IntakeBody, request.body), offices);
      if (!checked.ok) throw new DomainError('VALIDATION_FAILED', { details: checked.problems });
      const body = checked.body;
      const office = offices.find((o) => o.id === body.office);
      const anonymous = body.petition.requesterKind === 'anonima';
      // The notice shown and what the citizen chose are recorded either way, with a hash of the very text shown; a
      // declined notice never stops the filing (Ley 1755 art. 15 par. 2).
      const consent =
        !anonymous && body.dataNotice !== undefined
          ? await cases.recordConsent({
              channel: body.channel,
              policyVersion: cases.settings.policyVersion,
              noticeText: notice,
              decision: body.dataNotice,
            })
          : undefined;
      const key = request.headers['idempotency-key'];
      const filed = await cases.file(body.petition, {
        channel: body.channel,
        staff: { id: actor.id, name: actor.name, verbal: body.modality === 'verbal' },
        ...(consent ? { consentId: consent.id } : {}),
        ...(key ? { idempotencyKey: `intake:${actor.id}:${key}` } : {}),
      });
      if (!filed.duplicate && body.population) {
        await new PopulationStore(options.prisma, options.entityId).saveForCase(filed.id, body.population);
      }
      if (!filed.duplicate) {
        // Where it was received (office) and the notice's version, next to the filing event, for the receipt and reports.
        await options.prisma.caseEvent.create({
          data: {
            entityId: options.entityId,
            caseId: filed.id,
            at: now(),
            actorKind: 'staff',
            actorId: actor.id,
            actorName: actor.name,
            kind: 'intake',
            data: {
              channel: body.channel,
              office: office?.id ?? null,
              verbal: body.modality === 'verbal',
              ...(anonymous
                ? {}
                : { dataNotice: body.dataNotice ?? null, policyVersion: cases.settings.policyVersion }),
            },
          },
        });
      }
      request.log.info(
        { radicado: filed.radicado, channel: body.channel, office: office?.id },
        'petition filed at the counter',
      );
      const receipt = buildIntakeReceipt({
        entity: options.contact,
        body,
        office,
        filed,
        registeredBy: actor.name,
        policyVersion: cases.settings.policyVersion,
      });
      return reply.status(filed.duplicate ? 200 : 201).send({
        radicado: filed.radicado,
        dueDate: filed.dueDate,
        ...(filed.lookupCode ? { lookupCode: filed.lookupCode } : {}),
        receipt,
      });
    },
  );

  /**
   * The survey about a counter or phone case's answer, as a link (and a QR code for a letter) the official puts in the
   * answer sent by e-mail or post: the reply channel carries it, as the chat carries its own survey.
   */
  app.post(
    '/intake/cases/:radicado/survey-link',
    { schema: { params: RadicadoParams, response: { 200: SurveyLink } } },
    async (request) => {
      const actor = request.staff;
      if (!can(actor, 'cases.respond') && !can(actor, 'cases.assign')) throw new DomainError('FORBIDDEN');
      const view = await cases.get(actor, request.params.radicado);
      const refuse = (message: string) =>
        new DomainError('UNPROCESSABLE', { details: [{ path: '/radicado', message }] });
      if (view.channel !== 'presencial' && view.channel !== 'telefono') {
        throw refuse('Esta petición llegó por un chat: la encuesta le llega al ciudadano por ese mismo chat.');
      }
      if (!view.answeredAt) throw refuse('Primero responda la petición: la encuesta es sobre la respuesta.');
      const intake = await options.prisma.caseEvent.findFirst({
        where: { caseId: view.id, kind: 'intake' },
        select: { data: true },
      });
      const office = (intake?.data as { office?: unknown } | null)?.office;
      const runId = await options.surveys?.runForCase({
        id: view.id,
        channel: view.channel,
        office: typeof office === 'string' ? office : null,
      });
      if (!runId)
        throw refuse('La entidad no tiene una encuesta sobre las respuestas (encuestas.yaml, enviar.respuestaCaso).');
      const base = options.publicUrl ?? `${request.protocol}://${request.host}`;
      const url = `${base.replace(/\/+$/, '')}/encuesta/respuesta/${runId}`;
      return {
        url,
        text: `¿Nos ayuda a mejorar? Califique la respuesta a su solicitud ${view.radicado} en ${url} (toma menos de un minuto).`,
        qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      };
    },
  );

  app.post('/intake/contacts', { schema: { response: { 201: ContactLogged } } }, async (request, reply) => {
    const actor = request.staff;
    if (!mayLogContacts(actor)) throw new DomainError('FORBIDDEN');
    const body = parsed(ServiceContactBody, request.body);
    if (offices.length > 0 && !offices.some((o) => o.id === body.office)) {
      throw new DomainError('VALIDATION_FAILED', {
        details: [{ path: '/office', message: 'Elija la oficina o ventanilla donde atendió.' }],
      });
    }
    const row = await options.prisma.serviceContact.create({
      data: {
        entityId: options.entityId,
        channel: body.channel,
        office: body.office ?? null,
        staffId: actor.id,
        topic: body.topic,
        at: now(),
      },
      select: { id: true },
    });
    request.log.info({ channel: body.channel, office: body.office, topic: body.topic }, 'service contact logged');
    return reply.status(201).send({ id: row.id });
  });
};
