// ListObjects (V1) and ListObjectsV2 for s3rver (see server.js), replacing s3rver 3.7.1's
// handler, which (a) drops common prefixes more than one folder deep (`events/` holding only
// `events/year=2025/month=06/a.csv` is not reported under delimiter '/'), (b) fails every
// truncated page on OpenSSL 3 (its continuation tokens use DES), (c) ignores encoding-type=url
// and (d) counts only objects against max-keys. Here, as in S3: keys in UTF-8 byte order, objects
// and common prefixes together fill max-keys (at most 1000), a page may end on a common prefix,
// and the continuation token is opaque.
'use strict';

let S3Error;  // s3rver's error class, set by the exported factory

const kMaxPage = 1000;

function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// encoding-type=url as S3 does it: form encoding (space as '+'), '/' kept.
function urlEncode(text) {
  return encodeURIComponent(text).replace(/%20/g, '+').replace(/%2F/g, '/');
}

function invalidArgument(name, value, message) {
  return new S3Error('InvalidArgument', message, {ArgumentName: name, ArgumentValue: value});
}

function parseMaxKeys(query) {
  if (query['max-keys'] === undefined) return kMaxPage;
  const text = query['max-keys'];
  if (!/^\d+$/.test(text) || Number(text) > 2147483647) {
    throw invalidArgument('max-keys', text, 'Provided max-keys not an integer or within integer range');
  }
  return Math.min(kMaxPage, Number(text));
}

function makeToken(bucket, after) {
  return Buffer.from(JSON.stringify({bucket, after}), 'utf8').toString('base64');
}

function parseToken(bucket, token) {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (parsed.bucket === bucket && typeof parsed.after === 'string') return parsed.after;
  } catch (err) {
    // falls through to the error below
  }
  throw invalidArgument('continuation-token', token, 'The continuation token provided is incorrect');
}

// The entries of one page: objects and common prefixes in key order, after `after`.
function pageOf(objects, {prefix, delimiter, after, maxKeys}) {
  const entries = [];
  let lastPrefix = null;
  for (const object of objects) {
    const key = object.key;
    if (after !== undefined && byteOrder(key, after) <= 0) continue;
    let entry = {object, name: key};
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at !== -1) {
        const common = key.slice(0, at + delimiter.length);
        // Resuming after a common prefix skips its keys, which all sort after it.
        if (common === lastPrefix || (after !== undefined && byteOrder(common, after) <= 0)) continue;
        lastPrefix = common;
        entry = {common, name: common};
      }
    }
    if (entries.length === maxKeys) return {entries, truncated: true};
    entries.push(entry);
  }
  return {entries, truncated: false};
}

async function listObjects(ctx) {
  const query = ctx.query;
  const v2 = query['list-type'] === '2';
  const bucket = ctx.params.bucket;
  const prefix = query.prefix || '';
  const delimiter = query.delimiter || '';
  const maxKeys = parseMaxKeys(query);
  let after;
  if (v2) {
    if ('marker' in query) throw invalidArgument('marker', query.marker, 'Marker unsupported with list-type=2');
    after = query['continuation-token'] ? parseToken(bucket, query['continuation-token'])
                                        : query['start-after'];
  } else {
    after = query.marker;
  }
  // s3rver's own listing is right without a delimiter: every key under the prefix.
  const all = await ctx.store.listObjects(bucket, {prefix, maxKeys: Infinity});
  const objects = all.objects.slice().sort((a, b) => byteOrder(a.key, b.key));
  const {entries, truncated} = maxKeys === 0 ? {entries: [], truncated: false}
                                             : pageOf(objects, {prefix, delimiter, after, maxKeys});
  const encode = query['encoding-type'] === 'url' ? urlEncode : text => text;
  const last = entries.length ? entries[entries.length - 1].name : undefined;
  const body = {
    '@': {xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/'},
    Name: bucket,
    Prefix: encode(prefix),
    MaxKeys: maxKeys,
    Delimiter: delimiter ? encode(delimiter) : undefined,
    EncodingType: query['encoding-type'] === 'url' ? 'url' : undefined,
    IsTruncated: truncated,
  };
  if (v2) {
    body.StartAfter = query['start-after'] !== undefined ? encode(query['start-after']) : undefined;
    body.ContinuationToken = query['continuation-token'] || undefined;
    body.NextContinuationToken = truncated ? makeToken(bucket, last) : undefined;
    body.KeyCount = entries.length;
  } else {
    body.Marker = encode(query.marker || '');
    body.NextMarker = truncated ? encode(last) : undefined;
  }
  body.Contents = entries.filter(e => e.object).map(({object}) => ({
    Key: encode(object.key),
    LastModified: object.lastModifiedDate.toISOString(),
    ETag: object.metadata.etag,
    Size: object.size,
    StorageClass: 'STANDARD',
  }));
  body.CommonPrefixes = entries.filter(e => e.common).map(({common}) => ({Prefix: encode(common)}));
  ctx.body = {ListBucketResult: body};
}

// Installs the handler in s3rver's bucket controller, which its router calls per request.
module.exports = function installListObjects(bucketController, S3ErrorClass) {
  S3Error = S3ErrorClass;
  bucketController.getBucket = listObjects;
};
