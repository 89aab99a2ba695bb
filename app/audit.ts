/**
 * npm run audit -- verify: recomputes the audit chain in the configured state store and says
 * that it verifies, or where it breaks and how (an entry edited, deleted or inserted). Reads the
 * same configuration as npm start (CHATOPS_CONFIG, default ./chatops.yml, and .env); reads only:
 * it neither creates nor migrates a store.
 * `--head N:HASH` (any number of times): an entry and its hash as the bot logged them earlier
 * ("audit: the chain's head is entry N, hash …"); the chain must still hold that entry with that
 * hash, which shows what the chain alone cannot: entries cut from its end, or the chain rewritten.
 * Exit 0: the chain verifies (or is empty); 1: it breaks; 2: the command or the configuration is
 * not valid; 3: the store cannot be read (missing, unreachable, not migrated to the chain yet).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeChainBreak, verifyAuditChain } from '../src/audit/index.ts';
import {
  type AuditRecords,
  openPostgresConnection,
  openSqliteConnection,
  SQLITE_STATE_FILE_NAME,
  type SqlConnection,
  type StateStoreSettings,
  sqlStateStore,
} from '../src/state/index.ts';
import { loadStateSettings } from './state-settings.ts';

const USAGE = 'usage: npm run audit -- verify [--head N:HASH ...]';
const HEAD = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/;
/** The schema step that made the audit chain. */
const CHAIN_SCHEMA = 2;
const BREAKS_SHOWN = 20;
const COUNT = new Intl.NumberFormat('en-US');

interface Witness {
  readonly seq: number;
  readonly hash: string;
}

/** The witnessed heads, or why the arguments are not `verify [--head N:HASH ...]`. */
function parseArguments(args: readonly string[]): { witnesses: Witness[] } | { problem: string } {
  if (args[0] !== 'verify')
    return { problem: args.length === 0 ? 'no command given' : `unknown command "${args[0]}"` };
  const witnesses: Witness[] = [];
  for (let index = 1; index < args.length; index += 2) {
    const value = args[index + 1];
    if (args[index] !== '--head') return { problem: `unexpected "${args[index]}"` };
    const match = value === undefined ? null : HEAD.exec(value);
    if (match === null)
      return {
        problem: `--head takes an entry number and its hash as N:HASH (64 lower-case hex digits), as the bot's log line gives them${value === undefined ? '' : `, not "${value}"`}`,
      };
    witnesses.push({ seq: Number(match[1]), hash: String(match[2]) });
  }
  return { witnesses };
}

async function main(args: readonly string[]): Promise<number> {
  const help = args.includes('--help') || args.includes('-h');
  const parsed = help ? undefined : parseArguments(args);
  if (parsed === undefined || 'problem' in parsed) {
    (help ? process.stdout : process.stderr).write(
      `${parsed === undefined ? '' : `flashchat-ops audit: ${parsed.problem}\n`}${USAGE}\n  verify   recompute the audit chain in the configured state store; exit 1 where it breaks\n  --head N:HASH   an entry and its hash from the bot's log ("audit: the chain's head is …"): it must still be there\n`,
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
    const missed = await missedWitnesses(store.audit, parsed.witnesses, report.head?.seq ?? 0);
    if (report.breaks.length === 0 && missed.length > 0) {
      process.stdout.write(
        `flashchat-ops audit verify: ${where}: the audit chain's ${COUNT.format(report.count)} entries are linked, but it does NOT hold what was witnessed:\n${missed.map((line) => `  ${line}`).join('\n')}\n`,
      );
      return 1;
    }
    if (report.breaks.length === 0) {
      const held =
        parsed.witnesses.length === 0
          ? ''
          : `; witnessed ${parsed.witnesses.map((witness) => `entry ${witness.seq}`).join(', ')}: held`;
      process.stdout.write(
        report.head === undefined
          ? `flashchat-ops audit verify: ${where}: the audit chain is empty\n`
          : `flashchat-ops audit verify: ${where}: ${COUNT.format(report.count)} entr${report.count === 1 ? 'y verifies' : 'ies verify'}; head: entry ${report.head.seq}, hash ${report.head.hash}${held}\n`,
      );
      return 0;
    }
    const [first] = report.breaks;
    const lines = report.breaks.slice(0, BREAKS_SHOWN).map((found) => `  ${describeChainBreak(found)}`);
    lines.push(...missed.map((line) => `  ${line}`));
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

/** What the chain no longer holds of the witnessed entries, a sentence each. */
async function missedWitnesses(
  records: AuditRecords,
  witnesses: readonly Witness[],
  headSeq: number,
): Promise<string[]> {
  const missed: string[] = [];
  for (const witness of witnesses) {
    const [found] = await records.after(witness.seq - 1, 1);
    if (found === undefined || found.seq !== witness.seq) {
      missed.push(
        witness.seq > headSeq
          ? `entry ${witness.seq} (witnessed) is not there: the chain ends at entry ${headSeq}, so entries were cut from its end`
          : `entry ${witness.seq} (witnessed) is not there`,
      );
    } else if (found.hash !== witness.hash) {
      missed.push(
        `entry ${witness.seq} has hash ${found.hash}, not the witnessed ${witness.hash}: the chain was rewritten from there or before`,
      );
    }
  }
  return missed;
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
