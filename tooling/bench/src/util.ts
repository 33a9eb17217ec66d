import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from './env.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

export const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

export interface Spawned {
  proc: ChildProcess;
  output: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export function spawnLogged(cmd: string, args: string[], env: Record<string, string>): Spawned {
  // Its own process group, so stop() reaches the server under npm → sh → tsx → node.
  const proc = spawn(cmd, args, {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const listeners: Array<() => void> = [];
  const onData = (d: Buffer) => {
    output.push(...d.toString('utf8').split('\n'));
    for (const l of [...listeners]) l();
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  return {
    proc,
    output,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = output.find((l) => pattern.test(l));
          if (hit) {
            listeners.splice(listeners.indexOf(check), 1);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`timeout waiting for ${pattern}\n${output.join('\n')}`)),
          timeoutMs,
        );
        listeners.push(check);
        check();
        void exited.then(() => reject(new Error(`exited before ${pattern}\n${output.join('\n')}`)));
      });
    },
    async stop() {
      process.kill(-(proc.pid as number), 'SIGTERM');
      await exited;
      // npm may exit before its children: wait until the whole group is gone.
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(-(proc.pid as number), 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Runs `worker` on `concurrency` loops for `durationMs`; returns sorted latencies (ms) and the rate. */
export interface Load {
  latencies: number[];
  perSecond: number;
  errors: number;
  seconds: number;
}

/** Several load rounds as one: all latencies, and requests over the summed time. */
export function mergeLoads(loads: readonly Load[]): Load {
  const latencies = loads.flatMap((l) => l.latencies).sort((a, b) => a - b);
  const seconds = loads.reduce((s, l) => s + l.seconds, 0);
  return {
    latencies,
    seconds,
    perSecond: latencies.length / seconds,
    errors: loads.reduce((s, l) => s + l.errors, 0),
  };
}

export async function loadTest(
  concurrency: number,
  durationMs: number,
  worker: () => Promise<void>,
): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await worker();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, perSecond: latencies.length / elapsed, errors, seconds: elapsed };
}

/** All descendant process ids of `pid` (npm → sh → tsx → node…). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let children: number[] = [];
    try {
      children = execSync(`pgrep -P ${p}`).toString().trim().split('\n').filter(Boolean).map(Number);
    } catch {
      children = [];
    }
    for (const c of children) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** RSS of the largest process in a process tree (the Node server under npm and tsx). */
export function treeRss(pid: number): number {
  return Math.max(
    0,
    ...[pid, ...descendants(pid)].map((p) => {
      try {
        return rssOf(p);
      } catch {
        return 0;
      }
    }),
  );
}
