import { SafeHtml, html } from './html-escape.js';
import { PRINT_STYLES } from './print-styles.js';

/**
 * A complete, self-contained page: no scripts, no external files. The Content-Security-Policy makes that a rule the
 * browser enforces, so a value that slipped through escaping could still not run or fetch anything.
 */
export function printDocument(page: { title: string; body: SafeHtml }): string {
  const doc = html`<!doctype html>
    <html lang="es-CO">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title}</title>
        <style>
          ${new SafeHtml(PRINT_STYLES)}
        </style>
      </head>
      <body>
        <main class="sheet">${page.body}</main>
      </body>
    </html> `;
  return doc.html;
}
