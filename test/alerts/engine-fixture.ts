import { join } from 'node:path';
import { afterEach } from 'vitest';
import { AlertEngine, type AlertEngineOptions } from '../../src/alerts/alert-engine.ts';
import { type AlertRule, DEFAULT_COOLDOWN_MS, defaultMargin } from '../../src/alerts/alert-rule.ts';
import type { AlertSink } from '../../src/alerts/alert-sink.ts';
import type { ProbeResult } from '../../src/alerts/observation.ts';
import type { KnownRoom } from '../../src/rooms/index.ts';
import { openStateStore, type StateStore } from '../../src/state/index.ts';
import { useTempFolders } from '../status/temp-folder.ts';
import { RecordingSink } from './recording-sink.ts';
import { StatusFiles } from './status-files.ts';

export const SLACK_CHANNEL = 'C0ALERTS1';

type RuleInput = Pick<AlertRule, 'name' | 'condition'> & Partial<AlertRule>;

/** A rule as the configuration would give it, posting to one Slack channel unless told otherwise. */
export function rule(input: RuleInput): AlertRule {
  const threshold = input.condition.kind === 'serverDown' ? 0 : input.condition.threshold;
  return {
    margin: input.condition.kind === 'serverDown' ? 0 : defaultMargin(threshold),
    cooldownMs: DEFAULT_COOLDOWN_MS,
    channels: { slack: SLACK_CHANNEL },
    ...input,
  };
}

/** The liveness probe, answering what the test says. */
export class ScriptedProbe {
  result: ProbeResult = { reachable: true };
  calls = 0;
  readonly run = async (): Promise<ProbeResult> => {
    this.calls += 1;
    return this.result;
  };
}

export interface EngineSetup {
  rules: readonly AlertRule[];
  staleAfterMs?: number;
  probeIntervalMs?: number;
  capacities?: ReadonlyMap<number, number>;
  /** Rooms the directory knows (names, capacities). */
  rooms?: readonly KnownRoom[];
  sink?: RecordingSink;
  /** Another sink to post into instead of `sink` (which then receives nothing). */
  postInto?: AlertSink;
  probe?: ScriptedProbe;
  delivery?: NonNullable<AlertEngineOptions['tuning']>['delivery'];
  /** `poll` forces the watch's polling engine (the fallback where fs.watch is unreliable). */
  watchMode?: 'auto' | 'poll';
  /** Built but not started: an instance that does not lead (it answers mute, unmute and overview). */
  standBy?: boolean;
  /** alerts.json to import; default: the one in the state folder, when the state is a folder. */
  importFile?: string;
}

export interface EngineUnderTest {
  engine: AlertEngine;
  sink: RecordingSink;
  probe: ScriptedProbe;
  files: StatusFiles;
  /** The engine's own connection to the state store. */
  store: StateStore;
  /** The state folder, when the store is a SQLite file in it (alerts.json there is imported). */
  stateDir: string | undefined;
  log: string[];
  /** Waits until the engine has read the room file with this many users, and everything is posted. */
  observedRoom(roomId: number, users: number): Promise<void>;
  /** Waits until the engine has read online.txt with these counts, and everything is posted. */
  observedOnline(connections: number, loggedIn: number, rooms: number): Promise<void>;
}

/**
 * Engines on real status files in a temp folder, with short timings; each is stopped after its
 * test, and its store connection closed. `files` writes the status files; the folder exists
 * before the engine starts. The state is a real SQLite file in the test's state folder (each
 * engine its own connection, as a restarted process would have), or a store the test gives.
 */
export function useEngines() {
  const newFolder = useTempFolders();
  const running: AlertEngine[] = [];
  const opened: StateStore[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((engine) => engine.stop()));
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  async function startEngine(setup: EngineSetup, prepare?: (files: StatusFiles) => Promise<void>) {
    const folder = await newFolder();
    const files = await newStatusFiles(folder);
    await prepare?.(files);
    return startEngineOn(files, join(folder, 'state'), setup);
  }

  /** Status files in a fresh folder (or `folder`), online.txt written. */
  async function newStatusFiles(folder?: string): Promise<StatusFiles> {
    const files = await new StatusFiles(join(folder ?? (await newFolder()), 'data', 'default')).prepare();
    await files.online(1, 1, 1);
    return files;
  }

  /** Closes the store after the test, once its engines have stopped. */
  function closeAfter(store: StateStore): StateStore {
    opened.push(store);
    return store;
  }

  /** A store on the SQLite file of a state folder, closed after the test. */
  async function openStore(stateDir: string): Promise<StateStore> {
    const { store } = await openStateStore({ store: 'sqlite', dir: stateDir });
    opened.push(store);
    return store;
  }

  /** An engine on these status files, its state in `state`: a state folder (SQLite), or a store. */
  async function startEngineOn(
    files: StatusFiles,
    state: string | StateStore,
    setup: EngineSetup,
  ): Promise<EngineUnderTest> {
    const sink = setup.sink ?? new RecordingSink('slack');
    const probe = setup.probe ?? new ScriptedProbe();
    const log: string[] = [];
    const known = setup.rooms;
    const stateDir = typeof state === 'string' ? state : undefined;
    const store = typeof state === 'string' ? await openStore(state) : state;
    const engine = new AlertEngine({
      settings: {
        capacities: setup.capacities ?? new Map(),
        probeIntervalMs: setup.probeIntervalMs ?? 50,
        staleAfterMs: setup.staleAfterMs,
        rules: setup.rules,
      },
      group: 'default',
      statusFolder: files.folder,
      store,
      ...(setup.importFile !== undefined
        ? { importFile: setup.importFile }
        : stateDir === undefined
          ? {}
          : { importFile: join(stateDir, 'alerts.json') }),
      probe: probe.run,
      rooms:
        known === undefined
          ? undefined
          : { list: async () => ({ rooms: known, warnings: [] }), revision: () => 0 },
      log: (line) => log.push(line),
      tuning: {
        watch: { debounceMs: 20, pollIntervalMs: 50, mode: setup.watchMode },
        delivery: { backoffBaseMs: 20, ...setup.delivery },
        roomRefreshMs: 50,
      },
    });
    running.push(engine);
    if (setup.standBy !== true) await engine.start([setup.postInto ?? sink]);
    const settledWhen = async (what: string, seen: () => boolean) => {
      const deadline = performance.now() + 5000;
      for (;;) {
        await engine.settled();
        if (seen()) return;
        if (performance.now() > deadline) throw new Error(`timed out waiting for the engine to read ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    return {
      engine,
      sink,
      probe,
      files,
      store,
      stateDir,
      log,
      observedRoom: (roomId, users) =>
        settledWhen(`room ${roomId} with ${users} users`, () => {
          const roomUsers = engine.lastObservation()?.roomUsers;
          return roomUsers !== undefined && (roomUsers.get(roomId) ?? 0) === users;
        }),
      observedOnline: (connections, loggedIn, rooms) =>
        settledWhen(`online.txt ${connections}|${loggedIn}|${rooms}`, () => {
          const online = engine.lastObservation()?.online;
          return (
            online?.status === 'ok' &&
            online.counts.connections === connections &&
            online.counts.loggedIn === loggedIn &&
            online.counts.rooms === rooms
          );
        }),
    };
  }

  return { startEngine, startEngineOn, openStore, newStatusFiles, closeAfter };
}

export const LOBBY: KnownRoom = { id: 1, name: 'Lobby', capacity: 100, sources: ['data-api'] };
export const HELP_DESK: KnownRoom = { id: 3, name: 'Help Desk', capacity: 10, sources: ['data-api'] };

/** The types of what the sink received, in order: `alert` or `recovery`, from the reply's severity. */
export function kinds(sink: RecordingSink): string[] {
  return sink.posts.map((post) => (post.reply.severity === 'success' ? 'recovery' : 'alert'));
}
