import type {
  ChurnServerAnswer,
  ChurnServerRequest,
  ChurnServerSetup,
  ChurnSummary,
} from '../processes/churn-emulator-child.ts';
import { type SideProcess, startSideProcess, type Unnumbered } from '../side-process.ts';

/** The scale figures' chat server (bench/processes/churn-emulator-child.ts), as the bench drives it. */
export interface ChurnServer {
  readonly serverApiPort: number;
  readonly httpPort: number;
  /** Starts changing rooms (not those in `avoid`) at `perSecond`, until stopChurn. */
  churn(perSecond: number, avoid: readonly number[]): Promise<void>;
  /** Puts `users` more users into the room at once; resolves with when (ms since the epoch). */
  cross(roomId: number, users: number): Promise<number>;
  stopChurn(): Promise<ChurnSummary>;
  /** Resolves once the status files show every change so far. */
  written(): Promise<void>;
  close(): Promise<void>;
}

type Kind = ChurnServerRequest['kind'];
type AnswerOf<K extends Kind> = Extract<ChurnServerAnswer, { kind: K }>;

export async function startChurnServer(setup: ChurnServerSetup): Promise<ChurnServer> {
  const child: SideProcess<unknown, ChurnServerRequest, ChurnServerAnswer> =
    await startSideProcess('churn-emulator-child');
  const ask = async <K extends Kind>(
    request: Unnumbered<Extract<ChurnServerRequest, { kind: K }>>,
  ): Promise<AnswerOf<K>> => {
    const answer = await child.ask(request as Unnumbered<ChurnServerRequest>);
    if (!('kind' in answer) || answer.kind !== request.kind)
      throw new Error(`bench: the chat server answered ${JSON.stringify(answer)} to ${request.kind}`);
    return answer as AnswerOf<K>;
  };
  try {
    const started = await ask<'start'>({ kind: 'start', setup });
    return {
      serverApiPort: started.serverApiPort,
      httpPort: started.httpPort,
      churn: async (perSecond, avoid) => {
        await ask<'churn'>({ kind: 'churn', perSecond, avoid: [...avoid] });
      },
      cross: async (roomId, users) => (await ask<'cross'>({ kind: 'cross', roomId, users })).changedAt,
      stopChurn: async () => {
        const { changedRooms, elapsedMs, emulatorCpuMs } = await ask<'stop-churn'>({ kind: 'stop-churn' });
        return { changedRooms, elapsedMs, emulatorCpuMs };
      },
      written: async () => {
        await ask<'written'>({ kind: 'written' });
      },
      close: () => child.close(),
    };
  } catch (error) {
    await child.close();
    throw error;
  }
}
