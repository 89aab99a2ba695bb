import type { webApi } from '@slack/bolt';
import { usergroupsListSchema, usergroupUsersSchema } from './slack-payloads.ts';
import { describeWebApiError, type WebApiFailure } from './web-api-errors.ts';

/** What a user belongs to, as ids and `@handles`, and why it may be incomplete. */
export interface Membership {
  memberOf: string[];
  /** Set when some or all groups could not be read: the core tells a denied user. */
  unavailable?: string;
}

export interface UsergroupDirectoryOptions {
  client: webApi.WebClient;
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
 * Slack user groups, read with usergroups.list and usergroups.users.list and kept for a bounded
 * time. subteam_members_changed and subteam_updated mark what they touch as stale, so the next
 * command reads it again. Reads are shared by concurrent commands.
 */
export class UsergroupDirectory {
  readonly #client: webApi.WebClient;
  readonly #cacheMs: number;
  readonly #log: (message: string) => void;
  readonly #now: () => number;
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
  }

  /** subteam_members_changed: this group's members are read again on the next command. */
  membersChanged(groupId: string): void {
    this.#lastChangeAt = this.#now();
    this.#changedAt.set(groupId, this.#now());
    this.#memberFailures.delete(groupId);
    // A group not listed yet was created since: the list is read again too.
    if (this.#groups && !this.#groups.value.has(groupId)) this.#groupsChangedAt = this.#now();
  }

  /** subteam_updated (renamed, disabled, enabled, members): the list and that group are read again. */
  groupUpdated(groupId: string): void {
    this.#groupsChangedAt = this.#now();
    this.#groupsFailure = undefined;
    this.membersChanged(groupId);
  }

  /** A change that could not be read: everything is read again. */
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

    if (this.#groupsFailure && !this.#groups)
      return { memberOf: [], unavailable: reasonFor(this.#groupsFailure.value) };
    const memberOf: string[] = [];
    const failures: WebApiFailure[] = [];
    for (const [groupId, handle] of this.#groups?.value ?? []) {
      const members = this.#members.get(groupId);
      if (members?.value.has(userId)) memberOf.push(groupId, `@${handle}`);
      else if (!members) {
        const failure = this.#memberFailures.get(groupId);
        if (failure) failures.push(failure.value);
      }
    }
    const first = failures[0];
    return first ? { memberOf, unavailable: reasonFor(first) } : { memberOf };
  }

  #sharedRefresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    if (!this.#isFresh(this.#groups, this.#groupsChangedAt) && !this.#isRecentFailure(this.#groupsFailure)) {
      const readAt = this.#now();
      const read = await this.#read('usergroups.list', async () =>
        usergroupsListSchema.parse(await this.#client.usergroups.list({ include_disabled: false })),
      );
      if (read.ok) {
        this.#groups = {
          value: new Map(read.value.usergroups.map((group) => [group.id, group.handle])),
          readAt,
        };
        this.#groupsFailure = undefined;
        const known = this.#groups.value;
        for (const groupId of [...this.#members.keys(), ...this.#memberFailures.keys()])
          if (!known.has(groupId)) {
            this.#members.delete(groupId);
            this.#memberFailures.delete(groupId);
          }
      } else {
        // Groups read earlier are not trusted past their lifetime.
        if (this.#groups && this.#now() - this.#groups.readAt > this.#cacheMs) this.#groups = undefined;
        this.#groupsFailure = { value: read.failure, readAt };
      }
    }
    const stale = [...(this.#groups?.value.keys() ?? [])].filter(
      (groupId) =>
        !this.#isFresh(this.#members.get(groupId), this.#changedAt.get(groupId)) &&
        !this.#isRecentFailure(this.#memberFailures.get(groupId)),
    );
    for (let start = 0; start < stale.length; start += PARALLEL_READS)
      await Promise.all(
        stale.slice(start, start + PARALLEL_READS).map((groupId) => this.#readMembers(groupId)),
      );
    if (this.#groups && !this.#groupsFailure && this.#memberFailures.size === 0) this.#recovered();
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
