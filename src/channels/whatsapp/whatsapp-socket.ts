import type {
  AnyMessageContent,
  BaileysEventMap,
  MiscMessageGenerationOptions,
  UserFacingSocketConfig,
  WAMessage,
  WAPresence,
} from '@whiskeysockets/baileys';

/**
 * The part of Baileys' socket the adapter uses. Baileys' own makeWASocket result satisfies it; tests pass a fake
 * that emits Baileys' event shapes.
 */
export interface WhatsappSocket {
  ev: {
    on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
    off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
  };
  sendMessage(
    jid: string,
    content: AnyMessageContent,
    options?: MiscMessageGenerationOptions,
  ): Promise<WAMessage | undefined>;
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Asks the phone to upload again media whose link expired (downloadMediaMessage uses it). */
  updateMediaMessage(message: WAMessage): Promise<WAMessage>;
  end(error: Error | undefined): void | Promise<void>;
}

/** What the adapter gives makeSocket: Baileys' own config fields. */
export type WhatsappSocketConfig = Pick<
  UserFacingSocketConfig,
  | 'auth'
  | 'logger'
  | 'markOnlineOnConnect'
  | 'syncFullHistory'
  | 'shouldIgnoreJid'
  | 'browser'
  | 'printQRInTerminal'
  | 'version'
  | 'getMessage'
>;

export type MakeSocket = (config: WhatsappSocketConfig) => WhatsappSocket;
