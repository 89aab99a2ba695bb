import type { webApi } from '@slack/bolt';
import { HandlePins, type LivePin } from './handle-pins.ts';
import { usergroupsListSchema, usergroupUsersSchema } from './slack-payloads.ts';
import { describeWebApiError, type WebApiFailure } from './web-api-errors.ts';

/** The user groups bindings.slack.usergroups names: the only ones whose members are ever read. */
export interface BoundUsergroups {
  /** Keys that are user-group ids (S…). */
  readonly ids: readonly string[];
  /** Keys that are `@handles`, as written. */
  readonly handles: readonly string[];
}

/** What a user belongs to among the bound groups, and why it may be incomplete. */
export interface Membership {
  /** Bound groups (by id, or pinned by a handle) the user is a member of. */
  groupIds: string[];
  /** Handle bindings, exactly as written, whose pinned group the user is in and which still carries the handle. */
  groupNames: string[];
  /** Set when some or all groups could not be read: the core tells a denied user. */
  unavailable?: string;
  /** Handle bindings dropped since start, each as a sentence for a denial. */
  droppedBindings: string[];
}

export interface UsergroupDirectoryOptions {
  client: webApi.WebClient;
  bound: BoundUsergroups;
  /** How long a group list or a group's members are trusted; default 5 minutes. */
  cacheMs?: number;
  log: (message: string) => void;
  now?: () => number;
}

interface Snapshot<T> {
  value: T;
  /** When the read that produced it started: a change announced after that makes it stale. */
  readAt: number;
}

type Read<T> = { ok: true; value: T } | { ok: false; failure: WebApiFailure };

const DEFAULT_CACHE_MS = 5 * 60_000;
/** A failed read is retried no sooner than this, so a missing scope does not cost a call per command. */
const FAILURE_RETRY_MS = 30_000;
/** usergroups.users.list is Tier 2 (about 20 a minute): a few at a time. */
const PARALLEL_READS = 3;

/**
 * The bound Slack user groups, kept for a bounded time: members are read (usergroups.users.list)
 * only of groups a binding names, by id or by a handle pinned at start, so the Web API calls a
 * command may cost do not grow with the number of groups in the workspace. usergroups.list is
 * read only when there are handle bindings: at start, to pin them, and again after
 * subteam_updated or the cache lifetime, to see whether a handle moved to another group.
 * subteam_members_changed and subteam_updated mark what they touch as stale, so the next command
 * reads it again. Reads are shared by concurrent commands.
 */
export class UsergroupDirectory {
  readonly #client: webApi.WebClient;
  readonly #cacheMs: number;
  readonly #log: (message: string) => void;
  readonly #now: () => number;
  readonly #boundIds: readonly string[];
  readonly #pins: HandlePins;
  #groups: Snapshot<Map<string, string>> | undefined;
  #groupsFailure: Snapshot<WebApiFailure> | undefined;
  #groupsChangedAt = Number.NEGATIVE_INFINITY;
  readonly #members = new Map<string, Snapshot<ReadonlySet<string>>>();
  readonly #memberFailures = new Map<string, Snapshot<WebApiFailure>>();
  readonly #changedAt = new Map<string, number>();
  #lastChangeAt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;
  readonly #reported = new Set<string>();

  constructor(options: UsergroupDirectoryOptions) {
    this.#client = options.client;
    this.#cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#boundIds = [...new Set(options.bound.ids)];
    this.#pins = new HandlePins(options.bound.handles);
  }

  /**
   * At start: the handle bindings are pinned to the groups that carry them now (one
   * usergroups.list). A failure is logged and leaves them to the first read that works.
   */
  async start(): Promise<void> {
    if (this.#pins.size > 0) await this.#readList();
  }

  /** subteam_members_changed: a bound group's members are read again on the next command. */
  membersChanged(groupId: string): void {
    if (!this.#watched(groupId)) return;
    this.#lastChangeAt = this.#now();
    this.#changedAt.set(groupId, this.#now());
    this.#memberFailures.delete(groupId);
  }

  /**
   * subteam_updated (renamed, disabled, enabled, members): with handle bindings the list is read
   * again, since any group may have taken a bound handle; a bound group's members too.
   */
  groupUpdated(groupId: string): void {
    if (this.#pins.size > 0) {
      this.#lastChangeAt = this.#now();
      this.#groupsChangedAt = this.#now();
      this.#groupsFailure = undefined;
    }
    this.membersChanged(groupId);
  }

  /** A change that could not be read: everything bound is read again. */
  everythingChanged(): void {
    this.#lastChangeAt = this.#now();
    this.#groupsChangedAt = this.#now();
    this.#groupsFailure = undefined;
    this.#members.clear();
    this.#memberFailures.clear();
  }

  async membershipOf(userId: string): Promise<Membership> {
    const askedAt = this.#now();
    await this.#sharedRefresh();
    // A read already under way may have started before a change announced since: once more.
    if (this.#lastChangeAt >= askedAt) await this.#sharedRefresh();

    const isMember = (groupId: string) => this.#members.get(groupId)?.value.has(userId) === true;
    const live = this.#livePins();
    const groupIds = this.#needed().filter(isMember);
    const groupNames = live.filter((pin) => isMember(pin.groupId)).map((pin) => pin.key);
    const failures = [
      ...(this.#pins.size > 0 && !this.#groups && this.#groupsFailure ? [this.#groupsFailure.value] : []),
      ...this.#needed().flatMap((groupId) => {
        const failure = this.#members.has(groupId) ? undefined : this.#memberFailures.get(groupId);
        return failure ? [failure.value] : [];
      }),
    ];
    const membership: Membership = { groupIds, groupNames, droppedBindings: this.#pins.droppedSentences() };
    const first = failures[0];
    if (first) membership.unavailable = reasonFor(first);
    return membership;
  }

  /** Handle bindings that give roles now; none while the list is not known. */
  #livePins(): LivePin[] {
    return this.#groups ? this.#pins.live() : [];
  }

  /** The groups whose members a command needs: bound by id, or pinned by a handle that still applies. */
  #needed(): string[] {
    return [...new Set([...this.#boundIds, ...this.#livePins().map((pin) => pin.groupId)])];
  }

  /** Groups whose member changes matter: bound by id, or pinned (a handle may come back to it). */
  #watched(groupId: string): boolean {
    return this.#boundIds.includes(groupId) || this.#pins.pinnedGroups().includes(groupId);
  }

  #sharedRefresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    if (
      this.#pins.size > 0 &&
      !this.#isFresh(this.#groups, this.#groupsChangedAt) &&
      !this.#isRecentFailure(this.#groupsFailure)
    )
      await this.#readList();
    const needed = this.#needed();
    const stale = needed.filter(
      (groupId) =>
        !this.#isFresh(this.#members.get(groupId), this.#changedAt.get(groupId)) &&
        !this.#isRecentFailure(this.#memberFailures.get(groupId)),
    );
    for (let start = 0; start < stale.length; start += PARALLEL_READS)
      await Promise.all(
        stale.slice(start, start + PARALLEL_READS).map((groupId) => this.#readMembers(groupId)),
      );
    const listKnown = this.#pins.size === 0 || (this.#groups !== undefined && !this.#groupsFailure);
    if (listKnown && !needed.some((groupId) => this.#memberFailures.has(groupId))) this.#recovered();
  }

  async #readList(): Promise<void> {
    const readAt = this.#now();
    const read = await this.#read('usergroups.list', async () =>
      usergroupsListSchema.parse(await this.#client.usergroups.list({ include_disabled: false })),
    );
    if (read.ok) {
      const groups = new Map(read.value.usergroups.map((group) => [group.id, group.handle]));
      this.#groups = { value: groups, readAt };
      this.#groupsFailure = undefined;
      for (const line of this.#pins.apply(groups)) this.#log(line);
    } else {
      // Groups read earlier are not trusted past their lifetime.
      if (this.#groups && this.#now() - this.#groups.readAt > this.#cacheMs) this.#groups = undefined;
      this.#groupsFailure = { value: read.failure, readAt };
    }
  }

  async #readMembers(groupId: string): Promise<void> {
    const readAt = this.#now();
    const read = await this.#read('usergroups.users.list', async () =>
      usergroupUsersSchema.parse(
        await this.#client.usergroups.users.list({ usergroup: groupId, include_disabled: false }),
      ),
    );
    if (read.ok) {
      this.#members.set(groupId, { value: new Set(read.value.users), readAt });
      this.#memberFailures.delete(groupId);
    } else {
      // Stale members would keep a removed user's roles: without a fresh read, none.
      this.#members.delete(groupId);
      this.#memberFailures.set(groupId, { value: read.failure, readAt });
    }
  }

  async #read<T>(method: string, call: () => Promise<T>): Promise<Read<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const failure = describeWebApiError(error);
      this.#reportOnce(method, failure);
      return { ok: false, failure };
    }
  }

  #isFresh(snapshot: Snapshot<unknown> | undefined, changedAt = Number.NEGATIVE_INFINITY): boolean {
    return (
      snapshot !== undefined && this.#now() - snapshot.readAt < this.#cacheMs && snapshot.readAt > changedAt
    );
  }

  #isRecentFailure(failure: Snapshot<WebApiFailure> | undefined): boolean {
    return failure !== undefined && this.#now() - failure.readAt < Math.min(this.#cacheMs, FAILURE_RETRY_MS);
  }

  #reportOnce(method: string, failure: WebApiFailure): void {
    if (this.#reported.has(failure.code)) return;
    this.#reported.add(failure.code);
    this.#log(`Slack: ${method} failed: ${failure.summary}. ${whatToFix(failure)}`);
  }

  #recovered(): void {
    if (this.#reported.size === 0) return;
    this.#reported.clear();
    this.#log('Slack: user groups can be read again.');
  }
}

/** For the user, after "Your groups could not be read: ". */
function reasonFor(failure: WebApiFailure): string {
  switch (failure.code) {
    case 'missing_scope':
      return `the Slack app lacks the ${failure.needed ?? 'usergroups:read'} scope; ask a Slack admin to add it and reinstall the app.`;
    case 'plan_upgrade_required':
      return "this Slack workspace's plan has no user groups; ask an admin to bind your user id instead.";
    case 'request_failed':
    case 'http_error':
    case 'ratelimited':
      return `${failure.summary}; try again in a minute.`;
    default:
      return `${failure.summary}.`;
  }
}

/** For the operator's log. */
function whatToFix(failure: WebApiFailure): string {
  switch (failure.code) {
    case 'missing_scope':
      return `Add the ${failure.needed ?? 'usergroups:read'} bot scope (OAuth & Permissions, or manifest.yml) and reinstall the app; until then only bindings by user id work.`;
    case 'plan_upgrade_required':
      return "The workspace's Slack plan has no user groups: bind users by id in chatops.yml (bindings.slack.users).";
    case 'not_allowed_token_type':
    case 'invalid_auth':
    case 'not_authed':
    case 'account_inactive':
    case 'token_revoked':
      return 'Check SLACK_BOT_TOKEN: it must be the Bot User OAuth Token (xoxb-…) of an installed app.';
    default:
      return 'User groups are read again on the next command after 30 s; bindings by user id still work.';
  }
}
