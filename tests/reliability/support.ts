// Shared helpers of the reliability tests: valid partner files from the demo generator, process memory
// from /proc, and a scan of files for a sentinel string.
import { spawn } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Offer } from '@spie/core';
import { generateDemo, offersToCsvText } from '../../scripts/generate-demo.ts';

let demo: Map<string, Offer[]> | undefined;

/** A demo partner's offers (valid for the loader), with `tag` appended to every name. */
export function demoOffers(partner: string, tag = ''): Offer[] {
  demo ??= generateDemo().offers;
  const offers = demo.get(partner);
  if (!offers) throw new Error(`no demo partner ${partner}`);
  return offers.map((o) => ({ ...o, nom: tag ? `${o.nom} ${tag}` : o.nom }));
}

export const demoPartners = (): string[] => {
  demo ??= generateDemo().offers;
  return [...demo.keys()];
};

export const csvOf = (offers: readonly Offer[]): Buffer => Buffer.from(offersToCsvText(offers), 'utf8');

/** Resident and peak resident memory of a process, in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Files under `dir` (recursively) modified at or after `sinceMs` whose bytes contain `needle`. */
export function filesContaining(
  dir: string,
  needle: string,
  sinceMs = 0,
  maxBytes = 64 * 1024 * 1024,
): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return; // unreadable or vanished meanwhile (other tests' temp dirs)
    }
    for (const name of names) {
      const path = join(d, name);
      let info: ReturnType<typeof lstatSync>;
      try {
        info = lstatSync(path); // symlinks are not followed (node_modules)
      } catch {
        continue;
      }
      if (info.isDirectory()) walk(path);
      else if (info.isFile() && info.mtimeMs >= sinceMs && info.size <= maxBytes) {
        try {
          if (readFileSync(path).includes(needle)) found.push(path);
        } catch {
          // vanished
        }
      }
    }
  };
  walk(dir);
  return found;
}

/** Runs a command without blocking the test worker (vitest's RPC times out under spawnSync). */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
