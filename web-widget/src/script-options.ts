export interface ScriptOptions {
  entity: string;
  /** Base URL of the server, without a trailing slash. */
  server: string;
  open: boolean;
}

/** The attributes of the embedding `<script>` tag (an element-like object so the rules can be tested without a DOM). */
export interface ScriptTag {
  getAttribute(name: string): string | null;
}

/**
 * Reads `data-entity`, `data-server` and `data-open`. The server defaults to the origin the script came from, which
 * is right whenever the portal loads widget.js from the Ventanilla server itself. Null when the tag is unusable.
 */
export function readScriptOptions(script: ScriptTag | null, pageUrl: string): ScriptOptions | null {
  const entity = script?.getAttribute('data-entity')?.trim() ?? '';
  if (entity === '') return null;
  const declared = script?.getAttribute('data-server')?.trim();
  const src = script?.getAttribute('src')?.trim();
  let server: string;
  try {
    if (declared) {
      const url = new URL(declared, pageUrl);
      server = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    } else {
      server = new URL(src || pageUrl, pageUrl).origin;
    }
  } catch {
    return null;
  }
  if (!/^https?:\/\//.test(server)) return null;
  return { entity, server, open: script?.getAttribute('data-open') === 'true' };
}

export function socketUrl(server: string, entity: string): string {
  return `${server.replace(/^http/, 'ws')}/widget/v1/ws/${encodeURIComponent(entity)}`;
}

export function endpoint(server: string, path: 'config' | 'uploads', entity: string): string {
  return `${server}/widget/v1/${path}/${encodeURIComponent(entity)}`;
}

export function fileEndpoint(server: string, entity: string, fileId: string): string {
  return `${server}/widget/v1/files/${encodeURIComponent(entity)}/${encodeURIComponent(fileId)}`;
}
