/**
 * One deployment serves several entities: the first at the site's root, each other one under /e/<slug>
 * (src/host/entity-router.ts), and every entity's console is the same build. The console's code writes server paths
 * as the entity's application defines them (/console/api/me, /api/v1/cases), which keeps them greppable against the
 * routes, and `sitePath` puts them under the mount this page was served from.
 *
 * The mount is read from the URL of the console's own script (<mount>/console/assets/console.js), not from the page's
 * address: the script's URL is written by the server, while the address bar may carry a trailing slash, a hash or a
 * query.
 */

/** The part of a console script's path before /console/assets/: '' at the root, '/e/concejo' for a second entity. */
export function mountOf(scriptPath: string): string {
  const match = /^(.*?)\/console\/assets\/[^/]+$/.exec(scriptPath);
  return match?.[1] ?? '';
}

function ownScriptPath(): string {
  if (typeof document === 'undefined') return '';
  // currentScript is set only while the bundle first runs, which is when this module is evaluated.
  const script = document.currentScript ?? document.querySelector('script[src*="/console/assets/"]');
  return script instanceof HTMLScriptElement && script.src !== '' ? new URL(script.src).pathname : '';
}

const mount = mountOf(ownScriptPath());

/** A server path ('/console/api/me') as this page must request it ('/e/concejo/console/api/me' under a mount). */
export function sitePath(path: string): string {
  return `${mount}${path}`;
}

/** The WebSocket URL of a server path, on this page's host, with wss when the page came over https. */
export function socketUrl(path: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${sitePath(path)}`;
}
