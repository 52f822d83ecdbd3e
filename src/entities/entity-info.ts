/** Who the entity is, as its file says: channels read their own settings from it. */
export interface EntityInfo {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
}
