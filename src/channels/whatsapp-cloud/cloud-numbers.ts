import type { WhatsappCloudAdapter } from './whatsapp-cloud-adapter.js';

/** One entity's WhatsApp number as Meta names it in webhooks, and the app secret its Meta app signs them with. */
export interface CloudNumber {
  phoneNumberId: string;
  appSecret: string;
  adapter: WhatsappCloudAdapter;
}

/**
 * Every WhatsApp Cloud API number this process serves, by Meta's phone_number_id. Meta sends all the numbers of one
 * app to the one webhook address registered in the app, so any entity's webhook hands each change to the entity whose
 * number it names. One per process (src/host/entity-hosts.ts); a channel started alone gets its own.
 */
export class CloudNumbers {
  private readonly byId = new Map<string, CloudNumber>();

  /**
   * Registers an entity's number; returns the call that removes it when the channel stops. Refuses a number another
   * entity serves: its citizens' messages would reach either entity.
   */
  add(number: CloudNumber): () => void {
    const held = this.byId.get(number.phoneNumberId);
    if (held && held.adapter !== number.adapter) {
      throw new Error(
        `entity ${number.adapter.entity.slug}: WhatsApp phone number id ${number.phoneNumberId} is already served by entity ${held.adapter.entity.slug}`,
      );
    }
    this.byId.set(number.phoneNumberId, number);
    return () => {
      if (this.byId.get(number.phoneNumberId) === number) this.byId.delete(number.phoneNumberId);
    };
  }

  get(phoneNumberId: string): CloudNumber | undefined {
    return this.byId.get(phoneNumberId);
  }
}
