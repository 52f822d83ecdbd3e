/**
 * An object that always reads through to `current()`: services keep the reference they were built with, and a reload
 * that replaces what `current()` returns reaches them at their next read, with no service knowing about reloads.
 * Methods are called on the current object, so class instances (a calendar) work as themselves; a list stays a list
 * (Array.isArray, JSON) as long as `current()` keeps returning lists.
 */
export function liveObject<T extends object>(current: () => T): T {
  const target = (Array.isArray(current()) ? [] : {}) as T;
  return new Proxy(target, {
    get: (_target, key) => {
      const now = current();
      const value = Reflect.get(now, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(now) : value;
    },
    has: (_target, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (inner, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      // A proxy may report a property as non-configurable only when its own target has it so (a list's length).
      if (descriptor && !descriptor.configurable && !Reflect.getOwnPropertyDescriptor(inner, key)) {
        return { ...descriptor, configurable: true };
      }
      return descriptor;
    },
    set: () => false,
    deleteProperty: () => false,
  });
}
