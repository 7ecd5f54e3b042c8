// Trunk post-build hook. Runs in the staging directory of every build:
// 1. adds the Content Security Policy: a <meta> in index.html and a _headers file;
// 2. stamps sw.js with the exact list of this build's files and a hash of their contents, so
//    the service worker precaches what was built and the browser sees a new worker per build;
// 3. prints the gzip and brotli size of the shipped wasm + js.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set; run this through trunk');
  process.exit(1);
}

function filesUnder(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// The Content Security Policy (docs/security.md). Scripts run only from this origin, plus
// trunk's inline loader by the hash of this build's exact text; wasm may be compiled; no
// plugins, no <base> rewriting, images also from blob: (photos) and data: URLs.
const indexPath = join(staging, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const inlineScripts = [...html.matchAll(/<script\b[^>]*>([^]*?)<\/script>/g)].map((match) => match[1]);
if (inlineScripts.length !== 1) {
  console.error(`post-build: expected trunk's one inline loader, found ${inlineScripts.length} inline scripts`);
  process.exit(1);
}
const loaderHash = createHash('sha256').update(inlineScripts[0], 'utf8').digest('base64');
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' 'sha256-${loaderHash}'`,
  "object-src 'none'",
  "base-uri 'none'",
  "img-src 'self' blob: data:",
  // Live sync (issue #18) talks to the office's CouchDB server, which an administrator names
  // at run time: any HTTPS server, or one on this machine (the app refuses plain HTTP to
  // anywhere else before it sends a password).
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
];
const charset = /<meta charset=["']?utf-8["']?\s*\/?>/i;
if (!charset.test(html)) {
  console.error('post-build: index.html has no <meta charset=utf-8> to put the policy after');
  process.exit(1);
}
writeFileSync(
  indexPath,
  html.replace(charset, (meta) => `${meta}<meta http-equiv="Content-Security-Policy" content="${policy.join('; ')}">`),
);
// Hosts that read a _headers file (Netlify, Cloudflare Pages; scripts/static-server.mjs too)
// also send the policy as a header, where frame-ancestors works (a <meta> policy cannot set it).
writeFileSync(
  join(staging, '_headers'),
  [
    '/*',
    `  Content-Security-Policy: ${[...policy, "frame-ancestors 'none'"].join('; ')}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: no-referrer',
    '/*.wasm',
    '  Content-Type: application/wasm',
    '',
  ].join('\n'),
);
console.log(`post-build: Content-Security-Policy allows the inline loader sha256-${loaderHash}`);

const WORKER = 'sw.js';
const files = filesUnder(staging)
  .map((path) => relative(staging, path).split(sep).join('/'))
  .filter((path) => path !== WORKER && path !== '_headers')
  .sort();

const buildHash = createHash('sha256');
for (const path of files) {
  buildHash.update(path).update('\0').update(readFileSync(join(staging, path))).update('\0');
}
const buildId = buildHash.digest('hex').slice(0, 16);

const workerPath = join(staging, WORKER);
const worker = readFileSync(workerPath, 'utf8');
if (!worker.includes('/*__PRECACHE__*/ []') || !worker.includes('__BUILD_ID__')) {
  console.error('post-build: sw.js lacks its placeholders; was it stamped twice?');
  process.exit(1);
}
writeFileSync(
  workerPath,
  worker.replace('/*__PRECACHE__*/ []', JSON.stringify(files)).replace('__BUILD_ID__', buildId),
);
console.log(`post-build: service worker ${buildId} precaches ${files.length} files`);

const shipped = files.filter((path) => /\.(wasm|js)$/.test(path));
let raw = 0;
let gzip = 0;
let brotli = 0;
for (const path of shipped) {
  const bytes = readFileSync(join(staging, path));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
  brotli += brotliCompressSync(bytes, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `post-build: shipped wasm+js (${process.env.TRUNK_PROFILE ?? 'unknown'} profile): ` +
    `${kb(raw)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli`,
);
