import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { createPrng, type Prng } from '../../src/emulator/prng.ts';

/**
 * The chat server of the scale figures, in a process of its own (forked by bench/scale/churn-server.ts):
 * many rooms of a few users each, and on request a churn of users joining and leaving rooms at a
 * steady rate, as a busy server sees. The emulator rewrites a room's file and changes its Data
 * API count at each change; its work does not share the bot's event loop or its CPU time.
 */
export interface ChurnServerSetup {
  dataDir: string;
  password: string;
  rooms: number;
  usersPerRoom: number;
  /** Every room holds this many users at most (crossings add users beyond usersPerRoom). */
  capacity: number;
}

/** Every room changed, in order (a room once per change), how long the churn ran, what it cost the server. */
export interface ChurnSummary {
  changedRooms: number[];
  elapsedMs: number;
  emulatorCpuMs: number;
}

export type ChurnServerRequest =
  | { id: number; kind: 'start'; setup: ChurnServerSetup }
  /** Starts changing rooms at `perSecond`; `avoid` are rooms left alone (those the crossings use). */
  | { id: number; kind: 'churn'; perSecond: number; avoid: number[] }
  /** Puts `users` more users into the room at once: one room change that crosses a threshold. */
  | { id: number; kind: 'cross'; roomId: number; users: number }
  | { id: number; kind: 'stop-churn' }
  | { id: number; kind: 'written' };

export type ChurnServerAnswer =
  | { id: number; kind: 'start'; serverApiPort: number; httpPort: number }
  | { id: number; kind: 'churn' }
  /** `changedAt`: ms since the epoch (performance.timeOrigin + now), comparable across processes. */
  | { id: number; kind: 'cross'; changedAt: number }
  | ({ id: number; kind: 'stop-churn' } & ChurnSummary)
  | { id: number; kind: 'written' }
  | { id: number; error: string };

const GROUP = 'default';
/** How often the churn timer runs; each run makes the changes the rate says are due by then. */
const TICK_MS = 5;

let emulator: RunningEmulator | undefined;
let churn: Churn | undefined;

interface Churn {
  readonly timer: NodeJS.Timeout;
  readonly changedRooms: number[];
  readonly startedAt: number;
  readonly cpuAtStart: NodeJS.CpuUsage;
}

function running(): RunningEmulator {
  if (emulator === undefined) throw new Error('the chat server has not started');
  return emulator;
}

async function start(setup: ChurnServerSetup): Promise<{ serverApiPort: number; httpPort: number }> {
  const rooms = Array.from({ length: setup.rooms }, (_, index) => ({
    id: index + 1,
    name: `Room ${index + 1}`,
    max: setup.capacity,
  }));
  emulator = await startEmulator({
    port: 0,
    httpPort: 0,
    dataDir: setup.dataDir,
    password: setup.password,
    rooms,
  });
  for (const { id } of rooms)
    for (let user = 0; user < setup.usersPerRoom; user += 1)
      emulator.state.join(GROUP, id, `r${id}-u${user}`);
  await emulator.statusFilesWritten();
  return { serverApiPort: emulator.serverApiPort, httpPort: emulator.httpPort };
}

/**
 * Each room has one extra user who is in it or not: a change toggles them (joins, or leaves for
 * the lobby), so every room stays at its size give or take one and every change rewrites exactly
 * one room file.
 */
function startChurn(perSecond: number, avoid: ReadonlySet<number>): void {
  const server = running();
  const roomIds = server.state
    .rooms(GROUP)
    .map((room) => room.id)
    .filter((id) => !avoid.has(id));
  const random: Prng = createPrng(16);
  const changedRooms: number[] = [];
  const startedAt = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - startedAt) * perSecond) / 1000);
    while (changedRooms.length < due) {
      const roomId = roomIds[Math.floor(random() * roomIds.length)] ?? 1;
      const extra = `r${roomId}-extra`;
      if (server.state.roomUsers(GROUP, roomId).includes(extra)) server.state.leave(GROUP, roomId, extra);
      else server.state.join(GROUP, roomId, extra);
      changedRooms.push(roomId);
    }
  }, TICK_MS);
  churn = { timer, changedRooms, startedAt, cpuAtStart: process.cpuUsage() };
}

function stopChurn(): ChurnSummary {
  if (churn === undefined) throw new Error('no churn is running');
  clearInterval(churn.timer);
  const cpu = process.cpuUsage(churn.cpuAtStart);
  const stopped = churn;
  churn = undefined;
  return {
    changedRooms: stopped.changedRooms,
    elapsedMs: performance.now() - stopped.startedAt,
    emulatorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

function cross(roomId: number, users: number): number {
  const server = running();
  const changedAt = performance.timeOrigin + performance.now();
  for (let user = 0; user < users; user += 1) server.state.join(GROUP, roomId, `r${roomId}-crossing${user}`);
  return changedAt;
}

async function answer(request: ChurnServerRequest): Promise<ChurnServerAnswer> {
  switch (request.kind) {
    case 'start':
      return { id: request.id, kind: 'start', ...(await start(request.setup)) };
    case 'churn':
      startChurn(request.perSecond, new Set(request.avoid));
      return { id: request.id, kind: 'churn' };
    case 'cross':
      return { id: request.id, kind: 'cross', changedAt: cross(request.roomId, request.users) };
    case 'stop-churn':
      return { id: request.id, kind: 'stop-churn', ...stopChurn() };
    case 'written':
      await running().statusFilesWritten();
      return { id: request.id, kind: 'written' };
  }
}

process.on('message', (request: ChurnServerRequest) => {
  answer(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => {
  if (churn !== undefined) clearInterval(churn.timer);
  void (emulator?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
});
process.send?.({ ready: true });
