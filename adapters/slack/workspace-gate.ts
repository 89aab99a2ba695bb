import { authTestSchema, requestOriginSchema } from './slack-payloads.ts';

/**
 * Which Slack workspaces the bot answers. A request signed with this app's secret may still come
 * from another workspace (an app installed in two, or another workspace of an Enterprise Grid
 * organization); user ids and user-group ids mean nothing outside their own workspace, so such a
 * request is refused before any listener sees it.
 */

/** What auth.test says the bot token belongs to. */
export interface OwnWorkspace {
  teamId?: string;
  enterpriseId?: string;
  /** An org-wide install: every workspace of the organization is the bot's own. */
  isEnterpriseInstall: boolean;
}

/** auth.test's answer, read; undefined when it names neither a team nor, for an org-wide install, an organization. */
export function ownWorkspaceFrom(authTest: unknown): OwnWorkspace | undefined {
  const parsed = authTestSchema.safeParse(authTest);
  if (!parsed.success) return undefined;
  const { team_id: teamId, enterprise_id: enterpriseId, is_enterprise_install } = parsed.data;
  const own: OwnWorkspace = { isEnterpriseInstall: is_enterprise_install === true };
  if (teamId !== undefined) own.teamId = teamId;
  if (enterpriseId !== undefined) own.enterpriseId = enterpriseId;
  const servesSomething =
    own.teamId !== undefined || (own.isEnterpriseInstall && own.enterpriseId !== undefined);
  return servesSomething ? own : undefined;
}

/** Where a request says it comes from: every team id it names, and its organization. */
export interface RequestOrigin {
  teamIds: readonly string[];
  enterpriseIds: readonly string[];
}

export type GateVerdict =
  | { served: true; origin: RequestOrigin }
  | { served: false; origin: RequestOrigin; reason: string };

export class WorkspaceGate {
  readonly #extra: readonly string[];
  #teams: ReadonlySet<string> | undefined;
  #enterprises: ReadonlySet<string> = new Set();
  #own = 'no workspace yet';

  /** `extra`: bindings.slack.teams, team ids (T…) and organization ids (E…) served besides the bot's own. */
  constructor(extra: readonly string[]) {
    this.#extra = extra;
  }

  /** Until this is called (at start, from auth.test) nothing is served. */
  pin(own: OwnWorkspace): void {
    const teams = new Set(this.#extra.filter((id) => id.startsWith('T')));
    const enterprises = new Set(this.#extra.filter((id) => id.startsWith('E')));
    if (own.teamId !== undefined) teams.add(own.teamId);
    if (own.isEnterpriseInstall && own.enterpriseId !== undefined) enterprises.add(own.enterpriseId);
    this.#teams = teams;
    this.#enterprises = enterprises;
    this.#own = describeOwn(own);
  }

  /** What the log says at start: whose requests are answered. */
  describe(): string {
    const extra = this.#extra.length === 0 ? '' : `, and ${this.#extra.join(', ')} (bindings.slack.teams)`;
    return `${this.#own}${extra}`;
  }

  check(body: unknown): GateVerdict {
    const origin = originOf(body);
    if (origin === undefined)
      return {
        served: false,
        origin: NOWHERE,
        reason: 'the request does not say which workspace it is from',
      };
    const teams = this.#teams;
    if (teams === undefined)
      return { served: false, origin, reason: 'the bot has not learnt its own workspace yet' };
    // The organization vouches for its workspaces only when every organization named is served.
    const byOrganization =
      origin.enterpriseIds.length > 0 && origin.enterpriseIds.every((id) => this.#enterprises.has(id));
    const strangers = origin.teamIds.filter((id) => !teams.has(id) && !byOrganization);
    if (strangers.length > 0 || (origin.teamIds.length === 0 && !byOrganization))
      return {
        served: false,
        origin,
        reason: `${describeOrigin(origin)} is neither the bot's own workspace nor in bindings.slack.teams`,
      };
    return { served: true, origin };
  }
}

const NOWHERE: RequestOrigin = { teamIds: [], enterpriseIds: [] };

function originOf(body: unknown): RequestOrigin | undefined {
  const parsed = requestOriginSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { team_id, enterprise_id, team, user, enterprise, authorizations } = parsed.data;
  const teamIds = distinct([
    team_id,
    team?.id,
    user?.team_id,
    ...(authorizations ?? []).map((authorization) => authorization.team_id),
  ]);
  const enterpriseIds = distinct([
    enterprise_id,
    enterprise?.id,
    ...(authorizations ?? []).map((authorization) => authorization.enterprise_id),
  ]);
  return teamIds.length === 0 && enterpriseIds.length === 0 ? undefined : { teamIds, enterpriseIds };
}

function distinct(ids: readonly (string | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

export function describeOrigin(origin: RequestOrigin): string {
  const teams = origin.teamIds.length === 0 ? 'no team' : `team ${origin.teamIds.join(' and ')}`;
  return origin.enterpriseIds.length === 0
    ? teams
    : `${teams} of organization ${origin.enterpriseIds.join(' and ')}`;
}

function describeOwn(own: OwnWorkspace): string {
  if (own.isEnterpriseInstall && own.enterpriseId !== undefined)
    return `organization ${own.enterpriseId} (an org-wide install)`;
  return own.enterpriseId === undefined
    ? `team ${own.teamId ?? '?'}`
    : `team ${own.teamId ?? '?'} of organization ${own.enterpriseId}`;
}
