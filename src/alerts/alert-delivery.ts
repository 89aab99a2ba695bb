/**
 * Where notices go: one delivery queue per sink (platform), each notice rendered once (with the
 * last hour's chart for a rule that asks for one) and queued for every channel its rule names.
 * The engine prepares the posts first, writes them to the alert outbox with the state, and only
 * then queues them (`prepare`, `enqueue`); `deliver` does both at once, with no outbox.
 */

import type { Platform } from '../permissions/identity.ts';
import type { ReplyAttachment } from '../replies/reply.ts';
import type { AlertRule } from './alert-rule.ts';
import type { AlertSink } from './alert-sink.ts';
import {
  type DeliveryObserver,
  DeliveryQueue,
  type DeliveryTuning,
  type Post,
  type PostFinished,
} from './delivery-queue.ts';
import type { Notice } from './evaluate.ts';
import { describeNotice, renderNotice } from './render-notice.ts';

/** The last hour's chart of a room (or, roomId undefined, of the logged-in users). */
export type AlertChart = (subject: { readonly roomId?: number }) => Promise<ReplyAttachment | undefined>;

export interface AlertDeliveryOptions {
  readonly log: (line: string) => void;
  readonly tuning?: DeliveryTuning;
  readonly observer?: DeliveryObserver;
  /** Undefined: alerts of rules with attachChart go without one (the history is off). */
  readonly chart?: AlertChart;
  /** Told what became of each post (the alert outbox marks it). */
  readonly onFinished?: PostFinished;
}

/** A post for one channel of an attached platform. */
export interface RoutedPost extends Post {
  readonly platform: Platform;
}

export interface PreparedNotice {
  readonly posts: readonly RoutedPost[];
  /** Log lines for the channels of platforms no sink was attached for: nothing goes there. */
  readonly unrouted: readonly string[];
}

export class AlertDelivery {
  readonly #options: AlertDeliveryOptions;
  readonly #queues = new Map<Platform, DeliveryQueue>();

  constructor(options: AlertDeliveryOptions) {
    this.#options = options;
  }

  /** One queue per platform; a second sink of the same platform is refused with a log line. */
  attach(sinks: readonly AlertSink[]): void {
    const { log, tuning, observer, onFinished } = this.#options;
    for (const sink of sinks) {
      if (this.#queues.has(sink.platform)) {
        log(`alerts: a second ${sink.platform} sink was given; only the first is used`);
        continue;
      }
      this.#queues.set(sink.platform, new DeliveryQueue(sink, log, tuning, observer, onFinished));
    }
  }

  /** Says which rules name a channel on a platform no sink was attached for. */
  warnAboutMissingSinks(rules: readonly AlertRule[]): void {
    for (const rule of rules) {
      for (const [platform] of channelsOf(rule)) {
        if (!this.#queues.has(platform)) {
          this.#options.log(
            `alerts: rule ${rule.name} names a ${platform} channel, but no ${platform} sink is attached`,
          );
        }
      }
    }
  }

  /** Queues the notice for each of its rule's channels; resolves once queued, not once posted. */
  async deliver(notice: Notice): Promise<void> {
    const { posts, unrouted } = await this.prepare(notice);
    for (const line of unrouted) this.#options.log(line);
    for (const post of posts) this.enqueue(post);
  }

  /** The notice rendered once (its chart drawn), as a post for each channel of an attached platform. */
  async prepare(notice: Notice): Promise<PreparedNotice> {
    const description = describeNotice(notice);
    const chart = await this.#chartFor(notice, description);
    const reply = chart === undefined ? renderNotice(notice) : { ...renderNotice(notice), attachment: chart };
    const posts: RoutedPost[] = [];
    const unrouted: string[] = [];
    for (const [platform, channelId] of channelsOf(notice.rule)) {
      if (this.#queues.has(platform)) posts.push({ platform, channelId, reply, description });
      else
        unrouted.push(
          `alerts: not posted to ${platform} ${channelId} (no ${platform} sink attached): ${description}`,
        );
    }
    return { posts, unrouted };
  }

  /** Whether a sink of the platform is attached. */
  routes(platform: Platform): boolean {
    return this.#queues.has(platform);
  }

  /** Queues a post for its platform's sink (logged and left out when none is attached). */
  enqueue(post: RoutedPost): void {
    const queue = this.#queues.get(post.platform);
    if (queue === undefined) {
      this.#options.log(
        `alerts: not posted to ${post.platform} ${post.channelId} (no ${post.platform} sink attached): ${post.description}`,
      );
      return;
    }
    queue.enqueue(post);
  }

  /** Resolves once every post queued so far is delivered, given up or dropped. */
  async idle(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.idle()));
  }

  /** Drops what waits (with a log line each) and detaches the sinks. */
  async stop(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.stop()));
    this.#queues.clear();
  }

  /** The last hour's chart for an alert of a rule that asks for one; undefined when none can be had. */
  async #chartFor(notice: Notice, description: string): Promise<ReplyAttachment | undefined> {
    const { chart, log } = this.#options;
    if (notice.type !== 'alert' || notice.rule.attachChart !== true) return undefined;
    if (chart === undefined) {
      log(`alerts: ${description}: no chart attached (occupancy history is off: stats.enabled)`);
      return undefined;
    }
    try {
      return await chart(notice.facts.kind === 'room' ? { roomId: notice.facts.roomId } : {});
    } catch (error) {
      log(
        `alerts: ${description}: the chart could not be drawn (${error instanceof Error ? error.message : String(error)}); sent without it`,
      );
      return undefined;
    }
  }
}

function channelsOf(rule: AlertRule): Array<[Platform, string]> {
  const channels: Array<[Platform, string]> = [];
  if (rule.channels.slack !== undefined) channels.push(['slack', rule.channels.slack]);
  if (rule.channels.discord !== undefined) channels.push(['discord', rule.channels.discord]);
  return channels;
}
