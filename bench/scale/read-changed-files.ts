import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { roomFileName } from '../../src/status/index.ts';

/**
 * The reference of the scale figures: only reading the room files a churn changed, each once per
 * change, and splitting each into its lines. Twice: as a plain program would (fs.promises.readFile
 * in batches the size of the bot's, the changes of one debounce window), and with readFileSync,
 * the least reading can cost (the bot reads with synchronous calls in a worker thread).
 */
export async function readChangedFiles(
  folder: string,
  changedRooms: readonly number[],
  batchSize: number,
): Promise<{ cpuMsPerFile: number; syncCpuMsPerFile: number; files: number }> {
  const paths = changedRooms.map((roomId) => join(folder, roomFileName(roomId)));
  const before = process.cpuUsage();
  for (let start = 0; start < paths.length; start += batchSize) {
    const batch = paths.slice(start, start + batchSize);
    await Promise.all(batch.map(async (path) => (await readFile(path, 'utf8')).split('\n')));
  }
  const asynchronous = process.cpuUsage(before);
  const beforeSync = process.cpuUsage();
  for (const path of paths) readFileSync(path, 'utf8').split('\n');
  const synchronous = process.cpuUsage(beforeSync);
  const perFile = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000 / paths.length;
  return { cpuMsPerFile: perFile(asynchronous), syncCpuMsPerFile: perFile(synchronous), files: paths.length };
}
