/**
 * npm run audit -- verify: recomputes the audit chain in the configured state store and says
 * that it verifies, or where it breaks and how (an entry edited, deleted or inserted). Reads the
 * same configuration as npm start (CHATOPS_CONFIG, default ./chatops.yml, and .env); reads only:
 * it neither creates nor migrates a store.
 * Exit 0: the chain verifies (or is empty); 1: it breaks; 2: the command or the configuration is
 * not valid; 3: the store cannot be read (missing, unreachable, not migrated to the chain yet).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeChainBreak, verifyAuditChain } from '../src/audit/index.ts';
import {
  openPostgresConnection,
  openSqliteConnection,
  SQLITE_STATE_FILE_NAME,
  type SqlConnection,
  type StateStoreSettings,
  sqlStateStore,
} from '../src/state/index.ts';
import { loadStateSettings } from './state-settings.ts';

const USAGE = 'usage: npm run audit -- verify';
/** The schema step that made the audit chain. */
const CHAIN_SCHEMA = 2;
const BREAKS_SHOWN = 20;
const COUNT = new Intl.NumberFormat('en-US');

async function main(args: readonly string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== 'verify') {
    const help = args.includes('--help') || args.includes('-h');
    (help ? process.stdout : process.stderr).write(
      `${USAGE}\n  verify   recompute the audit chain in the configured state store; exit 1 where it breaks\n`,
    );
    return help ? 0 : 2;
  }
  const loaded = await loadStateSettings('audit');
  if (loaded === undefined) return 2;
  const { settings, mask } = loaded;
  const fail = (message: string): number => {
    process.stderr.write(`flashchat-ops audit verify: ${mask(message)}\n`);
    return 3;
  };

  const opened = openExisting(settings);
  if (!opened.ok) return fail(opened.reason);
  const { connection, location } = opened;
  const store = sqlStateStore(settings.store, location, connection);
  try {
    if (!(await hasAuditChain(connection).catch(() => false))) {
      return fail(
        `${settings.store} at ${location}: no audit chain there yet (its schema lacks step ${CHAIN_SCHEMA}); start the bot or run npm run migrate`,
      );
    }
    const report = await verifyAuditChain(store.audit);
    const where = `${settings.store} at ${location}`;
    if (report.breaks.length === 0) {
      process.stdout.write(
        report.head === undefined
          ? `flashchat-ops audit verify: ${where}: the audit chain is empty\n`
          : `flashchat-ops audit verify: ${where}: ${COUNT.format(report.count)} entr${report.count === 1 ? 'y verifies' : 'ies verify'}; head: entry ${report.head.seq}, hash ${report.head.hash}\n`,
      );
      return 0;
    }
    const [first] = report.breaks;
    const lines = report.breaks.slice(0, BREAKS_SHOWN).map((found) => `  ${describeChainBreak(found)}`);
    if (report.breaks.length > BREAKS_SHOWN)
      lines.push(`  … and ${report.breaks.length - BREAKS_SHOWN} more`);
    process.stdout.write(
      `flashchat-ops audit verify: ${where}: the audit chain BREAKS at entry ${first === undefined ? '?' : breakSeq(first)} (${COUNT.format(report.count)} entries read, ${report.breaks.length} break${report.breaks.length === 1 ? '' : 's'}):\n${lines.join('\n')}\n`,
    );
    return 1;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  } finally {
    await store.close();
  }
}

/** The store as it is: a missing SQLite file is not created, a schema is not migrated. */
function openExisting(
  settings: StateStoreSettings,
): { ok: true; connection: SqlConnection; location: string } | { ok: false; reason: string } {
  if (settings.store === 'postgres') return { ok: true, ...openPostgresConnection(settings) };
  const path = join(settings.dir, SQLITE_STATE_FILE_NAME);
  if (!existsSync(path)) return { ok: false, reason: `no state store at ${path} (state.dir)` };
  return { ok: true, connection: openSqliteConnection(path), location: path };
}

async function hasAuditChain(connection: SqlConnection): Promise<boolean> {
  const rows = await connection.query('SELECT version FROM schema_migrations WHERE version = ?', [
    CHAIN_SCHEMA,
  ]);
  return rows.length === 1;
}

function breakSeq(found: Parameters<typeof describeChainBreak>[0]): number {
  return found.kind === 'deleted' ? found.from : found.seq;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `flashchat-ops audit failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
