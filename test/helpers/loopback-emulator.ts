import { join } from 'node:path';
import { type EmulatorRoomOption, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';

/** The chat server's emulator on loopback, on free ports, with its data in `<folder>/data`. */
export function startEmulatorIn(
  folder: string,
  password: string,
  rooms: EmulatorRoomOption[],
): Promise<RunningEmulator> {
  return startEmulator({ port: 0, httpPort: 0, dataDir: join(folder, 'data'), password, rooms });
}
