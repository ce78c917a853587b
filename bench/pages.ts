// `npm run bench:pages [-- --db=pglite|postgres|both --seconds=10 --connections=10]`
//
// Page weight and time to first byte. First-load JS per route is what a browser downloads on a
// first visit: every <script src> in the HTML that `next start` serves (signed in as a Premium
// subscriber for the dashboard pages), fetched and gzipped (level 9, as gzip-size counts). Then
// time to first byte of /pricing and /billing under load: autocannon keeps a page busy while a
// separate client measures, request by request, how long the response headers take.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { createStack, forEachDatabase, header, numberArg, type DbKind } from './lib/stack';
import { ms, summarize, table } from './lib/stats';
import { createSubscriber, signIn } from './lib/users';

const ROUTES = ['/', '/pricing', '/sign-in', '/sign-up', '/dashboard', '/billing', '/premium', '/basic'];
const TARGETS_KB: Record<string, number> = { '/pricing': 110, '/premium': 110, '/billing': 150 };
const seconds = numberArg('seconds', 10);
const connections = numberArg('connections', 10);

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function firstLoadJs(appUrl: string, route: string, cookie: string): Promise<{ files: number; raw: number; gzip: number; inlineGzip: number }> {
  const response = await fetch(`${appUrl}${route}`, { headers: { cookie }, redirect: 'manual' });
  if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
  const html = await response.text();
  // `nomodule` scripts (Next.js's legacy polyfills) are skipped by every browser that runs modules.
  const tags = [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)].filter((m) => !/nomodule/i.test(`${m[1]}${m[3]}`));
  const sources = [...new Set(tags.map((m) => m[2] ?? ''))].filter(Boolean);
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src.replace(/&amp;/g, '&'), appUrl))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  // The RSC payload Next.js inlines for hydration: not JS files, but bytes every first visit parses.
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '').join('');
  return { files: sources.length, raw, gzip, inlineGzip: gzipSync(Buffer.from(inline), { level: 9 }).length };
}

/** Time until the response headers arrive (Next.js sends them with the first bytes of the stream). */
function timeToFirstByte(url: URL, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { headers: { cookie }, agent: false }, (res) => {
      const ttfb = performance.now() - started;
      if (res.statusCode !== 200) reject(new Error(`${url.pathname} answered ${res.statusCode}`));
      res.resume();
      res.on('end', () => resolve(ttfb));
    });
    req.on('error', reject);
    req.end();
  });
}

async function ttfbUnderLoad(appUrl: string, route: string, cookie: string): Promise<{ samples: number[]; loadReqPerSec: number; non2xx: number }> {
  const load = autocannon({ url: `${appUrl}${route}`, connections, duration: seconds, headers: { cookie } });
  const samples: number[] = [];
  const until = performance.now() + (seconds - 0.5) * 1000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  while (performance.now() < until) {
    samples.push(await timeToFirstByte(new URL(route, appUrl), cookie));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = await load;
  return { samples, loadReqPerSec: result['2xx'] / result.duration, non2xx: result.non2xx };
}

async function benchDatabase(db: DbKind, withWeights: boolean): Promise<string> {
  const stack = await createStack(db);
  try {
    const email = `pages-${db}@bench.example`;
    await createSubscriber(stack.emulator, email, 'premium');
    await stack.startApp();
    const cookie = await signIn(stack.appUrl, email);
    const out: string[] = [];

    if (withWeights) {
      const rows: string[][] = [];
      for (const route of ROUTES) {
        // Signed out for the public pages (sign-in/up redirect signed-in users away).
        const isPublic = ['/', '/pricing', '/sign-in', '/sign-up'].includes(route);
        const w = await firstLoadJs(stack.appUrl, route, isPublic ? '' : cookie);
        const target = TARGETS_KB[route];
        rows.push([route, String(w.files), kB(w.raw), kB(w.gzip), target ? `≤ ${target} kB ${w.gzip <= target * 1000 ? 'met' : 'MISSED'}` : '', kB(w.inlineGzip)]);
      }
      out.push('first-load JS (gzip -9), from the HTML that next start serves:', table(['route', 'files', 'raw', 'gzip', 'target', 'inline RSC (gzip)'], rows), '');
    }

    // Warm-up, then each page under its own load.
    for (const route of ['/pricing', '/billing']) await ttfbUnderLoad(stack.appUrl, route, cookie);
    const rows: string[][] = [];
    for (const route of ['/pricing', '/billing']) {
      const r = await ttfbUnderLoad(stack.appUrl, route, cookie);
      if (r.non2xx > 0) throw new Error(`${route}: ${r.non2xx} non-200 answers under load`);
      const s = summarize(r.samples);
      rows.push([route, r.loadReqPerSec.toFixed(1), String(s.count), ms(s.p50), ms(s.p90), ms(s.p99)]);
    }
    out.push(`${db}: time to first byte under load (${connections} autocannon connections on the same page, ${seconds} s):`, table(['route', 'load req/s', 'probes', 'TTFB p50', 'p90', 'p99'], rows), '');
    return out.join('\n');
  } finally {
    await stack.stop();
  }
}

header('bench:pages');
// Page weight does not depend on the database: measured with the first one only.
await forEachDatabase(async (db, first) => console.log(await benchDatabase(db, first)));
process.exit(process.exitCode ?? 0);
