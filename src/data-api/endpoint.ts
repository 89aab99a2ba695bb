/** Where the Data API lives and how its endpoints are named in requests and in messages. */

export interface DataApiBase {
  /** Ends with `/`, carries no credentials. */
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * fetch refuses URLs that carry `user:password@`, so such credentials travel as a Basic
 * Authorization header instead (for a Data API behind an authenticating proxy).
 */
export function parseDataApiBase(baseUrl: string): DataApiBase {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = {};
  if (url.username !== '' || url.password !== '') {
    const credentials = `${decodeUserInfo(url.username)}:${decodeUserInfo(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  url.hash = '';
  // Without the trailing slash, `new URL('rooms.xml', base)` would replace the base's last segment.
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return { url, headers };
}

// The URL keeps user info percent-encoded; a stray `%` that is not an escape stays as written.
function decodeUserInfo(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

export function endpointUrl(base: URL, fileName: string, params: Readonly<Record<string, string>>): URL {
  const url = new URL(fileName, base);
  url.search = base.search;
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

/** host:port/path, never credentials or the query string. The port is always shown: a wrong one is a common mistake. */
export function describeEndpoint(url: URL): string {
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
  return `${url.hostname}:${port}${url.pathname}`;
}
