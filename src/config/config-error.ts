/**
 * A configuration the process must not start with. `problems` holds one line per problem, each
 * naming its source (the file, or `environment`), the key and what is wrong; the message is
 * those lines, ready to print before exiting.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}
