import { spawnSync } from 'node:child_process';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: promtool and amtool print findings to either. */
  output: string;
}

/** Runs a CLI (promtool, amtool) to completion; a missing binary fails with one clear line. */
export function runTool(command: string, args: string[], cwd?: string): ToolResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) {
    throw new Error(
      `${command} could not run (${result.error.message}); npm test installs it from Debian`,
    );
  }
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: `${result.stdout}${result.stderr}`,
  };
}
