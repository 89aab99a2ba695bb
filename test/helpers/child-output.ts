import type { Readable } from 'node:stream';

/** What a child process has written so far, read as it comes. */
export interface ChildOutput {
  readonly stdout: string;
  readonly stderr: string;
}

export function collectOutput(child: { stdout: Readable; stderr: Readable }): ChildOutput {
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  return output;
}
