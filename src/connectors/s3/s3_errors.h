// S3's error responses in SQLFlow's terms: which bucket and key, what went wrong, and what to do
// (SPEC-CONNECTORS §1 "Errors"). Only the server's code, message and region are used; no
// credential value is ever part of a message (the credentials' origin may be).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"

namespace sqlflow {

struct S3RequestContext {
  std::string action;  // "ListObjectsV2", "GetObject", "HeadObject", "PutObject", "HeadBucket",
                       // "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload",
                       // "AbortMultipartUpload", "DeleteObject"
  std::string bucket, key, endpoint_base, region;
  // Where the credentials came from, for messages: "environment", "~/.aws/credentials
  // [default]" (S3Credentials::origin). Empty: not named.
  std::string credentials_origin;
};

// The IAM permission an S3 action needs: "s3:ListBucket" for ListObjectsV2 and HeadBucket,
// "s3:GetObject" for GetObject and HeadObject, "s3:PutObject" for PutObject and the multipart
// upload steps, "s3:AbortMultipartUpload", "s3:DeleteObject"; "s3:<action>" otherwise.
std::string S3PermissionFor(const std::string& action);

// The error for a non-2xx response to `context`'s request, from its status, its body (XML or
// not, maybe empty as for HEAD) and its x-amz-bucket-region header:
// - NotFound: no such bucket (check the name, "region" and "endpoint"), no such key;
// - InvalidArgument: access denied (the permission to grant), signature mismatch (the secret
//   key or the clock), unknown access key id, expired token, wrong region ("bucket 'b' is in
//   region 'eu-west-1', not 'us-east-1': set \"region\": \"eu-west-1\"");
// - IoError: throttling still failing after the retries, server errors, anything else (the
//   HTTP status, S3's code and message).
// Every message starts "S3 <action> s3://bucket/key: ".
// REQUIRES: http_status is not 2xx.
Status S3ErrorStatus(const S3RequestContext& context, long http_status, const std::string& body,
                     const std::optional<std::string>& bucket_region_header);

}  // namespace sqlflow
