// AWS Signature V4 checking for s3rver (see server.js): recomputes each request's signature the
// way S3 does, header or presigned-URL form, for the one account s3rver knows (S3RVER / S3RVER),
// and answers as S3 does: SignatureDoesNotMatch, RequestTimeTooSkewed, AccessDenied for an
// unsigned request. The payload hash is taken from x-amz-content-sha256 as signed; the body
// itself is not hashed.
'use strict';

const crypto = require('crypto');

let S3Error;  // s3rver's error class, set by the exported factory

const kAccessKeyId = 'S3RVER';
const kSecretAccessKey = 'S3RVER';
const kMaxSkewMs = 15 * 60 * 1000;  // S3's limit

// RFC 3986 encoding as SigV4 asks for: everything but A-Z a-z 0-9 - _ . ~ is %XX.
function uriEncode(text) {
  return encodeURIComponent(text).replace(
      /[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch (err) {
    throw new S3Error('InvalidURI', 'Couldn\'t parse the specified URI.');
  }
}

// S3 canonicalizes the path as received, each segment decoded and encoded once.
function canonicalUri(rawPath) {
  return rawPath.split('/').map(segment => uriEncode(decode(segment))).join('/') || '/';
}

function canonicalQuery(rawQuery, skip) {
  if (!rawQuery) return '';
  return rawQuery.split('&')
      .filter(pair => pair !== '')
      .map(pair => {
        const eq = pair.indexOf('=');
        const key = decode(eq < 0 ? pair : pair.slice(0, eq));
        const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
        return [uriEncode(key), uriEncode(value)];
      })
      .filter(([key]) => key !== skip)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .map(([key, value]) => key + '=' + value)
      .join('&');
}

// Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex
function parseAuthorizationHeader(header) {
  const match = /^AWS4-HMAC-SHA256 (.*)$/.exec(header);
  if (!match) return null;  // not V4: s3rver's own middleware handles V2
  const fields = {};
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return {
    credential: fields.Credential,
    signedHeaders: fields.SignedHeaders,
    signature: fields.Signature,
  };
}

function malformed(message) {
  return new S3Error('AuthorizationHeaderMalformed', message);
}

// The pieces of a V4 signature from the Authorization header or the presigned-URL query.
function signatureOf(ctx) {
  const header = ctx.get('Authorization');
  if (header) {
    const parsed = parseAuthorizationHeader(header);
    if (!parsed) return null;
    return {...parsed, amzDate: ctx.get('X-Amz-Date') || ctx.get('Date'),
            payloadHash: ctx.get('X-Amz-Content-Sha256') || 'UNSIGNED-PAYLOAD', presigned: false};
  }
  const q = ctx.query;
  if (q['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256') return null;
  return {credential: q['X-Amz-Credential'], signedHeaders: q['X-Amz-SignedHeaders'],
          signature: q['X-Amz-Signature'], amzDate: q['X-Amz-Date'],
          payloadHash: 'UNSIGNED-PAYLOAD', presigned: true};
}

function hmac(key, text) {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest();
}

function expectedSignature(ctx, sig, scope) {
  const [rawPath, rawQuery] = ctx.req.url.split(/\?(.*)/s);
  const headerNames = sig.signedHeaders.split(';');
  const canonicalHeaders = headerNames.map(name => {
    const value = ctx.req.headers[name];
    const text = Array.isArray(value) ? value.join(',') : (value || '');
    return name + ':' + text.trim().replace(/\s+/g, ' ') + '\n';
  }).join('');
  const canonicalRequest = [
    ctx.method, canonicalUri(rawPath), canonicalQuery(rawQuery, sig.presigned ? 'X-Amz-Signature' : null),
    canonicalHeaders, sig.signedHeaders, sig.payloadHash,
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256', sig.amzDate, scope.join('/'),
    crypto.createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  let key = 'AWS4' + kSecretAccessKey;
  for (const part of scope) key = hmac(key, part);
  return {signature: hmac(key, stringToSign).toString('hex'), stringToSign, canonicalRequest};
}

// 20250601T120000Z -> milliseconds since the epoch, or NaN.
function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  return m ? Date.UTC(m[1], m[2] - 1, m[3], m[4], m[5], m[6]) : NaN;
}

async function checkSignatureV4(ctx, next) {
  if (ctx.method === 'OPTIONS') return next();  // CORS preflights are never signed
  const sig = signatureOf(ctx);
  if (!sig) {
    if (ctx.get('Authorization') || 'Signature' in ctx.query) return next();  // V2: s3rver's
    throw new S3Error('AccessDenied', 'Access Denied (the request is not signed)');
  }
  if (!sig.credential || !sig.signedHeaders || !sig.signature || !sig.amzDate) {
    throw malformed('The authorization header is malformed; Credential, SignedHeaders, ' +
                    'Signature and X-Amz-Date are required.');
  }
  const [accessKeyId, ...scope] = sig.credential.split('/');
  if (scope.length !== 4 || scope[3] !== 'aws4_request' || scope[2] !== 's3') {
    throw malformed('The credential scope is malformed: ' + sig.credential);
  }
  if (accessKeyId !== kAccessKeyId) return next();  // s3rver answers InvalidAccessKeyId
  const sent = parseAmzDate(sig.amzDate);
  if (Number.isNaN(sent) || Math.abs(Date.now() - sent) > kMaxSkewMs) {
    throw new S3Error('RequestTimeTooSkewed',
                      'The difference between the request time and the current time is too large.',
                      {RequestTime: sig.amzDate, ServerTime: new Date().toISOString()});
  }
  const expected = expectedSignature(ctx, sig, scope);
  if (expected.signature !== sig.signature) {
    throw new S3Error('SignatureDoesNotMatch',
                      'The request signature we calculated does not match the signature you ' +
                          'provided. Check your key and signing method.',
                      {AWSAccessKeyId: accessKeyId, StringToSign: expected.stringToSign,
                       CanonicalRequest: expected.canonicalRequest});
  }
  return next();
}

// A Koa middleware that refuses a request whose V4 signature is wrong, too old, or missing.
// S3ErrorClass is s3rver's error class: its error handler renders those as S3's XML.
module.exports = function signatureV4Middleware(S3ErrorClass) {
  S3Error = S3ErrorClass;
  return checkSignatureV4;
};
