// A server that speaks the CouchDB HTTP API, for the live-sync tests (issue #18): PouchDB in
// memory behind express-pouchdb in full CouchDB mode, with the CORS a page on another origin
// needs. Nothing is written to disk; a restart starts from an empty server, as after a wipe.
//
//   node tests/couchdb/server.mjs --port 5984 [--admin admin:secret]
//
// With --admin, the server leaves "admin party" at once: scripts/couchdb-setup then creates the
// office database, its members and the guard, as it would on a real CouchDB.
import { createRequire } from 'node:module';
import express from 'express';

const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'))
  .plugin(require('pouchdb-mapreduce'));

const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const port = Number(argument('port', 5984));
const admin = argument('admin', null);

const MemPouch = PouchDB.defaults({ adapter: 'memory' });
const app = express();

// The app runs on another origin (another port of 127.0.0.1): let it call, with its
// Authorization header, and read the answers.
app.use((request, response, next) => {
  const origin = request.headers.origin;
  if (origin) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    response.setHeader('Vary', 'Origin');
    response.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD, OPTIONS');
    response.setHeader(
      'Access-Control-Allow-Headers',
      'Authorization, Content-Type, Accept, If-Match, Destination',
    );
    response.setHeader('Access-Control-Expose-Headers', 'ETag, X-Couch-Request-ID');
  }
  if (request.method === 'OPTIONS') {
    response.status(204).end();
    return;
  }
  next();
});

// express-pouchdb 4.2 crashes on an anonymous database creation once an admin exists
// (`db.info is not a function`): answer it as CouchDB would.
app.put(/^\/[a-z][a-z0-9_$()+/-]*$/, (request, response, next) => {
  if (admin && !request.headers.authorization && !request.headers.cookie) {
    response.status(401).json({ error: 'unauthorized', reason: 'You are not a server admin.' });
    return;
  }
  next();
});

app.use('/', require('express-pouchdb')(MemPouch, { mode: 'fullCouchDB', inMemoryConfig: true, logPath: '/dev/null' }));

const server = app.listen(port, '127.0.0.1', async () => {
  if (admin) {
    const [name, password] = admin.split(':');
    const answer = await fetch(`http://127.0.0.1:${port}/_config/admins/${name}`, {
      method: 'PUT',
      body: JSON.stringify(password),
    });
    if (!answer.ok) throw new Error(`could not create the admin: ${answer.status}`);
  }
  console.log(`couchdb-test-server listening on http://127.0.0.1:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
