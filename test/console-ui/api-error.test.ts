import { describe, expect, it } from 'vitest';
import { actionErrorText, apiErrorFrom, loginErrorText } from '../../web-console/src/api-error.js';

describe('sign-in errors in plain Spanish', () => {
  it('does not tell which of email or password was wrong', () => {
    const error = apiErrorFrom(
      401,
      { error: { code: 'INVALID_CREDENTIALS', message: 'Correo o contraseña incorrectos.' } },
      null,
    );
    expect(loginErrorText(error)).toBe('El correo o la contraseña no son correctos. Revíselos e intente de nuevo.');
  });

  it('says how long to wait when this computer made too many attempts (429 with retry-after)', () => {
    const body = { error: { code: 'RATE_LIMITED', message: 'Demasiados intentos.' } };
    expect(loginErrorText(apiErrorFrom(429, body, '42'))).toBe(
      'Hubo demasiados intentos de ingreso desde este equipo. Espere 42 segundos y vuelva a intentarlo.',
    );
    expect(loginErrorText(apiErrorFrom(429, body, '600'))).toBe(
      'Hubo demasiados intentos de ingreso desde este equipo. Espere 10 minutos y vuelva a intentarlo.',
    );
    expect(loginErrorText(apiErrorFrom(429, body, null))).toBe(
      'Hubo demasiados intentos de ingreso desde este equipo. Espere un momento y vuelva a intentarlo.',
    );
  });

  it('says until when a locked account stays locked (423), in Bogotá time', () => {
    const error = apiErrorFrom(
      423,
      {
        error: { code: 'ACCOUNT_LOCKED', message: 'Cuenta bloqueada.', details: { until: '2026-11-23T20:15:00.000Z' } },
      },
      null,
    );
    expect(loginErrorText(error)).toBe(
      'La cuenta quedó bloqueada por varios intentos fallidos. Podrá intentar de nuevo después de las 15:15, o pida ayuda al administrador.',
    );
  });
});

describe('errors of the console’s actions', () => {
  it('tells the agent another one took the conversation first', () => {
    const error = apiErrorFrom(409, { error: { code: 'ALREADY_TAKEN', message: 'Ya fue tomada.' } }, null);
    expect(actionErrorText(error)).toBe('Otro asesor ya tomó esta conversación.');
  });

  it('shows the server’s own Spanish message for every other refusal', () => {
    const error = apiErrorFrom(
      409,
      { error: { code: 'AT_CAPACITY', message: 'Ya atiende 3 conversaciones, el máximo.' } },
      null,
    );
    expect(actionErrorText(error)).toBe('Ya atiende 3 conversaciones, el máximo.');
  });

  it('never shows an empty or technical message when the body is not the catalogue’s shape', () => {
    expect(apiErrorFrom(502, '<html>Bad gateway</html>', null)).toMatchObject({
      code: 'HTTP_502',
      message: 'El servidor tuvo un problema. Intente de nuevo en unos minutos.',
    });
    expect(apiErrorFrom(400, undefined, null).message).toBe('No fue posible completar la acción.');
  });
});
