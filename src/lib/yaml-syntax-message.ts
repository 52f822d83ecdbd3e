const hints: Record<string, string> = {
  DUPLICATE_KEY: 'Este campo está repetido en el mismo bloque. Deje solo uno.',
  BAD_INDENT: 'La sangría (los espacios al inicio de la línea) no coincide con la de las líneas vecinas.',
  TAB_AS_INDENT: 'Hay una tabulación al inicio de la línea. Use espacios, no tabulaciones.',
  MISSING_CHAR: 'Falta un carácter de cierre, por ejemplo una comilla o un corchete.',
  MULTILINE_IMPLICIT_KEY:
    'Un texto largo quedó partido en varias líneas. Póngalo entre comillas o use "|" para texto de varias líneas.',
  BLOCK_AS_IMPLICIT_KEY: 'Falta un espacio después de ":" o la sangría no es correcta.',
  UNEXPECTED_TOKEN: 'Hay un carácter inesperado. Si el texto tiene ":" o "#", póngalo entre comillas.',
  BAD_SCALAR_START: 'Un texto no puede empezar así. Póngalo entre comillas.',
  BAD_DQ_ESCAPE: 'Hay una barra invertida "\\" que no se entiende dentro de las comillas dobles.',
  ALIAS_PROPS: 'Un alias (*) no puede llevar etiquetas.',
  BAD_ALIAS: 'Un alias (*) apunta a un ancla (&) que no existe.',
};

/** Spanish explanation of a YAML syntax error, by the yaml library's error code. */
export function describeYamlError(code: string, original: string): string {
  const hint = hints[code] ?? 'Revise la sangría, los dos puntos (":") y las comillas de esta línea.';
  return `Error de sintaxis YAML: ${hint} (detalle técnico: ${original.split('\n')[0] ?? ''})`;
}
