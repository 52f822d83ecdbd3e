import { DEFAULT_BRANDING, fetchConfig } from './config.js';
import { DEFAULT_LIMITS } from './protocol.js';
import { readScriptOptions } from './script-options.js';
import { createWidget, type WidgetApi } from './widget.js';

declare global {
  interface Window {
    /** For portals that want their own "chat with us" link. */
    AvaWidget?: WidgetApi;
  }
}

// Only readable while this script is first executing; a tag manager may inject the tag without our attributes on
// `currentScript`, hence the fallback.
const current = document.currentScript as HTMLScriptElement | null;
const script = current?.hasAttribute('data-entity')
  ? current
  : document.querySelector<HTMLScriptElement>('script[data-entity]');

function start(): void {
  const options = readScriptOptions(script, location.href);
  if (!options) {
    console.error('A.V.A: falta el atributo data-entity en la etiqueta <script> del chat.');
    return;
  }
  if (document.getElementById('ava-widget')) return;
  void fetchConfig(options.server, options.entity).then((result) => {
    // Not rendered at all when the server refuses this site: a chat button that can never work only confuses
    // citizens; the console tells the portal's webmaster why.
    if (!result.ok && result.refused) {
      console.error(`A.V.A: el chat de "${options.entity}" no está disponible en este sitio (${result.code}).`);
      return;
    }
    if (document.getElementById('ava-widget')) return;
    const config = result.ok ? result.config : { branding: DEFAULT_BRANDING, limits: DEFAULT_LIMITS };
    window.AvaWidget = createWidget(options, config, result.ok);
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
