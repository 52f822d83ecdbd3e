/** Node ids: what editors type in `next`. ASCII so that "opción" vs "opcion" can never be two different nodes. */
export const nodeIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** Flow ids, same rule as node ids. */
export const flowIdPattern = nodeIdPattern;
/** Variable names. */
export const varNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Dotted paths into variables: `caso.radicado`, `contact.name`. */
export const varPathPattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
/** Field names inside a variable's items (`optionsFrom.label`). */
export const fieldNamePattern = /^[A-Za-z0-9_]{1,64}$/;
/** Roots the interpreter fills from the context; a flow may read them but not assign them. */
export const reservedVarNames = ['contact', 'channel', 'capabilities'] as const;
