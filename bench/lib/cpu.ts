/**
 * CPU time spent by the app process and by PostgreSQL while a load runs, from /proc (utime + stime in clock
 * ticks, 100 per second on Linux): "CPU per page" = the difference divided by the requests answered. PostgreSQL's
 * figure is every `postgres` process on the machine (backends, walwriter, checkpointer…): while a load runs the
 * app's pool connections are nearly all of it, and the bench's own connections are idle.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

function ticksOf(pid: number | string): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command (which may hold spaces) start after the last ')'.
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(f[11]) + Number(f[12]);
	} catch {
		return 0; // the process has gone
	}
}

function postgresPids(): number[] {
	const pids: number[] = [];
	for (const d of readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(d));
		} catch {
			/* gone */
		}
	}
	return pids;
}

export interface CpuSample {
	app: number;
	pg: Map<number, number>;
}

export function sampleCpu(appPid: number): CpuSample {
	return { app: ticksOf(appPid), pg: new Map(postgresPids().map((p) => [p, ticksOf(p)])) };
}

/** CPU ms spent between two samples: the app process, and PostgreSQL's processes (new ones counted from 0). */
export function cpuBetween(a: CpuSample, b: CpuSample): { appMs: number; pgMs: number } {
	let pg = 0;
	for (const [pid, t] of b.pg) pg += t - (a.pg.get(pid) ?? 0);
	return { appMs: (b.app - a.app) * TICK_MS, pgMs: pg * TICK_MS };
}
