/**
 * The administrator's WhatsApp pairing page. It carries no data: it asks for the access token, keeps it for the tab
 * only (sessionStorage), and polls /api/v1/admin/whatsapp every few seconds to show the state, the QR and the code.
 * Everything the API returns is written with textContent; only the QR's SVG, which the server renders, is inserted.
 */
export function whatsappAdminPage(): string {
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>WhatsApp · Vincular el número</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f5f6f8; line-height: 1.5; }
  main { max-width: 36rem; margin: 0 auto; padding: 1.5rem; }
  section { background: #fff; border-radius: .5rem; padding: 1rem 1.5rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h1 { font-size: 1.4rem; color: #0b3d6e; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; border: 1px solid #767676; border-radius: .25rem; }
  button { margin-top: .5rem; padding: .5rem 1rem; font-size: 1rem; background: #0b5394; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
  button.secondary { background: #fff; color: #0b5394; border: 1px solid #0b5394; }
  #qr svg { width: 100%; max-width: 18rem; height: auto; display: block; margin: 0 auto; }
  #code { font-size: 2rem; letter-spacing: .2rem; text-align: center; font-family: monospace; }
  .estado { font-size: 1.1rem; font-weight: 600; }
  .error { color: #a4000f; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<main>
  <h1>WhatsApp: vincular el número de la entidad</h1>
  <section id="login">
    <form id="login-form">
      <label for="token">Token de acceso de administrador</label>
      <input id="token" type="password" autocomplete="off" required>
      <button type="submit">Entrar</button>
      <p id="login-error" class="error" role="alert"></p>
    </form>
  </section>
  <section id="panel" hidden>
    <p class="estado" id="status" role="status" aria-live="polite">Consultando…</p>
    <p id="detail"></p>
    <div id="qr-box" hidden>
      <p>En el teléfono abra WhatsApp → <strong>Dispositivos vinculados</strong> → <strong>Vincular un dispositivo</strong> y escanee este código. El código cambia cada pocos segundos; esta página lo actualiza sola.</p>
      <div id="qr" aria-label="Código QR para vincular WhatsApp"></div>
    </div>
    <div id="code-box" hidden>
      <p>O escriba este código en el teléfono (Vincular con el número de teléfono):</p>
      <p id="code"></p>
    </div>
    <form id="code-form" hidden>
      <label for="phone">¿No puede escanear? Pida un código para el número (con indicativo, solo dígitos)</label>
      <input id="phone" inputmode="numeric" placeholder="573001234567">
      <button type="submit" class="secondary">Pedir código</button>
      <p id="code-error" class="error" role="alert"></p>
    </form>
    <div id="relink-box" hidden>
      <p>Vincular de nuevo borra la sesión guardada en el servidor y muestra un código QR nuevo. Hágalo cuando el número pueda usarse otra vez en el teléfono.</p>
      <button id="relink" type="button">Borrar la sesión y vincular de nuevo</button>
      <p id="relink-error" class="error" role="alert"></p>
    </div>
    <button id="logout" class="secondary" type="button">Salir</button>
  </section>
</main>
<script>
(function () {
  var api = '/api/v1/admin/whatsapp';
  var key = 'ventanilla.adminToken';
  var timer = null;
  function $(id) { return document.getElementById(id); }
  function token() { return sessionStorage.getItem(key); }
  function show(loggedIn) { $('login').hidden = loggedIn; $('panel').hidden = !loggedIn; }
  function signOut(message) {
    sessionStorage.removeItem(key);
    clearTimeout(timer);
    show(false);
    $('login-error').textContent = message || '';
  }
  function request(path, init) {
    init = init || {};
    init.headers = Object.assign({ authorization: 'Bearer ' + token() }, init.headers || {});
    return fetch(api + path, init).then(function (res) {
      if (res.status === 401) { signOut('El token no es válido o fue revocado.'); throw new Error('401'); }
      if (res.status === 403) { signOut('Su rol no permite administrar los canales (se necesita el rol de administrador).'); throw new Error('403'); }
      return res.json().then(function (body) { if (!res.ok) throw new Error((body.error && body.error.message) || 'Error'); return body; });
    });
  }
  function render(s) {
    $('status').textContent = s.message;
    $('detail').textContent = s.detail || '';
    $('qr-box').hidden = !s.qrSvg;
    $('qr').innerHTML = s.qrSvg || '';
    $('code-box').hidden = !s.pairingCode;
    $('code').textContent = s.pairingCode || '';
    $('code-form').hidden = s.status !== 'waiting';
    $('relink-box').hidden = !s.canRelink;
  }
  function poll() {
    clearTimeout(timer);
    request('').then(render, function (e) {
      if (e.message !== '401' && e.message !== '403') $('status').textContent = 'No se pudo consultar el estado. Reintentando…';
    }).finally(function () { if (token()) timer = setTimeout(poll, 3000); });
  }
  $('login-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    sessionStorage.setItem(key, $('token').value.trim());
    $('token').value = '';
    $('login-error').textContent = '';
    show(true);
    poll();
  });
  $('code-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('code-error').textContent = '';
    request('/pairing-code', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: $('phone').value.trim() }) })
      .then(function (r) { $('code-box').hidden = false; $('code').textContent = r.pairingCode; }, function (e) { $('code-error').textContent = e.message; });
  });
  $('relink').addEventListener('click', function () {
    if (!confirm('¿Borrar la sesión guardada y vincular de nuevo el número?')) return;
    $('relink-error').textContent = '';
    request('/relink', { method: 'POST' }).then(poll, function (e) { $('relink-error').textContent = e.message; });
  });
  $('logout').addEventListener('click', function () { signOut(''); });
  if (token()) { show(true); poll(); }
})();
</script>
</body>
</html>
`;
}
