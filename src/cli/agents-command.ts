import type { Command } from 'commander';
import { generatePassword, passwordProblem } from '../staff/passwords.js';
import { STAFF_ROLE_NAMES, staffRoles, type StaffRole } from '../staff/staff-roles.js';
import { UsageError } from './spanish-help.js';
import { collect, failCommand, parseRoles, withStaff } from './staff-cli.js';

const PASSWORD_WARNING =
  'Guarde esta contraseña ahora: no se volverá a mostrar. Entréguesela solo a esa persona por un medio seguro ' +
  '(no por correo ni chat compartido). Si se pierde, genere otra con «ventanilla agents password --email <correo>».';

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
    throw new UsageError(
      `Área no válida: ${unknown.map((a) => `«${a}»`).join(', ')}. Áreas de la entidad (atencion.areas): ${known}.`,
    );
  }
  return ids;
}

/** The password piped in (`echo … | ventanilla agents add … --password-stdin`), without its final line break. */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError(
      'Con --password-stdin la contraseña se lee de la entrada estándar: envíela por una tubería (|).',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
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
    .description(
      'Personas que entran a la consola (/console) con correo y contraseña: asesores, supervisores, funcionarios…',
    )
    .option('--entity <slug>', 'entidad a la que pertenecen (por omisión, la de FLOWS_DIR)');

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
        const added = await withStaff(
          agents.opts<{ entity?: string }>().entity,
          async ({ directory, dependencies, areas }) => {
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
          },
        );
        const { actor, areaIds } = added;
        const lines = [
          `Se agregó a ${actor.name} (${email}) como ${roleNames(actor.roles)}` +
            (actor.dependency ? `, en ${actor.dependency}.` : '.'),
        ];
        if (areaIds) lines.push(`Atiende las áreas: ${areaIds.join(', ')}.`);
        if (max !== undefined) lines.push(`Puede atender ${max} conversaciones a la vez.`);
        lines.push('La persona entra a la consola en /console con su correo y esta contraseña.');
        if (generated) lines.push('', `Contraseña: ${password}`, '', PASSWORD_WARNING);
        console.log(lines.join('\n'));
      } catch (error) {
        failCommand(error);
      }
    });

  agents
    .command('password')
    .description(
      'Asigna una contraseña nueva; cierra las sesiones abiertas de esa persona y quita un bloqueo por intentos',
    )
    .requiredOption('--email <correo>', 'correo de la persona')
    .option('--password-stdin', 'lee la contraseña de la entrada estándar en vez de generar una')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      try {
        const { password, generated } = await choosePassword(options.passwordStdin);
        const email = options.email.trim().toLowerCase();
        await withStaff(agents.opts<{ entity?: string }>().entity, ({ directory }) =>
          directory.setPassword(email, password),
        );
        const lines = [`Se cambió la contraseña de ${email}. Sus sesiones abiertas en la consola se cerraron.`];
        if (generated) lines.push('', `Contraseña: ${password}`, '', PASSWORD_WARNING);
        console.log(lines.join('\n'));
      } catch (error) {
        failCommand(error);
      }
    });

  agents
    .command('list')
    .description('Muestra quién puede entrar a la consola, con sus roles y áreas (nunca contraseñas)')
    .option('--json', 'salida en JSON')
    .action(async (options: { json?: boolean }) => {
      try {
        const people = await withStaff(agents.opts<{ entity?: string }>().entity, ({ directory }) =>
          directory.consoleAccounts(),
        );
        if (options.json) {
          console.log(JSON.stringify(people, null, 2));
          return;
        }
        if (people.length === 0) {
          console.log(
            'No hay personas registradas. Agregue una con: ventanilla agents add --name … --email … --role …',
          );
          return;
        }
        for (const p of people) {
          const state = !p.active
            ? 'desactivada'
            : !p.hasPassword
              ? 'sin clave  '
              : p.locked
                ? 'bloqueada  '
                : 'activa     ';
          const areas =
            p.roles.includes('agente') || p.roles.includes('supervisor')
              ? ` · áreas: ${p.areas.length > 0 ? p.areas.join(', ') : 'todas'} · hasta ${p.maxConversations} a la vez`
              : '';
          const where = p.dependency ? ` · ${p.dependency}` : '';
          console.log(`${state}  ${p.name} <${p.email}> · ${roleNames(p.roles)}${where}${areas}`);
        }
      } catch (error) {
        failCommand(error);
      }
    });
}
