import type { KeyValueStore } from './offline-queue.js';

/**
 * Web Storage that never throws. Reading `localStorage` itself throws when the portal runs in a sandboxed frame or
 * the browser blocks site data, and writes throw when the quota is full; the chat must keep working in memory then.
 */
export function safeLocalStorage(): KeyValueStore {
  const memory = new Map<string, string>();
  let backing: Storage | null = null;
  try {
    backing = window.localStorage;
  } catch {
    backing = null;
  }
  return {
    getItem(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      try {
        return backing?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    setItem(key, value) {
      try {
        if (!backing) throw new Error('no storage');
        backing.setItem(key, value);
        memory.delete(key);
      } catch {
        memory.set(key, value);
      }
    },
    removeItem(key) {
      memory.delete(key);
      try {
        backing?.removeItem(key);
      } catch {
        // Nothing was stored there either.
      }
    },
  };
}
