/** The stats module's units and defaults, free of the database and canvas modules (the config imports them). */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** How long history is kept: `stats.retention`'s default. */
export const DEFAULT_RETENTION_MS = 30 * DAY_MS;
/** How long minute samples are kept before they are folded into hours. */
export const DEFAULT_RAW_FOR_MS = 48 * HOUR_MS;
