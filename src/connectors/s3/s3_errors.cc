#include "connectors/s3/s3_errors.h"

#include <set>

#include "common/strings.h"
#include "connectors/s3/s3_url.h"
#include "connectors/s3/s3_xml.h"

namespace sqlflow {
namespace {

// What the response said, with the code inferred from the status when the body had none (HEAD
// responses have no body).
struct S3Reply {
  const S3RequestContext& context;
  long http_status;
  S3ErrorXml error;
  bool code_inferred = false;
  std::string bucket_region;  // from the header, else the body; "" when unknown
};

bool IsBucketAction(const std::string& action) {
  return action == "ListObjectsV2" || action == "HeadBucket" || action == "ListObjects" ||
         action == "GetBucketLocation" || action == "ListMultipartUploads";
}

std::string InferCode(const S3RequestContext& context, long http_status) {
  switch (http_status) {
    case 301:
      return "PermanentRedirect";
    case 403:
      return "AccessDenied";
    case 404:
      return IsBucketAction(context.action) ? "NoSuchBucket" : "NoSuchKey";
    case 429:
      return "SlowDown";
    case 503:
      return "SlowDown";
    default:
      return "";
  }
}

std::string Prefix(const S3RequestContext& context) {
  return "S3 " + context.action + " " + FormatS3Url(context.bucket, context.key) + ": ";
}

std::string WhoseCredentials(const S3RequestContext& context) {
  return context.credentials_origin.empty() ? "the credentials"
                                            : "the credentials from " + context.credentials_origin;
}

// "(AccessDenied: Access Denied)", "(HTTP 403)" when the body said nothing.
std::string CodeAndMessage(const S3Reply& reply) {
  if (reply.code_inferred || reply.error.code.empty()) {
    return "(HTTP " + std::to_string(reply.http_status) + ")";
  }
  if (reply.error.message.empty()) return "(" + reply.error.code + ")";
  return "(" + reply.error.code + ": " + reply.error.message + ")";
}

Status NoSuchBucket(const S3Reply& reply) {
  const S3RequestContext& c = reply.context;
  return Status::NotFound(Prefix(c) + "bucket '" + c.bucket + "' does not exist at " +
                          c.endpoint_base + " " + CodeAndMessage(reply) +
                          "; check the bucket name, \"region\" and \"endpoint\"");
}

Status NoSuchKey(const S3Reply& reply) {
  const S3RequestContext& c = reply.context;
  return Status::NotFound(Prefix(c) + "bucket '" + c.bucket + "' has no object with key '" + c.key +
                          "' " + CodeAndMessage(reply) +
                          "; check the key (\"path\" or \"prefix\") and whether the object was "
                          "moved or deleted");
}

std::string ResourceArn(const S3RequestContext& context) {
  std::string permission = S3PermissionFor(context.action);
  if (permission == "s3:ListBucket" || permission == "s3:ListBucketMultipartUploads") {
    return "arn:aws:s3:::" + context.bucket;
  }
  return "arn:aws:s3:::" + context.bucket + "/" + (context.key.empty() ? "*" : context.key);
}

Status AccessDenied(const S3Reply& reply) {
  const S3RequestContext& c = reply.context;
  std::string permission = S3PermissionFor(c.action);
  std::string message = Prefix(c) + "access denied " + CodeAndMessage(reply) + "; " +
                        WhoseCredentials(c) + " need the " + permission + " permission on " +
                        ResourceArn(c);
  if (permission == "s3:GetObject") {
    message +=
        " (without s3:ListBucket on the bucket, S3 also answers 403 for a key that does "
        "not exist)";
  }
  if (reply.code_inferred) {
    message +=
        ", or the secret key or this machine's clock is wrong (a HEAD response carries "
        "no reason)";
  }
  return Status::Invalid(message);
}

Status WrongRegion(const S3Reply& reply) {
  const S3RequestContext& c = reply.context;
  if (!reply.bucket_region.empty()) {
    return Status::Invalid(Prefix(c) + "bucket '" + c.bucket + "' is in region '" +
                           reply.bucket_region + "', not '" + c.region + "': set \"region\": \"" +
                           reply.bucket_region + "\"");
  }
  return Status::Invalid(Prefix(c) + "bucket '" + c.bucket + "' is not in region '" + c.region +
                         "' " + CodeAndMessage(reply) +
                         "; set \"region\" to the bucket's region (`aws s3api get-bucket-location "
                         "--bucket " +
                         c.bucket + "` shows it)");
}

bool IsWrongRegion(const S3Reply& reply) {
  static const std::set<std::string> kRegionCodes = {
      "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException"};
  if (kRegionCodes.count(reply.error.code) > 0) return true;
  // A HEAD to the wrong region: 301 or 400 without a body, the region in the header.
  return reply.error.code.empty() && reply.http_status == 400 && !reply.bucket_region.empty();
}

bool IsThrottling(const std::string& code) {
  static const std::set<std::string> kCodes = {"SlowDown",
                                               "Throttling",
                                               "ThrottlingException",
                                               "RequestLimitExceeded",
                                               "TooManyRequests",
                                               "TooManyRequestsException"};
  return kCodes.count(code) > 0;
}

Status Credentials(const S3Reply& reply) {
  const S3RequestContext& c = reply.context;
  const std::string& code = reply.error.code;
  if (code == "SignatureDoesNotMatch") {
    return Status::Invalid(Prefix(c) + "the server rejected the request's signature " +
                           CodeAndMessage(reply) + "; check the secret access key of " +
                           WhoseCredentials(c) + ", and that this machine's clock is right");
  }
  if (code == "RequestTimeTooSkewed") {
    return Status::Invalid(Prefix(c) + "this machine's clock differs too much from the server's " +
                           CodeAndMessage(reply) + "; set the clock right (enable NTP)");
  }
  if (code == "InvalidAccessKeyId") {
    return Status::Invalid(Prefix(c) + "the access key id of " + WhoseCredentials(c) +
                           " is not known to " + c.endpoint_base + " " + CodeAndMessage(reply) +
                           "; check \"access_key_id\", or \"endpoint\" if the key belongs to "
                           "another S3 service");
  }
  // ExpiredToken, TokenRefreshRequired, InvalidToken
  return Status::Invalid(Prefix(c) + "the session token of " + WhoseCredentials(c) +
                         " is expired or not valid " + CodeAndMessage(reply) +
                         "; get fresh temporary credentials (\"session_token\", "
                         "AWS_SESSION_TOKEN)");
}

bool IsCredentialsCode(const std::string& code) {
  static const std::set<std::string> kCodes = {"SignatureDoesNotMatch", "RequestTimeTooSkewed",
                                               "InvalidAccessKeyId",    "ExpiredToken",
                                               "TokenRefreshRequired",  "InvalidToken"};
  return kCodes.count(code) > 0;
}

Status Other(const S3Reply& reply, const std::string& body) {
  const S3RequestContext& c = reply.context;
  std::string text = "HTTP " + std::to_string(reply.http_status);
  if (!reply.error.code.empty()) text += " " + reply.error.code;
  if (!reply.error.message.empty()) text += ": " + reply.error.message;
  if (reply.error.code.empty() && !body.empty()) text += ": " + FirstLine(body.substr(0, 200));
  if (!reply.error.request_id.empty()) text += " (request id " + reply.error.request_id + ")";
  if (reply.http_status >= 500) {
    return Status::IoError(Prefix(c) + "the server failed after the retries (" + text +
                           "); run again later");
  }
  return Status::IoError(Prefix(c) + text);
}

}  // namespace

std::string S3PermissionFor(const std::string& action) {
  if (action == "ListObjectsV2" || action == "ListObjects" || action == "HeadBucket") {
    return "s3:ListBucket";
  }
  if (action == "GetObject" || action == "HeadObject") return "s3:GetObject";
  if (action == "PutObject" || action == "CreateMultipartUpload" || action == "UploadPart" ||
      action == "CompleteMultipartUpload" || action == "CopyObject") {
    return "s3:PutObject";
  }
  if (action == "ListMultipartUploads") return "s3:ListBucketMultipartUploads";
  return "s3:" + action;
}

Status S3ErrorStatus(const S3RequestContext& context, long http_status, const std::string& body,
                     const std::optional<std::string>& bucket_region_header) {
  S3Reply reply{context, http_status, ParseS3Error(body), /*code_inferred=*/false,
                /*bucket_region=*/""};
  if (reply.error.code.empty()) {
    reply.error.code = InferCode(context, http_status);
    reply.code_inferred = !reply.error.code.empty();
  }
  reply.bucket_region = bucket_region_header.has_value() && !bucket_region_header->empty()
                            ? *bucket_region_header
                            : reply.error.region;
  if (reply.bucket_region == context.region) reply.bucket_region.clear();

  const std::string& code = reply.error.code;
  if (IsWrongRegion(reply)) return WrongRegion(reply);
  if (code == "NoSuchBucket") return NoSuchBucket(reply);
  if (code == "NoSuchKey") return NoSuchKey(reply);
  if (code == "AccessDenied") return AccessDenied(reply);
  if (IsCredentialsCode(code)) return Credentials(reply);
  if (IsThrottling(code)) {
    return Status::IoError(Prefix(context) +
                           "the server is still throttling requests after the "
                           "retries " +
                           CodeAndMessage(reply) +
                           "; set a lower \"rate_limit\" or run again later");
  }
  return Other(reply, body);
}

}  // namespace sqlflow
