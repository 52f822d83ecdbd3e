import { ApiError, loginErrorText } from './api-error.js';
import type { Api } from './api.js';
import { field, h } from './dom.js';
import type { Session } from './types.js';

/** The sign-in page. Errors are announced and the focus goes back to where the person can fix them. */
export function loginView(api: Api, signedIn: (session: Session) => void, notice?: string): HTMLElement {
  const email = h('input', { type: 'email', autocomplete: 'username', 'aria-required': 'true', spellcheck: 'false' });
  const password = h('input', { type: 'password', autocomplete: 'current-password', 'aria-required': 'true' });
  const error = h('p', { class: 'field-error', role: 'alert', id: 'login-error' });
  const submit = h('button', { type: 'submit', class: 'button button--primary button--wide' }, 'Ingresar');
  const form = h(
    'form',
    { class: 'login__form', novalidate: true, 'aria-describedby': 'login-error' },
    field('login-email', 'Correo institucional', email),
    field('login-password', 'Contraseña', password),
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    if (email.value.trim() === '' || password.value === '') {
      error.textContent = 'Escriba su correo y su contraseña.';
      (email.value.trim() === '' ? email : password).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Ingresando…';
    api
      .login(email.value.trim(), password.value)
      .then(signedIn)
      .catch((e: unknown) => {
        error.textContent = e instanceof ApiError ? loginErrorText(e) : 'No fue posible ingresar. Intente de nuevo.';
        password.value = '';
        password.focus();
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = 'Ingresar';
      });
  });
  queueMicrotask(() => email.focus());
  return h(
    'main',
    { class: 'login', id: 'main' },
    h(
      'div',
      { class: 'login__box' },
      h('h1', null, 'Consola de atención'),
      h(
        'p',
        { class: 'login__intro' },
        'Ingrese con el correo y la contraseña que le entregó el administrador de la entidad.',
      ),
      notice ? h('p', { class: 'notice notice--info', role: 'status' }, notice) : null,
      form,
    ),
  );
}
