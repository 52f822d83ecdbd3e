import { normalizeText } from './normalize.js';

/**
 * Words of conversation that is not a request: greetings, thanks, acknowledgements, chit-chat, jokes and insults.
 * A message made only of these (and stopwords) gets a polite "no sé" plus the menu, never a trámite.
 */
const SMALLTALK_TEXT = `
hola holi ola buenas buenos dias tardes noches saludos saludo cordial bendiciones feliz dia tarde noche
gracias muchas mil agradezco agradecido agradecida amable muy ok okay okey oki vale listo dale bueno perfecto
excelente genial super chevere bacano entendido claro si no nada chao adios bye luego pronto nos vemos jaja jeje
emoji amen hey alo alguien ahi hay
como estas esta va vas todo bien mal que tal quien eres llamas nombre bot robot maquina inteligencia artificial
chiste chistes cuentame cuenta cuento adivinanza poema cancion canta cantame juego jugar aburrido aburrida
amigo amiga novio novia amor quiero te casarte casate enamorado besos beso linda lindo bonita bonito
inutil inservible sirves sirve estupido estupida idiota bruto bruta tonto tonta imbecil malparido malparida
gonorrea hijueputa hp marica guevon huevon mierda basura porqueria pesimo pesima odio asco ridiculo ridicula
lento lenta
receta cocinar sancocho arepa comida almuerzo pelicula series netflix futbol partido gano gol equipo seleccion
clima llover llovera lluvia llueve sol temperatura dolar euro bitcoin horoscopo signo loteria chance baloto
noticias farandula
`;

export const SMALLTALK_WORDS: ReadonlySet<string> = new Set(normalizeText(SMALLTALK_TEXT).split(' '));

export function isSmalltalkWord(word: string): boolean {
  return SMALLTALK_WORDS.has(word);
}
