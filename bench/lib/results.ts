/**
 * bench/RESULTS.md is written by several benchmark scripts: each owns one section between markers
 * (`<!-- section:NAME -->` … `<!-- /section:NAME -->`) and replaces only that one, so a script can be run
 * alone without losing the others' latest figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS = join(ROOT, 'bench', 'RESULTS.md');

const HEADER = `# Benchmark results

Written by the scripts under \`bench/\` (\`npm run bench\` runs them all; each can be run alone and replaces only its
own section). Every figure is a median over repeated runs, and where a target is a ratio it is measured against a
baseline in the same run, because these machines are noisy.
`;

export function writeSection(name: string, markdown: string): void {
	const start = `<!-- section:${name} -->`;
	const end = `<!-- /section:${name} -->`;
	let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : HEADER;
	const block = `${start}\n${markdown.trim()}\n\n_${machine()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC_\n${end}`;
	const i = text.indexOf(start);
	const j = text.indexOf(end);
	text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
	writeFileSync(RESULTS, text);
}

export function machine(): string {
	const c = cpus();
	return `${c.length} × ${c[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
}

export function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..1). */
export function percentile(xs: number[], p: number): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

export function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0) return undefined;
	const v = process.argv[i + 1];
	return v && !v.startsWith('--') ? v : '';
}
