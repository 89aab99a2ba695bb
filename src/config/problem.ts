/**
 * One thing wrong with the configuration, and how it is written: `<source>: <key path>: <problem>`,
 * e.g. `chatops.yml: roles.moderator.allow[1]: unknown operation "brodcast"`.
 */

export interface ConfigProblem {
  /** Keys and list indexes from the top of the file (or the variable's name); empty for the whole source. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** A value, or everything wrong with it. */
export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: ConfigProblem[] };

export function problemLine(source: string, problem: ConfigProblem): string {
  const where = formatPath(problem.path);
  return where === '' ? `${source}: ${problem.message}` : `${source}: ${where}: ${problem.message}`;
}

/** Keys that read unambiguously after a dot; anything else (spaces, dots) is quoted in brackets. */
const PLAIN_KEY = /^[A-Za-z0-9_@$-]+$/;

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((step, index) => {
      if (typeof step === 'number') return `[${step}]`;
      const key = String(step);
      if (!PLAIN_KEY.test(key)) return `[${JSON.stringify(key)}]`;
      return index === 0 ? key : `.${key}`;
    })
    .join('');
}
