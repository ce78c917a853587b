// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went. Frames in Next.js's
// bundled server chunks are mapped back through the chunks' source maps, so time lands on the
// package or app file that wrote the code, not on a chunk name.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FlattenMap, originalPositionFor, type TraceMap } from '@jridgewell/trace-mapping';
import { table } from './stats';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const maps = new Map<string, TraceMap | null>();
function mapFor(url: string): TraceMap | null {
  if (!maps.has(url)) {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    maps.set(url, existsSync(`${file}.map`) ? FlattenMap(readFileSync(`${file}.map`, 'utf8')) : null);
  }
  return maps.get(url) ?? null;
}

const packageIn = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];

/**
 * Who wrote the code of a frame: a package (for a file loaded from node_modules, or for code of
 * it that Next.js bundled into a chunk, found through the chunk's source map), an app file, a
 * Node.js built-in, or the runtime itself ('(garbage collector)', '(program)', native code).
 */
function bucketOf(frame: CallFrame): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return `node:${frame.url.slice(5).split('/')[0]}`;
  const loadedFrom = packageIn(frame.url);
  if (loadedFrom) return loadedFrom;
  const map = mapFor(frame.url);
  const source = map ? originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber }).source : null;
  if (!source) return `chunk ${frame.url.split('/').pop()}`;
  const bundled = packageIn(source);
  // drizzle-orm's own maps name its files `src/...`, so its package name is lost on the way.
  if (bundled === 'src') return /src\/(pg-core|sql|entity|utils|relations|query-builders|tracing|column|table|subquery|alias|selection-proxy|casing|pglite|postgres-js)/.test(source) ? 'drizzle-orm' : `a package's ${source.slice(source.indexOf('src/'))}`;
  if (bundled) return bundled;
  if (source.includes('[turbopack]')) return 'turbopack runtime';
  const appFile = /^(?:\.\.\/)*((?:app|lib|db|components)\/.+|proxy\.ts)$/.exec(source.replace(/^.*\[project\]\//, ''))?.[1];
  return appFile ? `app: ${appFile}` : source;
}

/** `lastMs`: only the samples of the profile's last milliseconds (a measured window, without the server's start-up). */
export function summarizeProfile(file: string, top = 14, lastMs = Number.POSITIVE_INFINITY): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalUs = profile.timeDeltas.reduce((sum, dt) => sum + dt, 0);
  let atUs = 0;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const bucket = new Map<number, string>();
  const bucketFor = (id: number): string => {
    let b = bucket.get(id);
    if (b === undefined) {
      const frame = byId.get(id)?.callFrame;
      b = frame ? bucketOf(frame) : '(unknown)';
      bucket.set(id, b);
    }
    return b;
  };

  // Self time: where the CPU was. Inclusive time: what it was doing it for (each bucket once per sample).
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    atUs += dt;
    if (totalUs - atUs > lastMs * 1000) return;
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    busy += dt;
    self.set(bucketFor(id), (self.get(bucketFor(id)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const b = bucketFor(cur);
      if (seen.has(b)) continue;
      seen.add(b);
      inclusive.set(b, (inclusive.get(b) ?? 0) + dt);
    }
  });
  const rows = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => k !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, t]) => [k.length > 70 ? `…${k.slice(-69)}` : k, `${(t / 1000).toFixed(0)} ms`, `${((100 * t) / busy).toFixed(1)}%`]);
  return [
    `  CPU profile of next start: ${(busy / 1e6).toFixed(2)} s busy (${file})`,
    '  self time (where the CPU was):',
    table(['package, app file or runtime', 'self', 'share'], rows(self)).replace(/^/gm, '    '),
    '  inclusive time (on the stack: what the work was for):',
    table(['package, app file or runtime', 'incl.', 'share'], rows(inclusive)).replace(/^/gm, '    '),
  ].join('\n');
}
