import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Where `npm run build:widget` writes the bundle; the same path from src/ (tsx) and dist/ (compiled). */
export const widgetBundlePath = fileURLToPath(new URL('../../web-widget/dist/widget.js', import.meta.url));

export interface WidgetScript {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * The built widget, read once and gzipped once (citizens on prepaid data pay for every byte). With `watch`
 * (development) it is re-read when the file changes, so a rebuilt widget shows on reload.
 */
export class WidgetScriptFile {
  private cached: { mtimeMs: number; script: WidgetScript } | undefined;

  constructor(
    private readonly path = widgetBundlePath,
    private readonly watch = false,
  ) {}

  /** The script, or undefined when it was never built. */
  async load(): Promise<WidgetScript | undefined> {
    if (this.cached && !this.watch) return this.cached.script;
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(this.path)).mtimeMs;
    } catch {
      return undefined;
    }
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.script;
    const body = await readFile(this.path);
    const script = {
      body,
      gzip: gzipSync(body, { level: 9 }),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    this.cached = { mtimeMs, script };
    return script;
  }
}
