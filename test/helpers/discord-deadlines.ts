/**
 * Discord's two interaction deadlines (discord-api-docs, developers/interactions/
 * receiving-and-responding.mdx, "Responding to an Interaction"): "Interaction tokens are valid for
 * 15 minutes and can be used to send followup messages but you must send an initial response
 * within 3 seconds of receiving the event. If the 3 second deadline is exceeded, the token will be
 * invalidated." What Discord answers past them:
 * - a late first response: 404 `{ message: 'Unknown interaction', code: 10062 }` (JSON error code
 *   10062 "Unknown interaction", developers/topics/opcodes-and-status-codes.mdx);
 * - a token past its 15 minutes: 401 `{ message: 'Invalid Webhook Token', code: 50027 }` on every
 *   webhook request made with it (discord/discord-api-docs#6851: "After the 15 mins window, any
 *   API request made to it returns 401: Unauthorized"; the body as discord.js reports it in
 *   discordjs/discord.js#10798; code 50027 "Invalid webhook token provided" in the docs' table).
 */

export const FIRST_RESPONSE_DEADLINE_MS = 3_000;
export const INTERACTION_TOKEN_LIFE_MS = 15 * 60_000;

export const UNKNOWN_INTERACTION = { message: 'Unknown interaction', code: 10062 } as const;
export const ALREADY_ACKNOWLEDGED = {
  message: 'Interaction has already been acknowledged.',
  code: 40060,
} as const;
export const INVALID_WEBHOOK_TOKEN = { message: 'Invalid Webhook Token', code: 50027 } as const;

export interface FirstResponse {
  /** Dispatch to the first callback's arrival, ms, on the stand-in's clock. */
  delayMs: number;
  /** Past the 3 s deadline: refused with 10062. */
  late: boolean;
}

export interface FirstResponseReport {
  interactions: number;
  /** Interactions whose first response came (in time or late). */
  responded: number;
  late: number;
  /** Interactions no first response came for. */
  missing: number;
  slowestMs: number;
}

export function firstResponseReport(
  responses: ReadonlyArray<FirstResponse | undefined>,
): FirstResponseReport {
  const came = responses.filter((response): response is FirstResponse => response !== undefined);
  return {
    interactions: responses.length,
    responded: came.length,
    late: came.filter((response) => response.late).length,
    missing: responses.length - came.length,
    slowestMs: Math.max(0, ...came.map((response) => response.delayMs)),
  };
}

/** `Discord first responses: 500, late (>3 s): 0, none: 0, slowest 812 ms`, for a run's output. */
export function firstResponseLine(report: FirstResponseReport, label = 'Discord first responses'): string {
  return `${label}: ${report.responded}, late (>3 s): ${report.late}, none: ${report.missing}, slowest ${Math.round(report.slowestMs)} ms`;
}
