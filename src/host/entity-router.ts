/** Where a request goes: to an entity by its slug (with the URL that entity's application sees), or to the first. */
export type EntityRoute = { slug: string; url: string } | { slug: undefined; url: string };

const prefixed = /^\/e\/([a-z0-9][a-z0-9-]{1,62})(\/[^?#]*)?(\?.*)?$/;
// The widget protocol names the entity in its own URLs (docs/widget-protocol.md), so an embed snippet with
// data-entity="<slug>" reaches that entity on the server's root without a prefix.
const widgetProtocol = /^\/widget\/v1\/(?:config|uploads|ws|files)\/([^/?#]+)/;
// Channel webhooks name their entity the same way (/webhooks/telegram/<slug>, /webhooks/whatsapp-cloud/<slug>).
const webhook = /^\/webhooks\/[a-z-]+\/([^/?#]+)/;

/**
 * Picks the entity a request is for. `/e/<slug>/…` is that entity's whole site (console, officials' API, survey pages),
 * seen by its application without the prefix; `/widget/v1/<kind>/<slug>` is its widget and `/webhooks/<channel>/<slug>`
 * its channels' webhooks; anything else,
 * and any slug not served, goes to the first entity, whose URLs stay as they were before there were several.
 */
export function routeRequest(url: string, served: (slug: string) => boolean): EntityRoute {
  const match = prefixed.exec(url);
  if (match?.[1] && served(match[1])) return { slug: match[1], url: `${match[2] ?? '/'}${match[3] ?? ''}` };
  const named = widgetProtocol.exec(url) ?? webhook.exec(url);
  if (named?.[1]) {
    const slug = safeDecode(named[1]);
    if (slug !== undefined && served(slug)) return { slug, url };
  }
  return { slug: undefined, url };
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
