import { type AppProcess, startAppProcess } from './app-process.ts';

/** The app processes a test file starts, with no console; stopAll() ends every one still running. */
export interface AppProcesses {
  /** Starts the app in `cwd` with `env` (startAppProcess), its standard input closed. */
  start(cwd: string, env: Record<string, string>): AppProcess;
  /** Kills (SIGKILL) every one still running, and waits until all have exited. */
  stopAll(): Promise<void>;
}

export function appProcesses(): AppProcesses {
  const started: AppProcess[] = [];
  return {
    start(cwd, env) {
      const app = startAppProcess(cwd, env);
      app.child.stdin.end();
      started.push(app);
      return app;
    },
    async stopAll() {
      for (const app of started)
        if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      await Promise.all(started.map((app) => app.exited));
    },
  };
}
