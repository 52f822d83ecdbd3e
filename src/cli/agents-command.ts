import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parsePqrsdSettings } from '../cases/pqrsd-settings.js';
import { loadConfig } from '../config.js';
import { generatePassword, passwordProblem } from '../console/passwords.js';
import { openDatabase } from '../db/database.js';
import { ensureEntity } from '../entities/ensure-entity.js';
import { readEntityFile } from '../entities/entity-file.js';
import { parseAtencionSettings } from '../handoff/atencion-settings.js';
import { createLogger } from '../logger.js';
import { migrateDatabase } from '../server.js';
import { StaffDirectory, StaffValidationError } from '../staff/staff-directory.js';
import { STAFF_ROLE_NAMES, staffRoles, type StaffRole } from '../staff/staff-roles.js';
import { UsageError } from './spanish-help.js';

const PASSWORD_WARNING =
  'Guarde esta contraseña ahora: no se volverá a mostrar. Entréguesela solo a esa persona por un medio seguro ' +
  '(no por correo ni chat compartido). Si se pierde, genere otra con «ventanilla agents password --email <correo>».';

/** Spanish names people type for roles, besides the role ids themselves. */
const roleAliases: Readonly<Record<string, StaffRole>> = {
  administrador: 'admin',
  'control-interno': 'control_interno',
  controlinterno: 'control_interno',
};

interface EntityContext {
  directory: StaffDirectory;
  dependencies: string[];
  areas: { id: string; name: string }[];
}

function fail(error: unknown): void {
  const message =
    error instanceof StaffValidationError || error instanceof UsageError
      ? error.message
      : `Error inesperado: ${(error as Error).message}`;
  console.error(message);
  process.exitCode = 1;
}

/** The entity of FLOWS_DIR/entity.yaml in DATABASE_URL (migrated first, like the server), with its lists to check. */
async function withEntity<T>(fn: (context: EntityContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const file = await readEntityFile(join(resolve(config.FLOWS_DIR), 'entity.yaml'));
  // Settings are checked before the database is touched, so a broken entity file changes nothing.
  const { dependencies } = parsePqrsdSettings(file.settings);
  const { areas } = parseAtencionSettings(file.settings);
  const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
  await migrateDatabase(config, logger);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const entity = await ensureEntity(database.prisma, file);
    return await fn({ directory: new StaffDirectory(database.prisma, entity.id), dependencies, areas });
  } finally {
    await database.close();
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseRoles(values: string[]): StaffRole[] {
  if (values.length === 0) {
    throw new UsageError(`Indique al menos un rol con --role. Roles posibles: ${staffRoles.join(', ')}.`);
  }
  const roles = values.map((v) => {
    const key = v.trim().toLowerCase();
    return roleAliases[key] ?? key;
  });
  const unknown = roles.filter((r) => !(staffRoles as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw new UsageError(`Rol no válido: ${unknown.map((r) => `«${r}»`).join(', ')}. Roles posibles: ${staffRoles.join(', ')}.`);
  }
  return [...new Set(roles as StaffRole[])];
}

function parseMax(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 1 || max > 20) {
    throw new UsageError('--max debe ser un número entero entre 1 y 20 (conversaciones a la vez).');
  }
  return max;
}

function checkAreas(values: string[], areas: { id: string; name: string }[]): string[] {
  const ids = [...new Set(values.map((v) => v.trim().toLowerCase()))];
  const unknown = ids.filter((id) => !areas.some((a) => a.id === id));
  if (unknown.length > 0) {
    const known = areas.map((a) => `${a.id} (${a.name})`).join(', ');
    throw new UsageError(`Área no válida: ${unknown.map((a) => `«${a}»`).join(', ')}. Áreas de la entidad (atencion.areas): ${known}.`);
  }
  return ids;
}

/** The password piped in (`echo … | ventanilla agents add … --password-stdin`), without its final line break. */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('Con --password-stdin la contraseña se lee de la entrada estándar: envíela por una tubería (|).');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** A new password: piped in and checked, or generated (and then shown once). */
async function choosePassword(fromStdin: boolean | undefined): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: generatePassword(), generated: true };
  const password = await readPasswordFromStdin();
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  return { password, generated: false };
}

const roleNames = (roles: readonly StaffRole[]) => roles.map((r) => STAFF_ROLE_NAMES[r]).join(', ');

interface AddOptions {
  name: string;
  email: string;
  role?: string[];
  area?: string[];
  max?: string;
  dependency?: string;
  passwordStdin?: boolean;
}

/** Registers `agents add|password|list`: the people who sign in to the console (/console) with a password. */
export function registerAgentsCommand(program: Command): void {
  const agents = program
    .command('agents')
    .description('Personas que entran a la consola (/console) con correo y contraseña: asesores, supervisores, funcionarios…');

  agents
    .command('add')
    .description('Agrega una persona con acceso a la consola y le asigna una contraseña')
    .requiredOption('--name <nombre>', 'nombre completo')
    .requiredOption('--email <correo>', 'correo institucional; con él entra a la consola')
    .option('--role <rol>', `rol (puede repetirse): ${staffRoles.join(', ')}`, collect)
    .option('--area <área>', 'área cuya fila atiende un asesor (puede repetirse; sin ninguna, atiende todas)', collect)
    .option('--max <n>', 'conversaciones que puede atender a la vez (3 si no se indica)')
    .option('--dependency <dependencia>', 'dependencia de la que responde (obligatoria para funcionario)')
    .option('--password-stdin', 'lee la contraseña de la entrada estándar en vez de generar una')
    .action(async (options: AddOptions) => {
      try {
        const roles = parseRoles(options.role ?? []);
        const max = parseMax(options.max);
        // Read and check the password before anything is created, so a refused one leaves no half-made account.
        const { password, generated } = await choosePassword(options.passwordStdin);
        const email = options.email.trim().toLowerCase();
        const added = await withEntity(async ({ directory, dependencies, areas }) => {
          const areaIds = options.area ? checkAreas(options.area, areas) : undefined;
          const { actor } = await directory.add(
            {
              name: options.name,
              email,
              roles,
              ...(options.dependency !== undefined ? { dependency: options.dependency } : {}),
            },
            dependencies,
          );
          if (areaIds || max !== undefined) {
            await directory.setAgentSettings(email, {
              ...(areaIds ? { areas: areaIds } : {}),
              ...(max !== undefined ? { maxConversations: max } : {}),
            });
          }
          await directory.setPassword(email, password);
          return { actor, areaIds };
        });
        const { actor, areaIds } = added;
        const lines = [
          `Se agregó a ${actor.name} (${email}) como ${roleNames(actor.roles)}` + (actor.dependency ? `, en ${actor.dependency}.` : '.'),
        ];
        if (areaIds) lines.push(`Atiende las áreas: ${areaIds.join(', ')}.`);
        if (max !== undefined) lines.push(`Puede atender ${max} conversaciones a la vez.`);
        lines.push('La persona entra a la consola en /console con su correo y esta contraseña.');
        if (generated) lines.push('', `Contraseña: ${password}`, '', PASSWORD_WARNING);
        console.log(lines.join('\n'));
      } catch (error) {
        fail(error);
      }
    });

  agents
    .command('password')
    .description('Asigna una contraseña nueva; cierra las sesiones abiertas de esa persona y quita un bloqueo por intentos')
    .requiredOption('--email <correo>', 'correo de la persona')
    .option('--password-stdin', 'lee la contraseña de la entrada estándar en vez de generar una')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      try {
        const { password, generated } = await choosePassword(options.passwordStdin);
        const email = options.email.trim().toLowerCase();
        await withEntity(({ directory }) => directory.setPassword(email, password));
        const lines = [`Se cambió la contraseña de ${email}. Sus sesiones abiertas en la consola se cerraron.`];
        if (generated) lines.push('', `Contraseña: ${password}`, '', PASSWORD_WARNING);
        console.log(lines.join('\n'));
      } catch (error) {
        fail(error);
      }
    });

  agents
    .command('list')
    .description('Muestra quién puede entrar a la consola, con sus roles y áreas (nunca contraseñas)')
    .option('--json', 'salida en JSON')
    .action(async (options: { json?: boolean }) => {
      try {
        const people = await withEntity(({ directory }) => directory.consoleAccounts());
        if (options.json) {
          console.log(JSON.stringify(people, null, 2));
          return;
        }
        if (people.length === 0) {
          console.log('No hay personas registradas. Agregue una con: ventanilla agents add --name … --email … --role …');
          return;
        }
        for (const p of people) {
          const state = !p.active ? 'desactivada' : !p.hasPassword ? 'sin clave  ' : p.locked ? 'bloqueada  ' : 'activa     ';
          const areas = p.roles.includes('agente') || p.roles.includes('supervisor')
            ? ` · áreas: ${p.areas.length > 0 ? p.areas.join(', ') : 'todas'} · hasta ${p.maxConversations} a la vez`
            : '';
          const where = p.dependency ? ` · ${p.dependency}` : '';
          console.log(`${state}  ${p.name} <${p.email}> · ${roleNames(p.roles)}${where}${areas}`);
        }
      } catch (error) {
        fail(error);
      }
    });
}
