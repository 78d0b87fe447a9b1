#include "connectors/s3/s3_client_params.h"

#include <cstdlib>

#include "connectors/http/resilience_params.h"
#include "connectors/s3/s3_credentials.h"
#include "connectors/s3/s3_url.h"

namespace sqlflow {

namespace {

std::string StringParam(const nlohmann::json& params, const char* name) {
  auto it = params.find(name);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<std::unique_ptr<S3Client>> S3ClientFromParams(const nlohmann::json& params,
                                                     const std::string& params_json,
                                                     const std::string& label) {
  S3ParamsForAuth auth_params{StringParam(params, "access_key_id"),
                              StringParam(params, "secret_access_key"),
                              StringParam(params, "session_token"), StringParam(params, "region"),
                              StringParam(params, "endpoint")};
  const char* home = std::getenv("HOME");
  Result<S3ResolvedAuth> auth =
      ResolveS3Auth(auth_params, ProcessEnvironment(), home != nullptr ? home : "");
  if (!auth.ok()) return Status::Invalid(label + ": " + auth.status().message());
  SQLFLOW_ASSIGN_OR_RETURN(ResiliencePolicy policy,
                           ResiliencePolicyFromParams(params_json, ResiliencePolicy{}, label));
  S3ClientOptions options;
  options.auth = *auth;
  options.endpoint =
      ResolveEndpoint(auth->endpoint, auth->region, StringParam(params, "url_style"));
  options.policy = policy;
  return std::make_unique<S3Client>(options);
}

}  // namespace sqlflow
