import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStoredAuditLog } from '../../src/audit/index.ts';
import { openSqliteConnection, openStateStore, type StateStoreSettings } from '../../src/state/index.ts';
import { buildPrograms, builtProgram, runNode } from '../helpers/program-run.ts';
import { testFileResources } from '../helpers/test-file-resources.ts';
import { sampleEntry } from './sample-entry.ts';

/** `npm run audit -- verify` as a process, against chains edited behind the bot's back. */

const made = testFileResources();

beforeAll(buildPrograms, 60_000);

/** A folder with a chatops.yml: where the program runs. */
async function workingFolder(config: string): Promise<string> {
  const cwd = await made.folder('flashchat-audit-verify-');
  await writeFile(join(cwd, 'chatops.yml'), config);
  return cwd;
}

/** A chain of six entries, written as the bot writes them. */
async function chainOfSix(settings: StateStoreSettings): Promise<void> {
  const { store } = await openStateStore(settings);
  const log = openStoredAuditLog(store.audit, { secrets: [], location: store.location });
  for (let index = 0; index < 6; index += 1) await log.append(sampleEntry({ parameters: { index } }));
  await log.close();
  await store.close();
}

function verify(cwd: string, env: Record<string, string> = {}, args = ['verify']) {
  return runNode([builtProgram('app/audit.ts'), ...args], cwd, { FLASHCHAT_API_PASSWORD: 'pw', ...env });
}

const EDIT_THIRD =
  'UPDATE audit_entries SET entry = replace(entry, \'"decision":"allowed"\', \'"decision":"denied"\') WHERE seq = 3';
const DELETE_FOURTH = 'DELETE FROM audit_entries WHERE seq = 4';

describe('npm run audit -- verify', () => {
  it('SQLite: says how many entries verify, then where an edited and a deleted entry break the chain', async () => {
    const cwd = await workingFolder('state: { dir: ./state }\n');
    const dir = join(cwd, 'state');
    await chainOfSix({ store: 'sqlite', dir });
    const intact = await verify(cwd);
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(intact.stdout).toMatch(
      /^flashchat-ops audit verify: sqlite at .*state\.sqlite: 6 entries verify; head: entry 6, hash [0-9a-f]{64}\n$/,
    );

    const db = openSqliteConnection(join(dir, 'state.sqlite'));
    await db.query(EDIT_THIRD);
    const edited = await verify(cwd);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(
      /: the audit chain BREAKS at entry 3 \(6 entries read, 1 break\):\n {2}entry 3 was edited: its content no longer matches its hash\n$/,
    );
    await db.query(DELETE_FOURTH);
    const deleted = await verify(cwd);
    await db.close();
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toContain('the audit chain BREAKS at entry 3 (5 entries read, 2 breaks):');
    expect(deleted.stdout).toContain('  entry 4 was deleted (sequence number 4 is missing)\n');
  });

  it('--head N:HASH, a head the bot logged earlier: held; then entries cut from the end, then the end rewritten, both shown', async () => {
    const cwd = await workingFolder('state: { dir: ./state }\n');
    const dir = join(cwd, 'state');
    await chainOfSix({ store: 'sqlite', dir });
    const intact = await verify(cwd);
    const headHash = /head: entry 6, hash ([0-9a-f]{64})/.exec(intact.stdout)?.[1];
    if (headHash === undefined) throw new Error(`no head in ${intact.stdout}`);
    const witnessed = ['verify', '--head', `6:${headHash}`];
    const held = await verify(cwd, {}, witnessed);
    expect(held).toMatchObject({ code: 0, stderr: '' });
    expect(held.stdout).toMatch(
      /: 6 entries verify; head: entry 6, hash [0-9a-f]{64}; witnessed entry 6: held\n$/,
    );

    const db = openSqliteConnection(join(dir, 'state.sqlite'));
    await db.query('DELETE FROM audit_entries WHERE seq > 4');
    // The chain alone cannot tell: what is left is linked.
    expect((await verify(cwd)).code).toBe(0);
    const cut = await verify(cwd, {}, witnessed);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(
      /: the audit chain's 4 entries are linked, but it does NOT hold what was witnessed:\n {2}entry 6 \(witnessed\) is not there: the chain ends at entry 4, so entries were cut from its end\n$/,
    );
    await db.close();

    // Two entries appended again by someone who computes the hashes: linked, but not the same.
    const { store } = await openStateStore({ store: 'sqlite', dir });
    const log = openStoredAuditLog(store.audit, { secrets: [], location: store.location });
    for (let index = 0; index < 2; index += 1)
      await log.append(sampleEntry({ parameters: { forged: index } }));
    await log.close();
    await store.close();
    const rewritten = await verify(cwd, {}, witnessed);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout).toContain(
      `  entry 6 has hash ${/head: entry 6, hash ([0-9a-f]{64})/.exec((await verify(cwd)).stdout)?.[1]}, not the witnessed ${headHash}: the chain was rewritten from there or before\n`,
    );
  });

  it('a --head that is not N:HASH: exit 2 with what is expected and the usage line, nothing read', async () => {
    const cwd = await workingFolder('state: { dir: ./state }\n');
    const bad = await verify(cwd, {}, ['verify', '--head', '6:abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'flashchat-ops audit: --head takes an entry number and its hash as N:HASH (64 lower-case hex digits), as the bot\'s log line gives them, not "6:abc"\nusage: npm run audit -- verify [--head N:HASH ...]\n  verify   recompute the audit chain in the configured state store; exit 1 where it breaks\n  --head N:HASH   an entry and its hash from the bot\'s log ("audit: the chain\'s head is …"): it must still be there\n',
    );
    expect(existsSync(join(cwd, 'state'))).toBe(false);
  });

  it('PostgreSQL: the same, never showing the database URL or its password', async () => {
    const database = await made.database();
    const env = { CHATOPS_DATABASE_URL: database.url };
    const cwd = await workingFolder('state: { store: postgres }\n');
    await chainOfSix({ store: 'postgres', url: database.url });
    const intact = await verify(cwd, env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/postgres 127\.0\.0\.1:\d+\/test_\w+: 6 entries verify; head: entry 6/);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(DELETE_FOURTH);
    const deleted = await verify(cwd, env);
    await client.query(EDIT_THIRD);
    const both = await verify(cwd, env);
    await client.end();
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toMatch(
      /: the audit chain BREAKS at entry 4 \(5 entries read, 1 break\):\n {2}entry 4 was deleted \(sequence number 4 is missing\)\n$/,
    );
    expect(both.code).toBe(1);
    expect(both.stdout).toContain('entry 3 was edited: its content no longer matches its hash');
    const password = new URL(database.url).password;
    for (const output of [intact, deleted, both]) {
      expect(`${output.stdout}${output.stderr}`).not.toContain(database.url);
      expect(`${output.stdout}${output.stderr}`).not.toContain(password);
    }
  });

  it('an empty chain verifies; a missing store is not created; anything but "verify" gets the usage', async () => {
    const cwd = await workingFolder('state: { dir: ./state }\n');
    await (await openStateStore({ store: 'sqlite', dir: join(cwd, 'state') })).store.close();
    expect(await verify(cwd)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/: the audit chain is empty\n$/),
    });
    const elsewhere = await workingFolder('state: { dir: ./nothing-here }\n');
    const missing = await verify(elsewhere);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no state store at .*nothing-here\/state\.sqlite/);
    expect(existsSync(join(elsewhere, 'nothing-here'))).toBe(false);
    const usage = await verify(cwd, {}, ['check']);
    expect(usage).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run audit -- verify'),
    });
  });
});
