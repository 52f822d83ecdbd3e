import type { FastifyPluginAsync } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../lib/errors/domain-error.js';
import { ErrorResponse } from '../../lib/errors/error-response.js';
import type { CloudNumbers } from './cloud-numbers.js';
import { WebhookBody } from './webhook-payload.js';
import { splitByNumber } from './webhook-routing.js';
import { sameSecret, validSignature } from './webhook-signature.js';
import type { WhatsappCloudAdapter } from './whatsapp-cloud-adapter.js';

export interface WhatsappCloudRoutesOptions {
  adapter: WhatsappCloudAdapter;
  appSecret: string;
  verifyToken: string;
  /** The numbers of every entity served here: a change for another entity's number goes to that entity. */
  numbers: CloudNumbers;
}

export const webhookPath = (slug: string) => `/webhooks/whatsapp-cloud/${slug}`;

const VerifyQuery = z.object({
  'hub.mode': z.string().optional(),
  'hub.verify_token': z.string().optional(),
  'hub.challenge': z.string().max(1024).optional(),
});

/** What Meta is answered on a POST: it reads only the status. */
const Acknowledged = z.object({ ok: z.literal(true) });

/**
 * Meta's webhook for the entity: GET verifies the address when the administrator registers it, POST brings messages
 * and delivery statuses. Every POST must carry Meta's signature of the exact bytes sent, so the body is read raw.
 *
 * Meta calls one address for all the numbers of an app, so each change goes to the entity whose number it names
 * (value.metadata.phone_number_id), provided that entity's app secret is the one that signed the call: the signature
 * is checked once, with this entity's secret, and proves nothing about another app's numbers.
 */
export function whatsappCloudRoutes(options: WhatsappCloudRoutesOptions): FastifyPluginAsync {
  const { adapter, appSecret, verifyToken, numbers } = options;
  const path = webhookPath(adapter.entity.slug);
  return async (app) => {
    // Scoped to this plugin: other routes keep Fastify's JSON parser.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.get(path, async (request, reply) => {
      const query = VerifyQuery.safeParse(request.query);
      const q = query.success ? query.data : {};
      const token = q['hub.verify_token'];
      if (
        q['hub.mode'] === 'subscribe' &&
        token !== undefined &&
        q['hub.challenge'] !== undefined &&
        sameSecret(token, verifyToken)
      ) {
        request.log.info({ channel: 'whatsapp-cloud' }, 'whatsapp-cloud: webhook verified by Meta');
        return reply.type('text/plain; charset=utf-8').send(q['hub.challenge']);
      }
      request.log.warn(
        { channel: 'whatsapp-cloud' },
        'whatsapp-cloud: webhook verification refused (wrong verify token or mode)',
      );
      return reply
        .status(403)
        .send(
          errorBody('FORBIDDEN', { reason: 'El token de verificación no coincide con WHATSAPP_CLOUD_VERIFY_TOKEN.' }),
        );
    });

    // The answers' schemas are zod: this plugin says so itself rather than rely on who registers it.
    app.setSerializerCompiler(serializerCompiler);
    const response = { 200: Acknowledged, '4xx': ErrorResponse, '5xx': ErrorResponse };
    app.post(path, { schema: { response } }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!validSignature(appSecret, raw, request.headers['x-hub-signature-256'] as string | undefined)) {
        request.log.warn(
          { channel: 'whatsapp-cloud' },
          'whatsapp-cloud: webhook call without a valid signature refused',
        );
        return reply
          .status(401)
          .send(errorBody('UNAUTHENTICATED', { reason: 'Firma X-Hub-Signature-256 ausente o incorrecta.' }));
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.status(400).send(errorBody('VALIDATION_FAILED', { reason: 'El cuerpo no es JSON válido.' }));
      }
      const parsed = WebhookBody.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
        request.log.warn({ channel: 'whatsapp-cloud', issues }, 'whatsapp-cloud: webhook body not understood');
        return reply.status(400).send(
          errorBody('VALIDATION_FAILED', {
            reason: 'El cuerpo no tiene la forma de un webhook de WhatsApp.',
            issues,
          }),
        );
      }
      if (!adapter.running) return reply.status(503).send(errorBody('NOT_READY'));
      if (parsed.data.object !== 'whatsapp_business_account') {
        request.log.info(
          { channel: 'whatsapp-cloud', object: parsed.data.object },
          'whatsapp-cloud: webhook for another product ignored',
        );
        return reply.status(200).send({ ok: true });
      }
      const split = splitByNumber(parsed.data, (phoneNumberId) => {
        if (phoneNumberId === undefined) return adapter;
        const number = numbers.get(phoneNumberId);
        return number && sameSecret(number.appSecret, appSecret) ? number.adapter : undefined;
      });
      for (const phoneNumberId of split.unrouted) {
        // Meta retries what is not answered 200, and a number nobody here serves would come back for days.
        request.log.warn(
          {
            channel: 'whatsapp-cloud',
            phoneNumberId,
            reason: numbers.get(phoneNumberId) ? 'signed for another Meta app' : 'no entity has this number',
          },
          'whatsapp-cloud: webhook change for a phone number not served here; dropped',
        );
      }
      // All or nothing: Meta sends the whole call again, and what was already stored is deduplicated then.
      if ([...split.parts.keys()].some((target) => !target.running))
        return reply.status(503).send(errorBody('NOT_READY'));
      try {
        for (const [target, part] of split.parts) await target.handleWebhook(part);
      } catch (error) {
        // Meta retries a call that was not answered 200: what was stored is deduplicated then.
        request.log.error({ err: error, channel: 'whatsapp-cloud' }, 'whatsapp-cloud: webhook could not be stored');
        return reply.status(500).send(errorBody('INTERNAL'));
      }
      return reply.status(200).send({ ok: true });
    });
  };
}
