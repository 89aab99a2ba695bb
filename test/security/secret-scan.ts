/**
 * The secret scan: every text a test file produced (log lines, audit lines, replies and messages
 * sent to Slack and Discord, errors) is searched for every secret the process holds, whole and
 * in part: any run of WINDOW consecutive characters of a secret counts, so a token cut short in
 * a message is found too.
 */

export interface Produced {
  /** Where the text came from, for the failure message: "slack log line 12". */
  where: string;
  text: string;
}

const WINDOW = 16;

export interface SecretHit {
  where: string;
  /** Which secret (its index in the list given), never the secret itself. */
  secret: number;
  whole: boolean;
}

export function scanForSecrets(produced: Iterable<Produced>, secrets: readonly string[]): SecretHit[] {
  const needles = secrets.map((secret, index) => {
    const others = secrets.filter((other) => other !== secret);
    const pieces =
      secret.length <= WINDOW
        ? [secret]
        : Array.from({ length: secret.length - WINDOW + 1 }, (_, at) => secret.slice(at, at + WINDOW));
    // A piece two secrets share is reported as the whole secret that holds it, not twice.
    return { index, secret, parts: pieces.filter((piece) => !others.some((other) => other.includes(piece))) };
  });
  const hits: SecretHit[] = [];
  for (const { where, text } of produced)
    for (const needle of needles) {
      if (text.includes(needle.secret)) hits.push({ where, secret: needle.index, whole: true });
      else if (needle.parts.some((part) => text.includes(part)))
        hits.push({ where, secret: needle.index, whole: false });
    }
  return hits;
}

/** Lines or values as Produced entries, each named `what` and its index. */
export function producedFrom(what: string, values: readonly unknown[]): Produced[] {
  return values.map((value, index) => ({
    where: `${what} ${index}`,
    text: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}
