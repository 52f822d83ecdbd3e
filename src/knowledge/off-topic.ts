/**
 * Things citizens ask an alcaldía that another entity handles. They are indexed next to the knowledge base as
 * "decoy" documents: when one of them explains a message better than any entry, the assistant says it does not know
 * (and can name who does) instead of answering with the closest trámite. General knowledge of Colombian public
 * administration; an entity can replace the list through the matcher options.
 */
export interface OffTopicTopic {
  /** Who handles it, in the words a citizen reads. */
  entity: string;
  /** How people ask about it. */
  phrases: string[];
}

export const DEFAULT_OFF_TOPICS: readonly OffTopicTopic[] = [
  {
    entity: 'la Registraduría Nacional del Estado Civil',
    phrases: [
      'duplicado de la cedula',
      'sacar la cedula por primera vez',
      'se me perdio la cedula',
      'renovar la cedula digital',
      'tarjeta de identidad',
      'registro civil de nacimiento',
      'inscribir la cedula para votar',
      'puesto de votacion',
    ],
  },
  {
    entity: 'la Cancillería o Migración Colombia',
    phrases: ['sacar el pasaporte', 'cita para pasaporte', 'visa', 'permiso de migracion', 'cedula de extranjeria'],
  },
  {
    entity: 'la DIAN',
    phrases: [
      'sacar el rut',
      'actualizar el rut',
      'declaracion de renta',
      'nit de la dian',
      'factura electronica',
      'iva',
    ],
  },
  {
    entity: 'la Policía Nacional',
    phrases: [
      'certificado de antecedentes judiciales',
      'pasado judicial',
      'antecedentes penales',
      'denuncia por robo de celular',
    ],
  },
  {
    entity: 'la Fiscalía General de la Nación',
    phrases: ['denunciar un robo', 'denuncia penal por hurto', 'me robaron'],
  },
  {
    entity: 'el Ejército Nacional',
    phrases: ['libreta militar', 'situacion militar', 'servicio militar obligatorio'],
  },
  {
    entity: 'una aseguradora (el SOAT no lo vende la Alcaldía)',
    phrases: ['comprar el soat', 'sacar el soat', 'renovar el soat', 'seguro obligatorio'],
  },
  {
    entity: 'la Gobernación (impuesto vehicular departamental)',
    phrases: [
      'pagar el impuesto del carro',
      'impuesto de la moto',
      'impuesto vehicular anual',
      'impuesto de rodamiento',
    ],
  },
  {
    entity: 'su EPS o la Superintendencia de Salud',
    phrases: [
      'cambiarme de eps',
      'traslado de eps',
      'cita medica',
      'autorizacion de medicamentos',
      'la eps no me da la cita',
    ],
  },
  {
    entity: 'Colpensiones o su fondo de pensiones',
    phrases: ['colpensiones', 'semanas cotizadas', 'fondo de pensiones', 'cesantias', 'pension de vejez'],
  },
  {
    entity: 'el ICETEX',
    phrases: ['credito del icetex', 'renovar el icetex'],
  },
  {
    entity: 'el SENA',
    phrases: ['cursos del sena', 'inscripcion al sena'],
  },
  {
    entity: 'su banco o billetera digital',
    phrases: [
      'abrir una cuenta en nequi',
      'daviplata',
      'cuenta de ahorros',
      'tarjeta de credito',
      'prestamo en el banco',
    ],
  },
  {
    entity: 'la empresa de servicios públicos',
    phrases: [
      'recibo del agua',
      'recibo de la luz',
      'recibo del gas',
      'factura de energia',
      'cortaron el agua',
      'se fue la luz',
      'internet no sirve',
    ],
  },
  {
    entity: 'la Oficina de Registro de Instrumentos Públicos',
    phrases: ['certificado de tradicion y libertad', 'folio de matricula inmobiliaria', 'registrar la escritura'],
  },
  {
    entity: 'una notaría o un juzgado',
    phrases: ['divorcio', 'autenticar un documento', 'sucesion de herencia', 'demanda judicial'],
  },
  {
    entity: 'el Ministerio del Trabajo o su empleador',
    phrases: [
      'mi empresa no me da el certificado laboral',
      'me despidieron sin justa causa',
      'liquidacion del trabajo',
      'no me pagan el sueldo',
      'inspector de trabajo',
    ],
  },
  {
    entity: 'su caja de compensación familiar',
    phrases: ['subsidio de desempleo', 'caja de compensacion', 'subsidio familiar de la caja'],
  },
];
