import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, start } from './main.ts';
import { boot } from './boot.ts';
import { hashPassword } from './auth/passwords.ts';
import { PASSWORD_MIN_LENGTH } from '@redline/domain';
import { SIMULATE_USAGE } from './modules/devices/simulator/cli.ts';
import { checkNewPassword, describePasswordProblem } from './auth/password-policy.ts';
import { BACKUP_USAGE } from './backup/cli.ts';
import { HAZARD_ROLLUPS_USAGE } from './modules/hazards/rollups-cli.ts';
import { EVENT_ROLLUPS_USAGE } from './modules/devices/event-rollups-cli.ts';
import { GRADES_USAGE } from './modules/grading/cli.ts';
import { DRAW_VERIFY_USAGE } from './modules/spot-checks/verify-cli.ts';

/** `redline <command>`: start, create-admin, migrate, verify-audit, audit-checkpoint, simulate. */
const usage = `usage: redline <command> [options]
  start [--no-demo]                         start the platform (API, web app, database)
  create-admin --username U --password P    create a system administrator (production install)
               [--display-name N]
  migrate                                   apply database migrations and reference data, then exit
  verify-audit [--chain C] [--checkpoint F | --no-checkpoint]
                                            verify the audit hash chains and the newest signed checkpoint
                                            (or file F); names the first altered, removed or reordered entry
                                            and entries trimmed from a chain's end; exit 1 if any
  audit-checkpoint [--out F]                write a signed checkpoint of the chain heads (JSON)
  openapi [--out F]                         write the OpenAPI document (as /api/docs/json serves it) without a server
${HAZARD_ROLLUPS_USAGE}
${EVENT_ROLLUPS_USAGE}
${GRADES_USAGE}
${BACKUP_USAGE}
${DRAW_VERIFY_USAGE}
${SIMULATE_USAGE}`;

async function main(argv: string[]) {
  const [command = 'start', ...rest] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { 'no-demo': { type: 'boolean' } } });
      const config = configOrExit(values['no-demo'] ? { DEMO: false } : {});
      const { stop } = await start(config);
      const shutdown = async (signal: string) => {
        console.log(`\n${signal}: stopping…`);
        await stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      return;
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          'display-name': { type: 'string' },
        },
      });
      if (!values.username || !/^[a-z0-9._-]{3,40}$/.test(values.username))
        fail('--username is required: 3–40 lower-case letters, digits, . _ -');
      if (!values.password) fail(`--password is required: at least ${PASSWORD_MIN_LENGTH} characters`);
      const weak = await checkNewPassword(values.password!, {
        username: values.username,
        displayName: values['display-name'],
      });
      if (weak) fail(`--password: ${await describePasswordProblem(weak)}`);
      const deps = await boot(configOrExit());
      const exists = await deps.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', values.username!)
        .executeTakeFirst();
      if (exists) {
        await deps.database.close();
        fail(`user ${values.username} already exists`);
      }
      await deps.database.db
        .insertInto('users')
        .values({
          username: values.username!,
          display_name: values['display-name'] ?? values.username!,
          password_hash: await hashPassword(values.password!),
          role: 'admin',
          region_code: '',
        })
        .execute();
      await deps.database.close();
      console.log(`administrator ${values.username} created; log in and add authorities and users`);
      return;
    }
    case 'migrate': {
      const deps = await boot(configOrExit());
      await deps.database.close();
      console.log('database is up to date');
      return;
    }
    case 'verify-audit': {
      const { values } = parseArgs({
        args: rest,
        options: {
          chain: { type: 'string' },
          checkpoint: { type: 'string' },
          'no-checkpoint': { type: 'boolean' },
        },
      });
      const deps = await boot(configOrExit());
      const { verifyAuditCommand } = await import('./audit/cli.ts');
      const code = await verifyAuditCommand(deps, {
        chain: values.chain,
        checkpoint: values.checkpoint,
        noCheckpoint: values['no-checkpoint'],
      });
      await deps.database.close();
      return process.exit(code);
    }
    case 'audit-checkpoint': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
      const deps = await boot(configOrExit());
      const { checkpointCommand } = await import('./audit/cli.ts');
      await checkpointCommand(deps, values.out);
      await deps.database.close();
      return;
    }
    case 'rollups': {
      const deps = await boot(configOrExit());
      const { hazardRollupsCommand } = await import('./modules/hazards/rollups-cli.ts');
      const code = await hazardRollupsCommand(deps, rest[0]);
      await deps.database.close();
      return process.exit(code);
    }
    case 'event-rollups': {
      const deps = await boot(configOrExit());
      const { eventRollupsCommand } = await import('./modules/devices/event-rollups-cli.ts');
      const code = await eventRollupsCommand(deps.database.db, rest[0]);
      await deps.database.close();
      return process.exit(code);
    }
    case 'grades': {
      const deps = await boot(configOrExit());
      const { gradesCommand } = await import('./modules/grading/cli.ts');
      const code = await gradesCommand(deps, rest);
      await deps.database.close();
      return process.exit(code);
    }
    case 'backup': {
      const { backupCommand } = await import('./backup/cli.ts');
      return process.exit(await backupCommand(rest, configOrExit()));
    }
    case 'restore': {
      const { restoreCommand } = await import('./backup/cli.ts');
      return process.exit(await restoreCommand(rest, configOrExit()));
    }
    case 'openapi': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
      const { openapiDocument } = await import('./openapi-document.ts');
      const json = JSON.stringify(await openapiDocument(configOrExit()), null, 2) + '\n';
      if (values.out) writeFileSync(values.out, json);
      else process.stdout.write(json);
      return;
    }
    case 'draw-verify': {
      const { drawVerifyCommand } = await import('./modules/spot-checks/verify-cli.ts');
      return process.exit(await drawVerifyCommand(rest[0]));
    }
    case 'simulate': {
      const { simulateCommand } = await import('./modules/devices/simulator/cli.ts');
      await simulateCommand(rest, configOrExit());
      return process.exit(0);
    }
    default:
      fail(`unknown command "${command}"\n${usage}`);
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
