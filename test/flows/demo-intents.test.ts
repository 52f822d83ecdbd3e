import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../src/actions/create-actions.js';
import { loadEntityFacts } from '../../src/entities/load-entity-facts.js';
import { loadFlowBundle } from '../../src/flows/load-flow-bundle.js';

/** The demo entity's intents (flows/bot.yaml) on what citizens write: taken only when the message asks for that. */
describe('the demo intents', async () => {
  const loaded = await loadFlowBundle('flows', { actions: actionCatalog(), entityFacts: loadEntityFacts });
  if (!loaded.ok) throw new Error('demo flows invalid');
  const { intents } = loaded.bundle;

  it.each([
    ['necesito hablar con una persona', 'hablar_con_asesor'],
    ['pongame con un humano', 'hablar_con_asesor'],
    ['quiero poner una queja porque no hay alumbrado en mi barrio', 'radicar_pqrsd'],
    ['quiero radicar un derecho de peticion', 'radicar_pqrsd'],
    ['me atendieron mal en la ventanilla', 'radicar_pqrsd'],
    ['consultar mi radicado', 'consultar_radicado'],
    ['consultar el radicado PQRSD-2026-000123', 'consultar_radicado'],
    // Following up a filed PQRSD is not filing a new one, whatever type it names.
    ['como va mi queja', 'consultar_radicado'],
    ['¿En qué va mi solicitud?', 'consultar_radicado'],
    ['qué pasó con el reclamo', 'consultar_radicado'],
    ['quiero hacer un reclamo', 'radicar_pqrsd'],
  ])('%s → %s', (text, name) => {
    expect(intents.recognise(text)?.name).toBe(name);
  });

  it.each([
    'a que horas atienden en la alcaldia',
    'donde queda la alcaldia',
    'como pago el impuesto de la casa',
    'hola buenas tardes',
    'me pueden atender hoy',
  ])('%s is no intent: it is left to the knowledge base', (text) => {
    expect(intents.recognise(text)).toBeNull();
  });

  it('fills the PQRSD type and keeps the description only when the message tells more than the intent', () => {
    expect(intents.recognise('quiero poner una queja porque no hay alumbrado en mi barrio')?.slots).toEqual({
      pqrsd_tipo: 'queja',
      pqrsd_descripcion: 'quiero poner una queja porque no hay alumbrado en mi barrio',
    });
    expect(intents.recognise('quiero poner una queja')?.slots).toEqual({ pqrsd_tipo: 'queja' });
  });
});
