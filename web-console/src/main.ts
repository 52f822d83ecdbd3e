import { AgentView } from './agent-view.js';
import { Api } from './api.js';
import { canReadCases } from './case-steps.js';
import { CasesView } from './cases-view.js';
import { ContentView } from './content-view.js';
import { CounterView } from './counter-view.js';
import { DashboardView } from './dashboard-view.js';
import { KnowledgeView } from './knowledge-view.js';
import { h } from './dom.js';
import { describeWaiting, formatWaiting, waitingLevel, waitingNow } from './format.js';
import { LiveSocket, type LiveState } from './live-socket.js';
import { loginView } from './login-view.js';
import { Notifier } from './notify.js';
import { socketUrl } from './site-path.js';
import { SupervisorView } from './supervisor-view.js';
import type { Session } from './types.js';

// The console's entry point: sign-in, then the sections the person's permissions open, switched by the URL's hash so
// reloads and the browser's back button keep the place.

const root = document.getElementById('app') ?? document.body;
const api = new Api();
let socket: LiveSocket | null = null;

type Section = 'conversaciones' | 'casos' | 'ventanilla' | 'supervision' | 'informes' | 'conocimiento' | 'contenidos';

/** Today in Bogotá as YYYY-MM-DD, whatever the laptop's zone: report periods are Colombian calendar days. */
const bogotaToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(new Date());

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'Conectando…',
  open: 'En vivo',
  waiting: 'Sin conexión en vivo: reintentando…',
  stopped: 'Sin conexión en vivo',
};

function showLogin(notice?: string): void {
  socket?.stop();
  socket = null;
  document.title = 'Ingresar · Consola de atención';
  root.replaceChildren(loginView(api, (session) => showApp(session), notice));
}

api.onSignedOut = () => showLogin('Su sesión terminó. Ingrese de nuevo.');

function showApp(session: Session): void {
  const { me } = session;
  const notify = new Notifier();
  const sections: { id: Section; label: string }[] = [];
  const attends = me.permissions.includes('handoff.attend');
  const supervises = me.permissions.includes('handoff.supervise');
  if (attends) sections.push({ id: 'conversaciones', label: 'Conversaciones' });
  if (canReadCases(me.permissions)) sections.push({ id: 'casos', label: 'Casos PQRSD' });
  // Every official may print an office's survey QR; filing and logging calls depend on permissions the view asks for.
  sections.push({ id: 'ventanilla', label: 'Ventanilla y teléfono' });
  if (supervises) sections.push({ id: 'supervision', label: 'Supervisión' });
  const readsReports = me.permissions.includes('reports.read');
  if (readsReports) sections.push({ id: 'informes', label: 'Informes' });
  const edits = me.permissions.includes('content.edit');
  if (edits) sections.push({ id: 'conocimiento', label: 'Base de conocimiento' });
  const editsContent = me.permissions.includes('content.edit') || me.permissions.includes('settings.edit');
  if (editsContent) sections.push({ id: 'contenidos', label: 'Flujos y configuración' });

  const agent = attends ? new AgentView(api, me, notify) : null;
  const cases = canReadCases(me.permissions) ? new CasesView(api, me, notify) : null;
  const supervisor = supervises ? new SupervisorView(api, notify) : null;
  const counter = new CounterView(api, notify);
  const dashboard = readsReports ? new DashboardView(api, notify, bogotaToday) : null;
  const knowledge = edits ? new KnowledgeView(api, notify) : null;
  const content = editsContent ? new ContentView(api, me.permissions, notify) : null;

  const liveStatus = h('span', { class: 'live' }, LIVE_TEXT.connecting);
  const logout = h('button', { type: 'button', class: 'button button--ghost' }, 'Salir');
  logout.addEventListener('click', () => {
    void api.logout().finally(() => showLogin('Salió de la consola.'));
  });
  const links = sections.map((s) => h('a', { href: `#/${s.id}`, class: 'nav__link', 'data-section': s.id }, s.label));
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  root.replaceChildren(
    h('a', { class: 'skip', href: '#main' }, 'Saltar al contenido'),
    h(
      'header',
      { class: 'top' },
      h('h1', { class: 'top__title' }, 'Consola de atención'),
      h('nav', { class: 'nav', 'aria-label': 'Secciones' }, ...links),
      h('span', { class: 'top__spacer' }),
      liveStatus,
      h('span', { class: 'top__user' }, me.name),
      logout,
    ),
    notify.element,
    main,
  );
  // The skip link must not change the hash (that is the router's): move the focus instead.
  root.querySelector('.skip')?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });

  if (sections.length === 0) {
    main.replaceChildren(
      h(
        'p',
        { class: 'empty' },
        'Su usuario no tiene permisos para la consola. Pida al administrador que le asigne un rol.',
      ),
    );
    return;
  }

  const route = (): void => {
    const [, first, second, third] = location.hash.split('/');
    const section = sections.find((s) => s.id === first)?.id ?? sections[0]!.id;
    for (const link of links) {
      if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const label = sections.find((s) => s.id === section)?.label ?? '';
    document.title = `${label} · Consola de atención`;
    if (section === 'conversaciones' && agent) main.replaceChildren(agent.element);
    if (section === 'casos' && cases) {
      main.replaceChildren(cases.element);
      if (second) void cases.showCase(decodeURIComponent(second));
      else void cases.showList();
    }
    if (section === 'ventanilla') {
      main.replaceChildren(counter.element);
      void counter.show();
    }
    if (section === 'informes' && dashboard) {
      main.replaceChildren(dashboard.element);
      void dashboard.show(second, third);
    }
    if (section === 'conocimiento' && knowledge) {
      main.replaceChildren(knowledge.element);
      void knowledge.show(second, third === undefined ? undefined : decodeURIComponent(third));
    }
    if (section === 'contenidos' && content) {
      main.replaceChildren(content.element);
      void (second ? content.showFile(decodeURIComponent(second)) : content.showList());
    }
    if (section === 'supervision' && supervisor) {
      main.replaceChildren(supervisor.element);
      void supervisor.reload();
    }
  };
  window.onhashchange = route;
  route();

  if (agent || supervisor) {
    void agent?.start();
    socket = new LiveSocket(socketUrl('/console/ws'), {
      frame: (frame) => {
        agent?.onFrame(frame);
        if (supervisor?.element.isConnected && frame.type !== 'message') void supervisor.reload();
      },
      state: (state) => {
        liveStatus.textContent = LIVE_TEXT[state];
        liveStatus.className = `live live--${state}`;
      },
      opened: () => {
        void agent?.reload();
        if (supervisor?.element.isConnected) void supervisor.reload();
      },
      signedOut: () => showLogin('Su sesión terminó. Ingrese de nuevo.'),
    });
    socket.start();
  }
}

// Waiting times count up between server updates; one ticker for the whole page.
setInterval(() => {
  const now = Date.now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-waiting]')) {
    const seconds = waitingNow(Number(el.dataset.waiting), Number(el.dataset.loadedAt), now);
    const prefix = el.dataset.prefix ?? '';
    el.textContent = `${prefix} ${formatWaiting(seconds)}`.trim();
    el.title = `${prefix} ${describeWaiting(seconds)}`.trim();
    el.className = `wait wait--${waitingLevel(seconds)}`;
  }
}, 1000);

void api
  .me()
  .then((session) => (session ? showApp(session) : showLogin()))
  .catch(() => showLogin('No hay conexión con el servidor. Revise su conexión y recargue la página.'));
