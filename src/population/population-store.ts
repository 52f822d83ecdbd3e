import type { Db } from '../db/database.js';
import { PopulationProfile, isEmptyProfile, populationFieldNames, profileFromRow } from './population-profile.js';

/** What a stored profile row looks like once nulls ("not asked") are written for the missing fields. */
function columns(profile: PopulationProfile): Record<string, string | null> {
  return Object.fromEntries(populationFieldNames.map((f) => [f, profile[f] ?? null]));
}

/**
 * Population profiles of one entity. Only this store reads or writes them, and callers get them only by asking for
 * one case or one conversation on purpose: case lists, logs and event data never carry them.
 */
export class PopulationStore {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
  ) {}

  /** Replaces the case's profile; an empty profile removes it (nothing stated is nothing kept). */
  async saveForCase(caseId: string, raw: PopulationProfile): Promise<void> {
    const profile = PopulationProfile.parse(raw);
    if (isEmptyProfile(profile)) {
      await this.prisma.populationProfile.deleteMany({ where: { entityId: this.entityId, caseId } });
      return;
    }
    const data = columns(profile);
    await this.prisma.populationProfile.upsert({
      where: { caseId },
      create: { entityId: this.entityId, caseId, ...data },
      update: data,
    });
  }

  async saveForConversation(conversationId: string, raw: PopulationProfile): Promise<void> {
    const profile = PopulationProfile.parse(raw);
    if (isEmptyProfile(profile)) {
      await this.prisma.populationProfile.deleteMany({ where: { entityId: this.entityId, conversationId } });
      return;
    }
    const data = columns(profile);
    await this.prisma.populationProfile.upsert({
      where: { conversationId },
      create: { entityId: this.entityId, conversationId, ...data },
      update: data,
    });
  }

  async ofCase(caseId: string): Promise<PopulationProfile> {
    const row = await this.prisma.populationProfile.findFirst({ where: { entityId: this.entityId, caseId } });
    return profileFromRow(row);
  }

  async ofConversation(conversationId: string): Promise<PopulationProfile> {
    const row = await this.prisma.populationProfile.findFirst({ where: { entityId: this.entityId, conversationId } });
    return profileFromRow(row);
  }
}
