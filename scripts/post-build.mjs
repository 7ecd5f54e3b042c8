// Trunk post-build hook. Runs in the staging directory of every build:
// 1. stamps sw.js with the exact list of this build's files and a hash of their contents, so
//    the service worker precaches what was built and the browser sees a new worker per build;
// 2. prints the gzip and brotli size of the shipped wasm + js.
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

const WORKER = 'sw.js';
const files = filesUnder(staging)
  .map((path) => relative(staging, path).split(sep).join('/'))
  .filter((path) => path !== WORKER)
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
