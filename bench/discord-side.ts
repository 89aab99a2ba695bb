import type {
  DiscordSideAnswer,
  DiscordSideReady,
  DiscordSideRequest,
  SideName,
} from './processes/discord-side-child.ts';
import { startSideProcess } from './side-process.ts';

export interface DiscordSide {
  /** Each client's stand-in: its REST base (the gateway's address comes from it) and application. */
  ready: DiscordSideReady;
  /** Dispatches `size` interactions to one client at once; the times of their first callbacks (and answers). */
  burst(side: SideName, size: number, waitForAnswers: boolean): Promise<DiscordSideAnswer>;
  close(): Promise<void>;
}

/** Starts Discord's side in its own process (bench/processes/discord-side-child.ts). */
export async function startDiscordSide(): Promise<DiscordSide> {
  const side = await startSideProcess<DiscordSideReady, DiscordSideRequest, DiscordSideAnswer>(
    'discord-side-child',
  );
  return {
    ready: side.ready,
    burst: (name, size, waitForAnswers) => side.ask({ side: name, size, waitForAnswers }),
    close: () => side.close(),
  };
}
