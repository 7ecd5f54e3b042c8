// validate_doc_update of the office database's design document `_design/estate-desk-guard`
// (issue #18). CouchDB runs it on every write, replication included. It keeps the event log
// append-only on the server too: an event or photo, once stored, is never changed or deleted,
// and only the office's members (the `_security` members) may write at all. The app does not
// trust the server regardless: every pulled document is checked like a bundle.
// Written in ES5, which every CouchDB query server runs.
function (newDoc, oldDoc, userCtx, secObj) {
  var roles = userCtx.roles || [];
  var members = (secObj && secObj.members) || {};
  var memberNames = members.names || [];
  var memberRoles = members.roles || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  var isMember = memberNames.indexOf(userCtx.name) !== -1;
  for (var i = 0; i < roles.length; i++) {
    if (memberRoles.indexOf(roles[i]) !== -1) isMember = true;
  }
  // CouchDB passes the database's `_security` object; servers that pass none (PouchDB's
  // express-pouchdb) have already refused non-members at the door, before this runs.
  var listed = memberNames.length + memberRoles.length > 0;
  if (!isAdmin && (!userCtx.name || (listed && !isMember))) {
    throw { unauthorized: 'only members of this office may write to its database' };
  }
  if (newDoc._deleted) {
    throw { forbidden: 'estate desk records are never deleted' };
  }
  if (oldDoc && !oldDoc._deleted) {
    throw { forbidden: 'estate desk records are immutable: ' + newDoc._id + ' is already stored' };
  }
  if (newDoc.type !== 'estate-desk-event' && newDoc.type !== 'estate-desk-photo') {
    throw { forbidden: 'only estate desk events and photos belong in this database' };
  }
}
