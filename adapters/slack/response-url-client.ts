import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RespondArguments } from '@slack/bolt';

/** Posts one answer through a response_url; rejects when it could not be delivered. */
export type Respond = (message: RespondArguments) => Promise<void>;

/**
 * Slack answered a response_url post with an error status. 429 and 5xx may pass; 404 (the URL
 * expired or was used up) and any other 4xx will not.
 */
export class ResponseUrlRefusal extends Error {
  readonly statusCode: number;
  readonly mayPass: boolean;

  constructor(statusCode: number, statusText: string) {
    super(`the response_url answered ${statusCode}${statusText ? ` ${statusText}` : ''}`);
    this.name = 'ResponseUrlRefusal';
    this.statusCode = statusCode;
    this.mayPass = statusCode === 429 || statusCode >= 500;
  }
}

/** The connection reused for a post was closed by the other side: the post can be sent again. */
class StaleConnection extends Error {
  constructor(cause: Error) {
    // The cause's words are part of the message, not attached as a cause: logs would repeat them.
    super(`a kept-alive connection was closed as it was reused (${cause.message})`);
  }
}

export interface ResponseUrlClient {
  /** Posts to one command's or click's response_url (an http or https URL: the payload schemas check it). */
  responder(responseUrl: string): Respond;
  /** Closes the connections kept open for the next answers. */
  close(): void;
}

/**
 * Answers through response_urls over node:http(s) with kept-alive connections, instead of Bolt's
 * `respond` (the global fetch): the same JSON post, at a fraction of the allocation per answer
 * (fetch builds web streams and registers each response for finalization, so its objects outlive
 * a young-generation collection). Each post ends with an answer within `timeoutMs` or fails.
 */
export function createResponseUrlClient(options: { timeoutMs: number }): ResponseUrlClient {
  // An idle kept-alive connection closes after the same time (the agent's socket timeout).
  const agentOptions = { keepAlive: true, timeout: options.timeoutMs };
  const http = { request: httpRequest, agent: new HttpAgent(agentOptions) };
  const https = { request: httpsRequest, agent: new HttpsAgent(agentOptions) };
  const post = async (url: URL, message: RespondArguments): Promise<void> => {
    const body = Buffer.from(JSON.stringify(message));
    try {
      await postOnce(url, body);
    } catch (error) {
      // A kept-alive connection the other side closed as it was reused: the post never got
      // there. Node's documented remedy is to send it again at once, on a new connection.
      if (!(error instanceof StaleConnection)) throw error;
      await postOnce(url, body);
    }
  };
  const postOnce = (url: URL, body: Buffer): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(url, {
        method: 'POST',
        agent: transport.agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
      });
      request.setTimeout(options.timeoutMs, () => {
        request.destroy(new Error(`no answer from the response_url within ${options.timeoutMs} ms`));
      });
      request.once('error', (error: NodeJS.ErrnoException) => {
        reject(request.reusedSocket && error.code === 'ECONNRESET' ? new StaleConnection(error) : error);
      });
      request.once('response', (response: IncomingMessage) => {
        // Read to the end, so that the connection can carry the next answer.
        response.resume();
        response.once('error', reject);
        response.once('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new ResponseUrlRefusal(status, response.statusMessage ?? ''));
        });
      });
      request.end(body);
    });
  return {
    responder(responseUrl) {
      const url = new URL(responseUrl);
      return (message) => post(url, message);
    },
    close() {
      http.agent.destroy();
      https.agent.destroy();
    },
  };
}
