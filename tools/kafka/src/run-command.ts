import { spawn } from 'node:child_process';

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; rejects with its output when it fails or cannot start. */
export function runCommand(command: string, args: string[], hint = ''): Promise<CommandOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing =
        error.code === 'ENOENT' ? `${command} is not on PATH. ${hint}` : error.message;
      reject(new Error(missing.trim()));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolvePromise({ stdout, stderr });
      const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(
        new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`),
      );
    });
  });
}
