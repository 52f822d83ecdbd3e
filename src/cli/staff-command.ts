import type { Command } from 'commander';
import { STAFF_ROLE_NAMES, staffRoles, type StaffRole } from '../staff/staff-roles.js';
import { collect, failCommand, parseRoles, withStaff } from './staff-cli.js';

const TOKEN_WARNING =
  'Guarde este token ahora en un lugar seguro: no se volverá a mostrar. Entrégueselo solo a esa persona. ' +
  'Si se pierde, genere otro con «ventanilla staff token --email <correo>» (el anterior deja de servir).';

const roleNames = (roles: readonly StaffRole[]) => roles.map((r) => STAFF_ROLE_NAMES[r]).join(', ');

interface AddOptions {
  name: string;
  email: string;
  role?: string[];
  dependency?: string;
  json?: boolean;
}

/** Registers `staff add|list|token|disable`: the officials who use the case API, and their access tokens. */
export function registerStaffCommand(program: Command): void {
  const staff =
    program.commands.find((c) => c.name() === 'staff') ??
    program
      .command('staff')
      .description('Funcionarios que usan la API de casos y sus tokens de acceso')
      .option('--entity <slug>', 'entidad a la que pertenecen (por omisión, la de FLOWS_DIR)');

  staff
    .command('add')
    .description('Agrega una persona y muestra su token de acceso (una sola vez)')
    .requiredOption('--name <nombre>', 'nombre completo')
    .requiredOption('--email <correo>', 'correo institucional; identifica a la persona en los demás comandos')
    .option('--role <rol>', `rol (puede repetirse): ${staffRoles.join(', ')}`, collect)
    .option('--dependency <dependencia>', 'dependencia de la que responde (obligatoria para funcionario)')
    .option('--json', 'salida en JSON')
    .action(async (options: AddOptions) => {
      try {
        const roles = parseRoles(options.role ?? []);
        const { actor, token } = await withStaff(
          staff.opts<{ entity?: string }>().entity,
          ({ directory, dependencies }) =>
            directory.add(
              {
                name: options.name,
                email: options.email,
                roles,
                ...(options.dependency !== undefined ? { dependency: options.dependency } : {}),
              },
              dependencies,
            ),
        );
        const email = options.email.trim().toLowerCase();
        if (options.json) {
          console.log(
            JSON.stringify(
              {
                name: actor.name,
                email,
                roles: actor.roles,
                dependency: actor.dependency,
                token,
                warning: TOKEN_WARNING,
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log(
          [
            `Se agregó a ${actor.name} (${email}) como ${roleNames(actor.roles)}` +
              (actor.dependency ? `, en ${actor.dependency}.` : '.'),
            '',
            `Token de acceso: ${token}`,
            '',
            TOKEN_WARNING,
          ].join('\n'),
        );
      } catch (error) {
        failCommand(error);
      }
    });

  staff
    .command('list')
    .description('Muestra las personas registradas, sus roles y si están activas (nunca los tokens)')
    .option('--json', 'salida en JSON')
    .action(async (options: { json?: boolean }) => {
      try {
        const people = await withStaff(staff.opts<{ entity?: string }>().entity, ({ directory }) => directory.list());
        if (options.json) {
          console.log(JSON.stringify(people, null, 2));
          return;
        }
        if (people.length === 0) {
          console.log('No hay personas registradas. Agregue una con: ventanilla staff add --name … --email … --role …');
          return;
        }
        for (const p of people) {
          const where = p.dependency ? ` · ${p.dependency}` : '';
          console.log(
            `${p.active ? 'activa     ' : 'desactivada'}  ${p.name} <${p.email}> · ${roleNames(p.roles)}${where}`,
          );
        }
      } catch (error) {
        failCommand(error);
      }
    });

  staff
    .command('token')
    .description(
      'Genera un token nuevo para una persona; el anterior deja de servir y, si estaba desactivada, queda activa',
    )
    .requiredOption('--email <correo>', 'correo de la persona')
    .option('--json', 'salida en JSON')
    .action(async (options: { email: string; json?: boolean }) => {
      try {
        const token = await withStaff(staff.opts<{ entity?: string }>().entity, ({ directory }) =>
          directory.rotateToken(options.email.trim()),
        );
        const email = options.email.trim().toLowerCase();
        if (options.json) console.log(JSON.stringify({ email, token, warning: TOKEN_WARNING }, null, 2));
        else console.log([`Nuevo token de acceso para ${email}: ${token}`, '', TOKEN_WARNING].join('\n'));
      } catch (error) {
        failCommand(error);
      }
    });

  staff
    .command('disable')
    .description('Desactiva a una persona: su token deja de servir de inmediato')
    .requiredOption('--email <correo>', 'correo de la persona')
    .action(async (options: { email: string }) => {
      try {
        await withStaff(staff.opts<{ entity?: string }>().entity, ({ directory }) =>
          directory.disable(options.email.trim()),
        );
        console.log(
          `Listo: ${options.email.trim().toLowerCase()} ya no puede usar la API. Para reactivarla, genere un token nuevo con «ventanilla staff token».`,
        );
      } catch (error) {
        failCommand(error);
      }
    });
}
