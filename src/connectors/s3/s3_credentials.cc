#include "connectors/s3/s3_credentials.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "common/edit_distance.h"
#include "common/strings.h"

namespace sqlflow {
namespace {

using Section = std::map<std::string, std::string>;

// One of the shared files, read as the AWS CLI reads INI: "[section]" lines, "key = value"
// lines, '#' and ';' comment lines; an indented line under a key with no value belongs to that
// key's sub-section and is stored as "key.sub_key".
struct SharedFile {
  std::string path;
  std::string display;  // "~/.aws/config"
  bool exists = false;
  Status read_error;  // reported only when the chain gets to this file
  std::map<std::string, Section> sections;
};

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

void ParseIni(std::istream& in, SharedFile* file) {
  std::string line;
  Section* section = nullptr;
  std::string parent_key;  // a key with an empty value: indented lines below are its sub-keys
  while (std::getline(in, line)) {
    std::string text = Trim(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      section = &file->sections[Trim(text.substr(1, text.size() - 2))];
      parent_key.clear();
      continue;
    }
    size_t equals = text.find('=');
    if (section == nullptr || equals == std::string::npos) continue;
    std::string key = ToLowerAscii(Trim(text.substr(0, equals)));
    std::string value = Trim(text.substr(equals + 1));
    bool indented = line[0] == ' ' || line[0] == '\t';
    if (indented && !parent_key.empty()) {
      (*section)[parent_key + "." + key] = value;
      continue;
    }
    (*section)[key] = value;
    parent_key = value.empty() ? key : "";
  }
}

std::string DisplayPath(const std::string& path, const std::string& home_dir) {
  if (!home_dir.empty() && path.rfind(home_dir + "/", 0) == 0) {
    return "~" + path.substr(home_dir.size());
  }
  return path;
}

SharedFile LoadSharedFile(const std::string& path, const std::string& home_dir) {
  SharedFile file;
  file.path = path;
  file.display = DisplayPath(path, home_dir);
  std::error_code error;
  if (path.empty() || !std::filesystem::exists(path, error)) return file;
  std::ifstream in(path);
  // A folder opens as a stream on Linux but cannot be read; /dev/null (how tools say "no such
  // file", as awscli accepts it) reads as empty.
  bool readable = std::filesystem::is_regular_file(path, error) ||
                  std::filesystem::is_character_file(path, error);
  if (!readable || !in) {
    file.read_error = Status::IoError("cannot read the AWS shared file " + file.display +
                                      "; check that it is a file this user may read");
    return file;
  }
  file.exists = true;
  ParseIni(in, &file);
  return file;
}

// "" when unset or empty.
std::string EnvValue(const EnvLookup& env, const std::string& name) {
  return env(name).value_or("");
}

// AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE may start with "~/".
std::string FilePath(const EnvLookup& env, const char* variable, const std::string& home_dir,
                     const char* default_name) {
  std::string path = EnvValue(env, variable);
  if (path.rfind("~/", 0) == 0 && !home_dir.empty()) path = home_dir + path.substr(1);
  if (path.empty() && !home_dir.empty()) path = home_dir + "/.aws/" + default_name;
  return path;
}

// The shared files and the profile to read from them.
struct SharedConfig {
  std::string profile;
  bool profile_named = false;  // by AWS_PROFILE rather than the default
  SharedFile credentials;
  SharedFile config;

  std::string ConfigSectionName() const {
    return profile == "default" ? "default" : "profile " + profile;
  }
  const Section* CredentialsSection() const { return Find(credentials, profile); }
  const Section* ConfigSection() const {
    const Section* section = Find(config, ConfigSectionName());
    return section != nullptr || profile != "default" ? section : Find(config, "profile default");
  }
  static const Section* Find(const SharedFile& file, const std::string& name) {
    auto it = file.sections.find(name);
    return it == file.sections.end() ? nullptr : &it->second;
  }
  std::string CredentialsPlace() const { return credentials.display + " [" + profile + "]"; }
  std::string ConfigPlace() const { return config.display + " [" + ConfigSectionName() + "]"; }
};

SharedConfig LoadSharedConfig(const EnvLookup& env, const std::string& home_dir) {
  SharedConfig shared;
  shared.profile = EnvValue(env, "AWS_PROFILE");
  shared.profile_named = !shared.profile.empty();
  if (!shared.profile_named) shared.profile = "default";
  shared.credentials = LoadSharedFile(
      FilePath(env, "AWS_SHARED_CREDENTIALS_FILE", home_dir, "credentials"), home_dir);
  shared.config = LoadSharedFile(FilePath(env, "AWS_CONFIG_FILE", home_dir, "config"), home_dir);
  return shared;
}

std::vector<std::string> ProfileNames(const SharedConfig& shared) {
  std::vector<std::string> names;
  for (const auto& [name, section] : shared.credentials.sections) names.push_back(name);
  for (const auto& [name, section] : shared.config.sections) {
    if (name.rfind("profile ", 0) == 0) names.push_back(Trim(name.substr(8)));
    if (name == "default") names.push_back(name);
  }
  return names;
}

// Called whenever the chain reaches the shared files: they must be readable, and a profile named
// by AWS_PROFILE must be in one of them.
Status CheckSharedFiles(const SharedConfig& shared) {
  SQLFLOW_RETURN_IF_ERROR(shared.credentials.read_error);
  SQLFLOW_RETURN_IF_ERROR(shared.config.read_error);
  if (!shared.profile_named || shared.CredentialsSection() != nullptr ||
      shared.ConfigSection() != nullptr) {
    return Status::OK();
  }
  std::vector<std::string> names = ProfileNames(shared);
  std::string message = "AWS_PROFILE is '" + shared.profile + "', but neither " +
                        shared.credentials.display + " nor " + shared.config.display +
                        " has that profile";
  if (auto suggestion = SuggestClosest(shared.profile, names)) {
    message += "; did you mean '" + *suggestion + "'?";
  } else if (!names.empty()) {
    message += " (profiles there: " + Join(names) + "); set AWS_PROFILE to one of them";
  } else {
    message +=
        "; create it with `aws configure --profile " + shared.profile + "` or unset AWS_PROFILE";
  }
  return Status::Invalid(message);
}

// Both halves of a key pair or neither. `key_name` and `secret_name` are how the place spells
// them ("\"access_key_id\"", "AWS_ACCESS_KEY_ID", "aws_access_key_id").
Result<std::optional<S3Credentials>> KeyPair(const std::string& key_id, const std::string& secret,
                                             const std::string& token, const std::string& origin,
                                             const std::string& key_name,
                                             const std::string& secret_name) {
  if (key_id.empty() && secret.empty()) return std::optional<S3Credentials>();
  if (key_id.empty() || secret.empty()) {
    const std::string& given = key_id.empty() ? secret_name : key_name;
    const std::string& missing = key_id.empty() ? key_name : secret_name;
    return Status::Invalid("AWS credentials in " + origin + ": " + given + " is set but " +
                           missing + " is missing; set both");
  }
  return std::optional<S3Credentials>(S3Credentials{key_id, secret, token, origin});
}

Result<std::optional<S3Credentials>> FromSection(const Section* section, const std::string& place) {
  if (section == nullptr) return std::optional<S3Credentials>();
  auto get = [&](const char* key) {
    auto it = section->find(key);
    return it == section->end() ? std::string() : it->second;
  };
  SQLFLOW_ASSIGN_OR_RETURN(
      auto credentials,
      KeyPair(get("aws_access_key_id"), get("aws_secret_access_key"), get("aws_session_token"),
              place, "aws_access_key_id", "aws_secret_access_key"));
  if (credentials) return credentials;
  for (const char* key : {"role_arn", "credential_process", "sso_session", "sso_start_url",
                          "web_identity_token_file"}) {
    if (section->count(key) > 0) {
      return Status::Invalid(
          "AWS credentials in " + place + " come through " + key +
          ", which SQLFlow does not follow; export temporary keys (`aws configure "
          "export-credentials --format env`) or set \"access_key_id\" and "
          "\"secret_access_key\"");
    }
  }
  return credentials;
}

std::string FilePlaceForMessage(const SharedFile& file, const Section* section,
                                const std::string& place) {
  if (file.path.empty()) return place + " (no home folder)";
  if (!file.exists) return place + " (no such file)";
  if (section == nullptr) return place + " (no such profile)";
  return place + " (no keys there)";
}

Status NoCredentials(const SharedConfig& shared) {
  return Status::Invalid(
      "no AWS credentials found: looked in the params (\"access_key_id\"), the environment "
      "(AWS_ACCESS_KEY_ID), " +
      FilePlaceForMessage(shared.credentials, shared.CredentialsSection(),
                          shared.CredentialsPlace()) +
      " and " + FilePlaceForMessage(shared.config, shared.ConfigSection(), shared.ConfigPlace()) +
      "; set \"access_key_id\" and \"secret_access_key\" (in the SOURCE or a profile "
      "connector), export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws configure`");
}

Result<S3Credentials> ResolveCredentials(const S3ParamsForAuth& params, const EnvLookup& env,
                                         const SharedConfig& shared) {
  SQLFLOW_ASSIGN_OR_RETURN(auto from_params, KeyPair(params.access_key_id, params.secret_access_key,
                                                     params.session_token, "params",
                                                     "\"access_key_id\"", "\"secret_access_key\""));
  if (from_params) return *from_params;
  if (!params.session_token.empty()) {
    return Status::Invalid(
        "AWS credentials in params: \"session_token\" is set without \"access_key_id\" and "
        "\"secret_access_key\"; a session token belongs to a temporary key pair, set all three");
  }
  SQLFLOW_ASSIGN_OR_RETURN(
      auto from_env,
      KeyPair(EnvValue(env, "AWS_ACCESS_KEY_ID"), EnvValue(env, "AWS_SECRET_ACCESS_KEY"),
              EnvValue(env, "AWS_SESSION_TOKEN"), "the environment", "AWS_ACCESS_KEY_ID",
              "AWS_SECRET_ACCESS_KEY"));
  if (from_env) {
    from_env->origin = "environment";
    return *from_env;
  }
  SQLFLOW_RETURN_IF_ERROR(CheckSharedFiles(shared));
  SQLFLOW_ASSIGN_OR_RETURN(auto from_credentials,
                           FromSection(shared.CredentialsSection(), shared.CredentialsPlace()));
  if (from_credentials) return *from_credentials;
  SQLFLOW_ASSIGN_OR_RETURN(auto from_config,
                           FromSection(shared.ConfigSection(), shared.ConfigPlace()));
  if (from_config) return *from_config;
  return NoCredentials(shared);
}

// The config file's value of `key` for the profile, "" when absent.
Result<std::string> ConfigValue(const SharedConfig& shared, const std::string& key) {
  SQLFLOW_RETURN_IF_ERROR(CheckSharedFiles(shared));
  const Section* section = shared.ConfigSection();
  if (section == nullptr) return std::string();
  auto it = section->find(key);
  return it == section->end() ? std::string() : it->second;
}

Status ResolveRegion(const S3ParamsForAuth& params, const EnvLookup& env,
                     const SharedConfig& shared, S3ResolvedAuth* auth) {
  auth->region = params.region;
  auth->region_origin = "params";
  for (const char* variable : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (!auth->region.empty()) return Status::OK();
    auth->region = EnvValue(env, variable);
    auth->region_origin = variable;
  }
  if (!auth->region.empty()) return Status::OK();
  SQLFLOW_ASSIGN_OR_RETURN(auth->region, ConfigValue(shared, "region"));
  auth->region_origin = shared.ConfigPlace();
  if (!auth->region.empty()) return Status::OK();
  auth->region = "us-east-1";
  auth->region_origin = "default";
  return Status::OK();
}

Status ResolveEndpointUrl(const S3ParamsForAuth& params, const EnvLookup& env,
                          const SharedConfig& shared, S3ResolvedAuth* auth) {
  auth->endpoint = params.endpoint;
  // The service-specific variable first, as the AWS SDKs do.
  for (const char* variable : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
    if (auth->endpoint.empty()) auth->endpoint = EnvValue(env, variable);
  }
  if (!auth->endpoint.empty()) return Status::OK();
  SQLFLOW_ASSIGN_OR_RETURN(auth->endpoint, ConfigValue(shared, "s3.endpoint_url"));
  if (!auth->endpoint.empty()) return Status::OK();
  SQLFLOW_ASSIGN_OR_RETURN(auth->endpoint, ConfigValue(shared, "endpoint_url"));
  return Status::OK();
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<S3ResolvedAuth> ResolveS3Auth(const S3ParamsForAuth& params, const EnvLookup& env,
                                     const std::string& home_dir) {
  SharedConfig shared = LoadSharedConfig(env, home_dir);
  S3ResolvedAuth auth;
  SQLFLOW_ASSIGN_OR_RETURN(auth.credentials, ResolveCredentials(params, env, shared));
  SQLFLOW_RETURN_IF_ERROR(ResolveRegion(params, env, shared, &auth));
  SQLFLOW_RETURN_IF_ERROR(ResolveEndpointUrl(params, env, shared, &auth));
  return auth;
}

}  // namespace sqlflow
