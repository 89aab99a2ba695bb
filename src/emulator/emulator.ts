import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAllowList } from './address-allow-list.ts';
import { ChatState, type EmulatorState } from './chat-state.ts';
import { createCommandHandler } from './command-handler.ts';
import { type AcceptedCommand, CommandJournal, type RefusedCommand } from './command-journal.ts';
import { startDataApiServer } from './data-api-server.ts';
import { groupChanges, groupStatus } from './group-status.ts';
import { type EmulatorOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { startServerApi } from './server-api.ts';
import { StatusWriter } from './status-writer.ts';
import { startVisitorSimulation } from './visitor-simulation.ts';

export interface RunningEmulator {
  readonly serverApiPort: number;
  readonly httpPort: number;
  readonly host: string;
  /** Absolute. */
  readonly dataDir: string;
  /** Every command carried out, in order. */
  readonly acceptedCommands: readonly AcceptedCommand[];
  /** Every command refused, in order, with its reply code. */
  readonly refusedCommands: readonly RefusedCommand[];
  readonly state: EmulatorState;
  /**
   * Resolves once the status files show every change so far. Server API replies already wait for
   * this; changes made through `state` (tests, simulation) are written a moment later.
   */
  statusFilesWritten(): Promise<void>;
  /** Closes both servers and every open connection, stops the simulation, finishes file writes. */
  stop(): Promise<void>;
}

/**
 * Starts the emulated 123 Flash Chat server: the Server API on TCP, the Data API on HTTP, status
 * files under dataDir, and optionally simulated visitors. Without options it uses every default
 * and a private temporary data folder, removed again by stop().
 */
export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  const ownsDataDir = options === undefined;
  const settings = resolveOptions(
    options ?? { dataDir: await mkdtemp(join(tmpdir(), 'flashchat-emulator-')) },
  );
  const dataDir = resolve(settings.dataDir);
  // Undone in reverse order by stop(), or at once when a later step of the start fails.
  const teardown: Array<() => unknown> = [];
  const undo = async () => {
    for (let step = teardown.pop(); step !== undefined; step = teardown.pop()) await step();
  };
  try {
    if (ownsDataDir) teardown.push(() => rm(dataDir, { recursive: true, force: true }));
    const state = createChatState(settings);
    const writer = new StatusWriter({
      dataDir,
      statusOf: (group) => groupStatus(state, group),
      changesOf: (group, revision) => groupChanges(state, group, revision),
      onError: (group, error) =>
        settings.log(`status-files ${group}: could not write: ${describeError(error)}`),
    });
    await writer.prepare(settings.groups);
    teardown.push(() => writer.flush());
    // After stop() nothing is written any more, whatever a test still does with `state`.
    teardown.push(state.onChange((group) => writer.markChanged(group)));

    const isAllowed = createAllowList(settings.allow);
    const journal = new CommandJournal(settings.journalLimit);
    const serverApi = await startServerApi({
      host: settings.host,
      port: settings.port,
      maxCommandBytes: settings.maxCommandBytes,
      idleTimeoutMs: settings.idleTimeoutMs,
      log: settings.log,
      handleCommand: createCommandHandler({
        state,
        password: settings.password,
        isAllowed,
        journal,
        maxCommandBytes: settings.maxCommandBytes,
        statusWritten: () => writer.flush(),
        log: settings.log,
      }),
    });
    teardown.push(() => serverApi.close());
    const dataApi = await startDataApiServer({
      host: settings.host,
      port: settings.httpPort,
      state,
      isAllowed,
      log: settings.log,
    });
    teardown.push(() => dataApi.close());
    if (settings.simulate !== false) {
      const simulation = startVisitorSimulation(state, {
        ...settings.simulate,
        onError: (error) => settings.log(`visitors: ${describeError(error)}`),
      });
      teardown.push(() => simulation.stop());
    }

    let stopping: Promise<void> | undefined;
    return {
      serverApiPort: serverApi.port,
      httpPort: dataApi.port,
      host: settings.host,
      dataDir,
      get acceptedCommands() {
        return journal.accepted.entries;
      },
      get refusedCommands() {
        return journal.refused.entries;
      },
      state,
      statusFilesWritten: () => writer.flush(),
      stop: () => {
        stopping ??= undo();
        return stopping;
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** Rooms with a fixed id go first, so a room without one cannot take an id another room asks for. */
function createChatState(settings: ResolvedOptions): ChatState {
  const state = new ChatState(settings.groups, settings.journalLimit);
  const withIdFirst = [...settings.rooms].sort(
    (a, b) => Number(a.id === undefined) - Number(b.id === undefined),
  );
  for (const room of withIdFirst) state.addRoom(room.group, room.settings, room.id);
  return state;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
