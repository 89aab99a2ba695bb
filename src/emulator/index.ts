/**
 * The embedded 123 Flash Chat emulator: the Server API (TCP, zero-byte framed XML commands), the
 * HTTP Data API and the status files, behaving as the vendor manual describes, refusals included.
 * Used for demo mode, tests and benchmarks.
 */

export type { ConnectionView, OnlineCounts, OnlineUser } from './chat-group.ts';
export type { Delivery, EmulatorState, PrivateMessage } from './chat-state.ts';
export { ChatStateError, type ChatStateRefusal } from './chat-state-error.ts';
export type { AcceptedCommand, RefusedCommand } from './command-journal.ts';
export { type RunningEmulator, startEmulator } from './emulator.ts';
export {
  DEFAULT_DATA_API_PORT,
  DEFAULT_HOST,
  DEFAULT_SERVER_API_PORT,
  type EmulatorOptions,
  EmulatorOptionsError,
  type EmulatorRoomOption,
  MANUAL_PASSWORD,
} from './options.ts';
export { createPrng, type Prng } from './prng.ts';
export type { Room, RoomOpenTime, RoomSettings } from './room.ts';
export { type SimulatedHistoryOptions, type SimulatedMinute, simulateHistory } from './simulated-history.ts';
export {
  applyVisitorEvent,
  type GroupScene,
  nextVisitorEvent,
  sceneOf,
  type VisitorEvent,
} from './visitors.ts';
