import type { InlineKeyboard } from './telegram-update.js';

/** Telegram refuses a button whose callback_data is longer than this many bytes (UTF-8). */
export const maxCallbackDataBytes = 64;

const indexPrefix = '~i:';
const indexPattern = /^~i:(\d{1,3})$/;

/**
 * What a button carries back: the option's value when it fits in 64 bytes, otherwise its position, which the
 * keyboard Telegram sends back with the tap turns into the option's label again. Values that look like a position
 * are encoded by position too, so decoding is never ambiguous.
 */
export function encodeCallbackData(value: string, index: number): string {
  const fits = Buffer.byteLength(value, 'utf8') <= maxCallbackDataBytes;
  return fits && !value.startsWith(indexPrefix) ? value : `${indexPrefix}${index}`;
}

/**
 * What a tapped button means: `payload` is the option's value when the button carried it; `label` is the button's
 * text as shown, found in the keyboard. Undefined when a position-encoded button cannot be found any more (the
 * message is too old for Telegram to send its keyboard back).
 */
export function decodeCallbackData(
  data: string,
  keyboard: InlineKeyboard | undefined,
): { payload?: string; label?: string } | undefined {
  const buttons = keyboard?.inline_keyboard.flat() ?? [];
  const byIndex = indexPattern.exec(data);
  if (byIndex) {
    const label = buttons[Number(byIndex[1])]?.text;
    return label ? { label } : undefined;
  }
  const label = buttons.find((b) => b.callback_data === data)?.text;
  return { payload: data, ...(label ? { label } : {}) };
}
