import { BOT_TOKEN, GUILDS, MEMBERS } from '../../test/helpers/discord-stack.ts';
import {
  type ChatInputSpec,
  type DiscordStandIn,
  type RecordedRequest,
  startDiscordStandIn,
} from '../../test/helpers/discord-stand-in.ts';

/**
 * Discord's side of the Discord figure, in a process of its own as Discord is: a REST and gateway
 * stand-in for each client (the adapter's and the bare one's). It dispatches bursts of
 * INTERACTION_CREATE and times each one to its first callback on its own event loop, so neither
 * Discord's work (200 dispatches, 200 callbacks read) nor the clients' work is counted against
 * the other.
 */
export type DiscordSideRequest = { id: number; side: SideName; size: number; waitForAnswers: boolean };
export type SideName = 'ours' | 'bare';

export interface DiscordSideAnswer {
  id: number;
  /** Dispatch to first callback, ms, for each interaction of the burst. */
  callbackMs: number[];
  /** Dispatch to the answer edited in (only when waited for). */
  answerMs: number[];
}

export type DiscordSideReady = Record<SideName, { apiUrl: string; applicationId: string }>;

/** A moderator's broadcast: deferred in public, run by the core, the answer edited in. */
const INTERACTION: ChatInputSpec = { by: MEMBERS.admin, path: ['broadcast'], options: { message: 'hello' } };

/** When each REST request reached a stand-in, by interaction token. */
interface Arrivals {
  callbacks: Map<string, number>;
  /** Requests after the callback (the answer edited in, a follow-up): the interaction's work is done. */
  answers: Map<string, number>;
}

/** The stand-in appends every request it has read to `requests`: that append is the moment of arrival. */
function watchArrivals(standIn: DiscordStandIn): Arrivals {
  const arrivals: Arrivals = { callbacks: new Map(), answers: new Map() };
  const requests = standIn.requests;
  const append = requests.push.bind(requests);
  requests.push = (...added: RecordedRequest[]) => {
    const at = performance.now();
    for (const request of added) {
      const callback = /^\/interactions\/[^/]+\/([^/]+)\/callback$/.exec(request.path);
      if (callback?.[1] !== undefined) arrivals.callbacks.set(callback[1], at);
      const webhook = /^\/webhooks\/[^/]+\/([^/]+)/.exec(request.path);
      if (webhook?.[1] !== undefined) arrivals.answers.set(webhook[1], at);
    }
    // Only arrival times are needed: the requests themselves are not kept (the run makes thousands).
    return append();
  };
  return arrivals;
}

async function until(done: () => boolean, timeoutMs: number, everyMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('bench: the Discord side timed out');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const sides = {
  ours: await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS }),
  bare: await startDiscordStandIn({ token: BOT_TOKEN, guilds: GUILDS }),
};
const arrivals = { ours: watchArrivals(sides.ours), bare: watchArrivals(sides.bare) };

async function burst(request: DiscordSideRequest): Promise<DiscordSideAnswer> {
  const standIn = sides[request.side];
  const { callbacks, answers } = arrivals[request.side];
  const sent: Array<{ token: string; at: number }> = [];
  for (let index = 0; index < request.size; index += 1) {
    const at = performance.now();
    sent.push({ token: standIn.chatInput(INTERACTION).token, at });
  }
  await until(() => sent.every(({ token }) => callbacks.has(token)), 30_000, 2);
  if (request.waitForAnswers) await until(() => sent.every(({ token }) => answers.has(token)), 60_000, 20);
  const answer: DiscordSideAnswer = {
    id: request.id,
    callbackMs: sent.map(({ token, at }) => (callbacks.get(token) ?? Number.NaN) - at),
    answerMs: request.waitForAnswers
      ? sent.map(({ token, at }) => (answers.get(token) ?? Number.NaN) - at)
      : [],
  };
  for (const { token } of sent) {
    callbacks.delete(token);
    answers.delete(token);
  }
  // Every burst starts as one after a quiet spell does in production, with no kept-alive
  // connection: otherwise a client's 200 idle connections from its last burst reached their
  // keep-alive timeout (about 4 s) in the middle of a later burst, which was the adapter's next
  // burst more often than the bare client's (the adapter's answers take ~4 s to go out).
  standIn.closeIdleConnections();
  return answer;
}

process.on('disconnect', () => {
  void Promise.all([sides.ours.close(), sides.bare.close()]).finally(() => process.exit(0));
});
process.on('message', (request: DiscordSideRequest) => {
  void burst(request).then(
    (answer) => process.send?.(answer),
    (error: unknown) => process.send?.({ id: request.id, error: String(error) }),
  );
});
const ready: DiscordSideReady = {
  ours: { apiUrl: sides.ours.apiUrl, applicationId: sides.ours.applicationId },
  bare: { apiUrl: sides.bare.apiUrl, applicationId: sides.bare.applicationId },
};
process.send?.(ready);
