/**
 * Whether a page at `origin` may use an entity's widget: the server's own pages always (the demo page), others only
 * when the entity lists them. Browsers always send Origin on WebSocket and cross-origin requests; its absence means a
 * non-browser client, which must send one too (docs/widget-protocol.md).
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && parsed.host === host.toLowerCase()) return true;
  return allowed.includes(parsed.origin);
}
