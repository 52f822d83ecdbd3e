import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RateLimiter } from '../core/rate-limiter.js';
import type { Office } from '../entities/office-settings.js';
import {
  renderNoSurvey,
  renderOfficeNotFound,
  renderSurveyClosed,
  renderSurveyForm,
  renderThanks,
  renderTooSoon,
} from '../surveys/office-survey-page.js';
import type { OfficeSurveys } from '../surveys/office-surveys.js';
import type { SurveysFile } from '../surveys/survey-definitions.js';

export interface OfficeSurveyRoutesOptions {
  entityName: string;
  offices: readonly Office[];
  surveys: OfficeSurveys;
  /** encuestas.yaml's texts (thanks, labels). */
  texts: () => SurveysFile['textos'] | null;
  /** Clock for the per-device pause and the limits (tests move it). */
  now?: () => number;
}

/** A phone may answer again only after this: a second answer sooner is a double tap or someone stuffing the box. */
export const DEVICE_PAUSE_MS = 60_000;
const DEVICE_COOKIE = 'vt_encuesta';
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const FORM_BODY_LIMIT = 16 * 1024;

const OfficeParams = z.object({ office: z.string().max(64) });
const RunParams = z.object({ run: z.string().max(64) });
const RUN_ID = /^[0-9a-f-]{36}$/;
/** Question ids as encuestas.yaml allows them, each with one short value; a real survey has at most 15. */
const AnswersBody = z
  .record(z.string().regex(/^[a-z0-9_]{1,40}$/), z.string().max(4000))
  .refine((answers) => Object.keys(answers).length <= 30, { error: 'Demasiados campos.' });

/**
 * Public survey pages per office or counter (/encuesta/<office id>): what a QR code on the counter or a link read out
 * on the phone opens. Plain HTML forms without scripts; answers are anonymous. Floods are held back per address and
 * office, per office overall, and per device (a cookie: one phone cannot answer twice within a minute).
 */
export const officeSurveyRoutes: FastifyPluginAsyncZod<OfficeSurveyRoutesOptions> = async (app, options) => {
  const now = options.now ?? Date.now;
  // A counter's public Wi-Fi puts many citizens behind one address: generous per address, tight per device.
  const perAddress = new RateLimiter(20, 10 * 60_000, now);
  const perOffice = new RateLimiter(300, 60 * 60_000, now);
  const lastAnswer = new Map<string, number>();

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      const fields: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(body as string)) if (!(key in fields)) fields[key] = value;
      done(null, fields);
    },
  );

  const officeOf = (id: string) => options.offices.find((o) => o.id === id);
  const send = (reply: FastifyReply, status: number, html: string) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      )
      .send(html);
  const deviceOf = (request: FastifyRequest, reply: FastifyReply): string => {
    const existing = readCookie(request.headers.cookie, DEVICE_COOKIE);
    if (existing && DEVICE_ID.test(existing)) return existing;
    const id = randomBytes(16).toString('base64url');
    const secure = request.protocol === 'https' ? '; Secure' : '';
    void reply.header(
      'set-cookie',
      `${DEVICE_COOKIE}=${id}; Path=/encuesta; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`,
    );
    return id;
  };
  const page = () => {
    const survey = options.surveys.survey();
    const texts = options.texts();
    return survey && texts ? { survey, texts } : null;
  };

  app.get('/encuesta/:office', { schema: { params: OfficeParams } }, async (request, reply) => {
    const office = officeOf(request.params.office);
    if (!office) return send(reply, 404, renderOfficeNotFound(options.entityName));
    const shown = page();
    if (!shown) return send(reply, 404, renderNoSurvey(options.entityName));
    deviceOf(request, reply);
    return send(
      reply,
      200,
      renderSurveyForm({
        entityName: options.entityName,
        about: { office },
        ...shown,
        action: `/encuesta/${office.id}`,
      }),
    );
  });

  // A counter or phone case's survey about its answer: the link the official put in the e-mail or the letter.
  const caseRunOf = async (id: string) => (RUN_ID.test(id) ? options.surveys.caseRun(id) : null);
  app.get('/encuesta/respuesta/:run', { schema: { params: RunParams } }, async (request, reply) => {
    const found = await caseRunOf(request.params.run);
    const texts = options.texts();
    if (!found || !texts) return send(reply, 404, renderOfficeNotFound(options.entityName));
    if (found.closed) return send(reply, 410, renderSurveyClosed(options.entityName));
    const action = `/encuesta/respuesta/${request.params.run}`;
    return send(
      reply,
      200,
      renderSurveyForm({
        entityName: options.entityName,
        about: { radicado: found.radicado },
        survey: found.survey,
        texts,
        action,
      }),
    );
  });

  app.post(
    '/encuesta/respuesta/:run',
    { schema: { params: RunParams }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const waitMs = perAddress.take(`${request.ip}|case`);
      if (waitMs > 0) {
        return send(
          reply.header('retry-after', String(Math.ceil(waitMs / 1000))),
          429,
          renderTooSoon(options.entityName, waitMs / 1000),
        );
      }
      const found = await caseRunOf(request.params.run);
      const texts = options.texts();
      if (!found || !texts) return send(reply, 404, renderOfficeNotFound(options.entityName));
      const body = AnswersBody.safeParse(request.body ?? {});
      const values = body.success ? body.data : {};
      const result = await options.surveys.recordForCase(request.params.run, values);
      if (!result.ok && 'closed' in result) return send(reply, 410, renderSurveyClosed(options.entityName));
      if (!result.ok) {
        const action = `/encuesta/respuesta/${request.params.run}`;
        const page = {
          entityName: options.entityName,
          about: { radicado: found.radicado },
          survey: found.survey,
          texts,
          action,
          values,
          problems: result.problems,
        };
        return send(reply, 400, renderSurveyForm(page));
      }
      return send(
        reply,
        200,
        renderThanks(options.entityName, `la respuesta a su solicitud ${found.radicado}`, texts.gracias),
      );
    },
  );

  app.get('/encuesta/:office/gracias', { schema: { params: OfficeParams } }, async (request, reply) => {
    const office = officeOf(request.params.office);
    if (!office) return send(reply, 404, renderOfficeNotFound(options.entityName));
    const texts = options.texts();
    return send(
      reply,
      200,
      renderThanks(
        options.entityName,
        `la atención en ${office.nombre}`,
        texts?.gracias ?? '¡Gracias por sus respuestas!',
      ),
    );
  });

  app.post(
    '/encuesta/:office',
    { schema: { params: OfficeParams }, bodyLimit: FORM_BODY_LIMIT },
    async (request, reply) => {
      const office = officeOf(request.params.office);
      if (!office) return send(reply, 404, renderOfficeNotFound(options.entityName));
      const shown = page();
      if (!shown) return send(reply, 404, renderNoSurvey(options.entityName));
      const waitMs = Math.max(perAddress.take(`${request.ip}|${office.id}`), perOffice.take(office.id));
      if (waitMs > 0) {
        request.log.warn({ office: office.id }, 'office survey: too many answers');
        return send(
          reply.header('retry-after', String(Math.ceil(waitMs / 1000))),
          429,
          renderTooSoon(options.entityName, waitMs / 1000),
        );
      }
      const device = deviceOf(request, reply);
      const last = lastAnswer.get(device);
      if (last !== undefined && now() - last < DEVICE_PAUSE_MS) {
        const wait = DEVICE_PAUSE_MS - (now() - last);
        return send(
          reply.header('retry-after', String(Math.ceil(wait / 1000))),
          429,
          renderTooSoon(options.entityName, wait / 1000),
        );
      }
      const body = AnswersBody.safeParse(request.body ?? {});
      const values = body.success ? body.data : {};
      const result = await options.surveys.record(office, values);
      if (!result.ok) {
        const action = `/encuesta/${office.id}`;
        return send(
          reply,
          400,
          renderSurveyForm({
            entityName: options.entityName,
            about: { office },
            ...shown,
            action,
            values,
            problems: result.problems,
          }),
        );
      }
      if (lastAnswer.size >= 100_000) lastAnswer.clear();
      lastAnswer.set(device, now());
      // Post/redirect/get: reloading the thanks page does not send the answers again.
      return reply.status(303).header('location', `/encuesta/${office.id}/gracias`).send();
    },
  );
};

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
