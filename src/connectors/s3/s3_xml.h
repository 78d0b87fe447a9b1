// The XML of S3's REST API: ListObjectsV2 pages, error bodies, and the two multipart-upload
// documents. Element names are those of the S3 API reference; namespaces are ignored (AWS sends
// xmlns="http://s3.amazonaws.com/doc/2006-03-01/", some S3-compatible servers send none).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace sqlflow {

struct S3Object {
  std::string key;
  uint64_t size = 0;
  std::string last_modified;     // as sent, "2025-06-01T10:00:00.000Z"
  int64_t last_modified_us = 0;  // µs since the epoch, UTC
  std::string etag;  // without the surrounding quotes: "9b2cf535f27731c974343645a3985328"
};

struct S3ListPage {
  std::vector<S3Object> objects;
  std::vector<std::string> common_prefixes;  // with a delimiter: the "folders" at this level
  bool is_truncated = false;
  std::string next_continuation_token;  // set whenever is_truncated
};

// list := <ListBucketResult> { <Contents> <Key/> <LastModified/> <ETag/> <Size/> </Contents> }
//         { <CommonPrefixes> <Prefix/> </CommonPrefixes> } [<IsTruncated/>]
//         [<NextContinuationToken/>] [<EncodingType>url</EncodingType>] </ListBucketResult>
// With EncodingType "url" (the request asked for encoding-type=url) keys and prefixes are
// decoded. Errors (IoError, "S3 ListObjectsV2 response: …"): not XML, another root element, a
// Contents without Key, a Size or LastModified that does not parse, a truncated page without a
// NextContinuationToken (listing could not go on, and stopping would silently drop objects).
Result<S3ListPage> ParseListObjectsV2(const std::string& xml);

struct S3ErrorXml {
  std::string code, message, region, bucket, key;
  std::string endpoint;    // <Endpoint> of a PermanentRedirect: "b.s3.eu-west-1.amazonaws.com"
  std::string request_id;  // <RequestId>, for AWS support
};

// error := <Error> <Code/> <Message/> [<Region/>] [<BucketName/> | <Bucket/>] [<Key/>]
//          [<Endpoint/>] [<RequestId/>] </Error>
// Tolerant: fields absent from the body, or a body that is not XML (a HEAD response, a proxy's
// HTML page), are empty. `region` falls back to the "expecting 'eu-west-1'" of an
// AuthorizationHeaderMalformed message.
S3ErrorXml ParseS3Error(const std::string& xml);

// initiate := <InitiateMultipartUploadResult> … <UploadId/> … </InitiateMultipartUploadResult>
// The UploadId, or IoError when the body is not such a document or has no UploadId.
Result<std::string> ParseInitiateMultipartUpload(const std::string& xml);

// The body of CompleteMultipartUpload: <CompleteMultipartUpload> { <Part> <PartNumber/>
// <ETag/> </Part> } </CompleteMultipartUpload>, parts in the order given, each ETag quoted as
// UploadPart returned it (quotes are added when missing).
// REQUIRES: part numbers ascending, as S3 demands.
std::string CompleteMultipartUploadXml(
    const std::vector<std::pair<int, std::string>>& part_number_etags);

// `etag` without one pair of surrounding double quotes: an ETag header value in the form of
// S3Object::etag.
std::string UnquoteEtag(const std::string& etag);

// "2025-06-01T10:00:00.000Z" (fraction optional, 'Z' or ±HH:MM) as µs since the epoch; false
// when `text` is not such a time.
bool ParseIso8601Us(const std::string& text, int64_t* micros);

}  // namespace sqlflow
