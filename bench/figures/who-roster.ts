import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderText } from '../../adapters/console/render-text.ts';
import { rosterReply } from '../../src/replies/roster.ts';
import { groupStatusFolder, readRoomRoster, roomFileName } from '../../src/status/index.ts';
import type { Stack } from '../../test/e2e/harness.ts';
import { type BenchOptions, type Figure, ms } from '../figure.ts';
import { interleaved, summarise } from '../stats.ts';

export const BIG_ROOM_ID = 1;

/** Renderers of each platform, applied to the same reply (run.ts passes Slack's and Discord's). */
export type Renderer = (reply: ReturnType<typeof rosterReply>) => unknown;

/** `who` on a 10,000-user room: read, parse, build the reply, render it, against reading the file alone. */
export async function whoOnBigRoom(
  stack: Stack,
  options: BenchOptions,
  renderers: Record<string, Renderer>,
): Promise<Figure> {
  const iterations = options.quick ? 50 : 500;
  const folder = groupStatusFolder(join(stack.folder, 'data'), 'default');
  const path = join(folder, roomFileName(BIG_ROOM_ID));
  const renderAll: Record<string, Renderer> = { console: renderText, ...renderers };
  const samples = await interleaved(
    iterations,
    async () => {
      const roster = await readRoomRoster(folder, BIG_ROOM_ID);
      if (roster.status !== 'ok') throw new Error(`roster: ${roster.status}`);
      const reply = rosterReply({
        roomId: BIG_ROOM_ID,
        roomName: 'Arena',
        userNames: roster.userNames,
        capacity: 20_000,
      });
      for (const render of Object.values(renderAll)) await render(reply);
    },
    () => readFile(path),
  );
  const who = summarise(samples.measured);
  const read = summarise(samples.reference);
  return {
    name: `who on a 10,000-user room (render: ${Object.keys(renderAll).join(', ')})`,
    measured: `p50 ${ms(who.p50)}, p99 ${ms(who.p99)}`,
    reference: `file read p50 ${ms(read.p50)}, p99 ${ms(read.p99)}`,
    value: who.p50,
    target: 'p50 <= 10 ms',
    met: who.p50 <= 10,
    details: { iterations, who, read },
  };
}
