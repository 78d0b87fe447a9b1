// The credentials, region and endpoint an S3 source or export uses, found along the chain of
// SPEC-CONNECTORS §1 (first hit wins): the params (a profile connector's already merged in),
// the environment (AWS_ACCESS_KEY_ID…), then the shared files ~/.aws/credentials and
// ~/.aws/config under AWS_PROFILE (default "default"), as the AWS CLI reads them.
// Secret values are carried, never put in a message: messages name where values came from.
// Thread-safety: ResolveS3Auth is a pure function of its arguments and the two files.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/status.h"

namespace sqlflow {

struct S3ParamsForAuth {
  std::string access_key_id, secret_access_key, session_token, region, endpoint;
};

struct S3Credentials {
  std::string access_key_id, secret_access_key, session_token;
  // For messages, never the values: "params", "environment", "~/.aws/credentials [default]",
  // "~/.aws/config [profile dev]".
  std::string origin;
};

struct S3ResolvedAuth {
  S3Credentials credentials;
  std::string region;  // "us-east-1" when nothing says
  // Where the region came from: "params", "AWS_REGION", "AWS_DEFAULT_REGION",
  // "~/.aws/config [default]", "default".
  std::string region_origin;
  std::string endpoint;  // "" = AWS
};

// The value of an environment variable, nullopt when unset. Tests pass a map; the real one
// reads the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnvironment();

// Resolves credentials, region and endpoint. `home_dir` locates ~/.aws (empty: no shared
// files unless AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE name them). Empty values, in
// params or the environment, count as unset.
// - credentials: params (access_key_id + secret_access_key [+ session_token]), else
//   AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY [+ AWS_SESSION_TOKEN], else aws_access_key_id +
//   aws_secret_access_key [+ aws_session_token] of the profile in the credentials file, else
//   in the config file ("[profile NAME]", or "[default]");
// - region: params, AWS_REGION, AWS_DEFAULT_REGION, the profile's region in the config file,
//   else "us-east-1";
// - endpoint: params, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url in the
//   config file, else "" (AWS).
// Errors (InvalidArgument): a key id without its secret or the reverse (which is missing, and
// where the other came from); a session token without keys; an AWS_PROFILE that neither file
// has (did you mean…); a profile that gets credentials some way SQLFlow does not follow
// (role_arn, credential_process, SSO); no credentials anywhere (where it looked and how to set
// them). IoError when a shared file exists but cannot be read.
Result<S3ResolvedAuth> ResolveS3Auth(const S3ParamsForAuth& params, const EnvLookup& env,
                                     const std::string& home_dir);

}  // namespace sqlflow
