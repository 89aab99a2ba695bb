import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth } from '../../src/observability/health.ts';
import {
  type ObservabilityServer,
  startObservabilityServer,
} from '../../src/observability/http-endpoints.ts';
import type { Metrics } from '../../src/observability/metrics.ts';
import { filesStatusSource, groupStatusFolder } from '../../src/status/index.ts';
import { ADMIN_CONFIG, type Stack, startStack } from '../e2e/harness.ts';

let stack: Stack;
let metrics: Metrics;
let server: ObservabilityServer;
const meta = (userId: string) => ({ identity: { platform: 'slack' as const, userId, groupIds: [] } });

beforeAll(async () => {
  stack = await startStack(ADMIN_CONFIG);
  metrics = stack.runtime.metrics;
  server = await startObservabilityServer({
    port: 0,
    metrics,
    health: () =>
      checkHealth({
        server: { host: '127.0.0.1', port: stack.emulator.serverApiPort },
        status: filesStatusSource(groupStatusFolder(join(stack.folder, 'data'), 'default')),
        staleAfterMs: 60_000,
        probeTimeoutMs: 500,
      }),
  });
});
afterAll(async () => {
  await server?.close();
  await stack?.close();
});

const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`);

describe('/metrics and /healthz', () => {
  it('counts commands by operation and outcome, denials, and chat server errors by kind', async () => {
    await stack.runtime.core.handleLine('status', meta('U0ADMIN'));
    await stack.runtime.core.handleLine('broadcast hi', meta('U0VIEW'));
    await stack.runtime.core.handleLine('room edit 4242 max=3', meta('U0ADMIN'));
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(
      'flashchat_commands_total{platform="slack",operation="status",decision="allowed",outcome="ok"} 1',
    );
    expect(text).toContain('flashchat_permission_denials_total{platform="slack",operation="broadcast"} 1');
    expect(text).toContain('flashchat_server_errors_total{kind="refused"} 1');
    expect(text).toMatch(/flashchat_command_duration_seconds_count\{operation="status"\} 1/);
  });

  it('reports the chat server reachable and the data fresh, then the server down', async () => {
    const up = await get('/healthz');
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({
      status: 'ok',
      chatServer: { reachable: true },
      statusFiles: { ageSeconds: expect.any(Number) },
    });
    await stack.emulator.stop();
    const down = (await (await get('/healthz')).json()) as {
      status: string;
      chatServer: { reachable: boolean; reason: string };
    };
    expect(down.status).toBe('degraded');
    expect(down.chatServer).toEqual({ reachable: false, reason: 'ECONNREFUSED' });
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    expect((await get('/nope')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
