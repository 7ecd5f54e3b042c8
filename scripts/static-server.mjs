// A small static server for dist/, used by scripts/serve and the end-to-end tests.
// It mounts the app under a sub-path (as a shared static host would), serves .wasm as
// application/wasm, sends the headers of the build's _headers file, and answers unknown paths
// under the mount with the app shell.
//
//   node scripts/static-server.mjs --dir dist --port 8080 --base /estate-desk/
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    base: { type: 'string', default: '/' },
  },
});

const root = resolve(options.dir);
const base = ('/' + options.base + '/').replace(/\/+/g, '/');
if (!existsSync(join(root, 'index.html'))) {
  console.error(`static-server: ${root}/index.html does not exist; build first`);
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// The _headers file the build writes (Netlify / Cloudflare Pages format): a path pattern on
// its own line, then indented "Name: value" lines. Patterns are relative to the mount.
function readHeaderRules(file) {
  if (!existsSync(file)) return [];
  const rules = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = new RegExp(`^${line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      rules.push({ pattern, headers: {} });
    } else if (rules.length > 0) {
      const colon = line.indexOf(':');
      rules.at(-1).headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  return rules;
}
const headerRules = readHeaderRules(join(root, '_headers'));

function send(response, status, path) {
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  // Hashed files never change; the shell and the worker must always be revalidated.
  const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(path);
  const headers = {
    'Content-Type': type,
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  const servedAs = '/' + relative(root, path).split(sep).join('/');
  for (const rule of headerRules) {
    if (rule.pattern.test(servedAs)) Object.assign(headers, rule.headers);
  }
  response.writeHead(status, headers);
  createReadStream(path).pipe(response);
}

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://localhost');
  const pathname = decodeURIComponent(url.pathname);
  if (pathname === base.slice(0, -1)) {
    response.writeHead(301, { Location: base });
    return response.end();
  }
  if (!pathname.startsWith(base)) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return response.end(`Not found. Estate Desk is served under ${base}\n`);
  }
  const relativePath = normalize(pathname.slice(base.length));
  const filePath = join(root, relativePath);
  if (!filePath.startsWith(root + sep) && filePath !== root) {
    response.writeHead(400);
    return response.end();
  }
  if (relativePath === '_headers') {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return response.end('Not found\n');
  }
  if (existsSync(filePath) && statSync(filePath).isFile()) {
    return send(response, 200, filePath);
  }
  if (extname(relativePath) === '' || relativePath === '.') {
    // A route of the single-page app, such as /estate-desk/renovations.
    return send(response, 200, join(root, 'index.html'));
  }
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('Not found\n');
});

server.listen(Number(options.port), options.host, () => {
  console.log(`Estate Desk: http://${options.host}:${options.port}${base}`);
});
