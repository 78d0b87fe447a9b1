#!/usr/bin/env node
// s3rver 3.7.1 made faithful enough to test an S3 client against (started by scripts/s3rver.sh):
//
//   node scripts/s3rver/server.js S3RVER_PACKAGE_DIR DATA_DIR PORT
//
// s3rver alone checks only the access key id of a V4-signed request and lets unsigned requests
// through, and its listing is wrong for nested folders and truncated pages. This adds the
// Signature V4 check (sigv4.js) and replaces the listing (list_objects.js). Listens on
// 127.0.0.1 only.
'use strict';

const path = require('path');

const [packageDir, dataDir, port] = process.argv.slice(2);
if (!packageDir || !dataDir || !/^[0-9]+$/.test(port || '')) {
  console.error('usage: server.js S3RVER_PACKAGE_DIR DATA_DIR PORT');
  process.exit(2);
}
const S3rver = require(packageDir);
const S3Error = require(path.join(packageDir, 'lib/models/error'));
const bucketController = require(path.join(packageDir, 'lib/controllers/bucket'));

require('./list_objects')(bucketController, S3Error);
const server = new S3rver({directory: dataDir, address: '127.0.0.1', port: Number(port), silent: true});
// First in line: before s3rver's routes read a body or answer anything.
server.middleware.unshift(require('./sigv4')(S3Error));
server.run().then(
    ({address, port}) => console.log('S3rver listening on %s:%d (SigV4 checked)', address, port),
    err => {
      console.error(err);
      process.exit(1);
    });
