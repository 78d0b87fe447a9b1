#include "connectors/s3/s3_credentials.h"

#include <gtest/gtest.h>

#include <map>

#include "util/temp_dir.h"

namespace sqlflow {
namespace {

class S3CredentialsTest : public ::testing::Test {
 protected:
  Result<S3ResolvedAuth> Resolve(const S3ParamsForAuth& params = {}) {
    EnvLookup env = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    return ResolveS3Auth(params, env, home_.path());
  }
  std::string Error(const S3ParamsForAuth& params = {}) {
    auto auth = Resolve(params);
    EXPECT_FALSE(auth.ok());
    return auth.ok() ? "" : auth.status().message();
  }

  test::TempDir home_;
  std::map<std::string, std::string> env_;
};

S3ParamsForAuth Keys(const std::string& key_id, const std::string& secret) {
  S3ParamsForAuth params;
  params.access_key_id = key_id;
  params.secret_access_key = secret;
  return params;
}

TEST_F(S3CredentialsTest, ParamsComeFirst) {
  env_ = {{"AWS_ACCESS_KEY_ID", "ENVKEY"},
          {"AWS_SECRET_ACCESS_KEY", "envsecret"},
          {"AWS_REGION", "eu-west-1"},
          {"AWS_ENDPOINT_URL", "http://env:9000"}};
  home_.WriteFile(".aws/credentials", "[default]\naws_access_key_id = FILEKEY\n");
  S3ParamsForAuth params = Keys("PARAMKEY", "paramsecret");
  params.session_token = "token";
  params.region = "ap-south-1";
  params.endpoint = "http://127.0.0.1:9000";
  auto auth = Resolve(params);
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->credentials.access_key_id, "PARAMKEY");
  EXPECT_EQ(auth->credentials.secret_access_key, "paramsecret");
  EXPECT_EQ(auth->credentials.session_token, "token");
  EXPECT_EQ(auth->credentials.origin, "params");
  EXPECT_EQ(auth->region, "ap-south-1");
  EXPECT_EQ(auth->region_origin, "params");
  EXPECT_EQ(auth->endpoint, "http://127.0.0.1:9000");
}

TEST_F(S3CredentialsTest, EnvironmentComesNext) {
  env_ = {{"AWS_ACCESS_KEY_ID", "ENVKEY"},      {"AWS_SECRET_ACCESS_KEY", "envsecret"},
          {"AWS_SESSION_TOKEN", "envtoken"},    {"AWS_DEFAULT_REGION", "us-west-2"},
          {"AWS_ENDPOINT_URL", "http://env:1"}, {"AWS_REGION", ""}};
  home_.WriteFile(".aws/credentials", "[default]\naws_access_key_id = FILEKEY\n");
  auto auth = Resolve();
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->credentials.access_key_id, "ENVKEY");
  EXPECT_EQ(auth->credentials.session_token, "envtoken");
  EXPECT_EQ(auth->credentials.origin, "environment");
  EXPECT_EQ(auth->region, "us-west-2");  // AWS_REGION is empty: unset
  EXPECT_EQ(auth->region_origin, "AWS_DEFAULT_REGION");
  EXPECT_EQ(auth->endpoint, "http://env:1");

  env_["AWS_REGION"] = "eu-central-1";
  env_["AWS_ENDPOINT_URL_S3"] = "http://s3-only:2";
  EXPECT_EQ(Resolve()->region, "eu-central-1");
  EXPECT_EQ(Resolve()->region_origin, "AWS_REGION");
  EXPECT_EQ(Resolve()->endpoint, "http://s3-only:2");
}

TEST_F(S3CredentialsTest, SharedFilesOfTheDefaultProfile) {
  home_.WriteFile(".aws/credentials",
                  "# written by aws configure\n[default]\naws_access_key_id = FILEKEY\n"
                  "aws_secret_access_key=file/secret+x\n\n[other]\naws_access_key_id = O\n");
  home_.WriteFile(".aws/config",
                  "[default]\nregion = eu-north-1\n; a comment\nendpoint_url = http://cfg:9000\n");
  auto auth = Resolve();
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->credentials.access_key_id, "FILEKEY");
  EXPECT_EQ(auth->credentials.secret_access_key, "file/secret+x");
  EXPECT_EQ(auth->credentials.session_token, "");
  EXPECT_EQ(auth->credentials.origin, "~/.aws/credentials [default]");
  EXPECT_EQ(auth->region, "eu-north-1");
  EXPECT_EQ(auth->region_origin, "~/.aws/config [default]");
  EXPECT_EQ(auth->endpoint, "http://cfg:9000");
}

TEST_F(S3CredentialsTest, NamedProfileFromEitherFile) {
  env_ = {{"AWS_PROFILE", "dev"}};
  home_.WriteFile(".aws/credentials",
                  "[default]\naws_access_key_id = D\naws_secret_access_key = "
                  "d\n[dev]\naws_access_key_id = DEV\naws_secret_access_key "
                  "= dev\naws_session_token = devtoken\n");
  home_.WriteFile(".aws/config",
                  "[default]\nregion = eu-west-1\n[profile dev]\nregion = "
                  "ap-northeast-1\ns3 =\n  endpoint_url = http://nested:9000\n"
                  "  addressing_style = path\n");
  auto auth = Resolve();
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->credentials.access_key_id, "DEV");
  EXPECT_EQ(auth->credentials.session_token, "devtoken");
  EXPECT_EQ(auth->credentials.origin, "~/.aws/credentials [dev]");
  EXPECT_EQ(auth->region, "ap-northeast-1");
  EXPECT_EQ(auth->region_origin, "~/.aws/config [profile dev]");
  EXPECT_EQ(auth->endpoint, "http://nested:9000");

  // Keys may be in the config file too.
  home_.WriteFile(".aws/credentials", "[default]\n");
  home_.WriteFile(".aws/config",
                  "[profile dev]\naws_access_key_id = CFG\naws_secret_access_key = cfg\n");
  auth = Resolve();
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->credentials.access_key_id, "CFG");
  EXPECT_EQ(auth->credentials.origin, "~/.aws/config [profile dev]");
  EXPECT_EQ(auth->region, "us-east-1");
  EXPECT_EQ(auth->region_origin, "default");
  EXPECT_EQ(auth->endpoint, "");
}

TEST_F(S3CredentialsTest, FilesNamedByTheEnvironment) {
  home_.WriteFile("elsewhere/creds",
                  "[default]\naws_access_key_id = E\naws_secret_access_key = e\n");
  home_.WriteFile("elsewhere/conf", "[profile default]\nregion = sa-east-1\n");
  env_ = {{"AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds"},
          {"AWS_CONFIG_FILE", home_.path() + "/elsewhere/conf"}};
  auto auth = Resolve();
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->credentials.access_key_id, "E");
  EXPECT_EQ(auth->credentials.origin, "~/elsewhere/creds [default]");
  EXPECT_EQ(auth->region, "sa-east-1");
}

TEST_F(S3CredentialsTest, HalfAKeyPairSaysWhichHalfIsMissing) {
  EXPECT_EQ(Error(Keys("AKIAX", "")),
            "AWS credentials in params: \"access_key_id\" is set but \"secret_access_key\" is "
            "missing; set both");
  EXPECT_EQ(Error(Keys("", "s3cr3t")),
            "AWS credentials in params: \"secret_access_key\" is set but \"access_key_id\" is "
            "missing; set both");
  S3ParamsForAuth token_only;
  token_only.session_token = "t";
  EXPECT_EQ(Error(token_only),
            "AWS credentials in params: \"session_token\" is set without \"access_key_id\" and "
            "\"secret_access_key\"; a session token belongs to a temporary key pair, set all "
            "three");
  env_ = {{"AWS_SECRET_ACCESS_KEY", "s3cr3t"}};
  EXPECT_EQ(Error(),
            "AWS credentials in the environment: AWS_SECRET_ACCESS_KEY is set but "
            "AWS_ACCESS_KEY_ID is missing; set both");
  env_.clear();
  home_.WriteFile(".aws/credentials", "[default]\naws_access_key_id = AKIAX\n");
  EXPECT_EQ(Error(),
            "AWS credentials in ~/.aws/credentials [default]: aws_access_key_id is set but "
            "aws_secret_access_key is missing; set both");
}

TEST_F(S3CredentialsTest, UnknownProfile) {
  env_ = {{"AWS_PROFILE", "prod"}};
  EXPECT_EQ(Error(),
            "AWS_PROFILE is 'prod', but neither ~/.aws/credentials nor ~/.aws/config has that "
            "profile; create it with `aws configure --profile prod` or unset AWS_PROFILE");
  home_.WriteFile(".aws/credentials", "[default]\n[staging]\n");
  home_.WriteFile(".aws/config", "[profile analytics]\n");
  EXPECT_EQ(Error(),
            "AWS_PROFILE is 'prod', but neither ~/.aws/credentials nor ~/.aws/config has that "
            "profile (profiles there: default, staging, analytics); set AWS_PROFILE to one of "
            "them");
  env_["AWS_PROFILE"] = "stagin";
  EXPECT_EQ(Error(),
            "AWS_PROFILE is 'stagin', but neither ~/.aws/credentials nor ~/.aws/config has that "
            "profile; did you mean 'staging'?");
  // Not consulted when the environment has everything.
  env_ = {{"AWS_PROFILE", "prod"},
          {"AWS_ACCESS_KEY_ID", "K"},
          {"AWS_SECRET_ACCESS_KEY", "S"},
          {"AWS_REGION", "eu-west-1"},
          {"AWS_ENDPOINT_URL", "http://x"}};
  EXPECT_TRUE(Resolve().ok());
}

TEST_F(S3CredentialsTest, ProfilesThatGetCredentialsAnotherWay) {
  home_.WriteFile(".aws/config",
                  "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n");
  EXPECT_EQ(Error(),
            "AWS credentials in ~/.aws/config [default] come through role_arn, which SQLFlow does "
            "not follow; export temporary keys (`aws configure export-credentials --format env`) "
            "or set \"access_key_id\" and \"secret_access_key\"");
}

TEST_F(S3CredentialsTest, NothingFoundSaysWhereItLooked) {
  EXPECT_EQ(Error(),
            "no AWS credentials found: looked in the params (\"access_key_id\"), the environment "
            "(AWS_ACCESS_KEY_ID), ~/.aws/credentials [default] (no such file) and ~/.aws/config "
            "[default] (no such file); set \"access_key_id\" and \"secret_access_key\" (in the "
            "SOURCE or a profile connector), export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
            "or run `aws configure`");
  home_.WriteFile(".aws/credentials", "[other]\naws_access_key_id = K\n");
  home_.WriteFile(".aws/config", "[default]\nregion = eu-west-1\n");
  EXPECT_EQ(Error(),
            "no AWS credentials found: looked in the params (\"access_key_id\"), the environment "
            "(AWS_ACCESS_KEY_ID), ~/.aws/credentials [default] (no such profile) and "
            "~/.aws/config [default] (no keys there); set \"access_key_id\" and "
            "\"secret_access_key\" (in the SOURCE or a profile connector), export "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws configure`");
  auto no_home = ResolveS3Auth(
      {}, [](const std::string&) { return std::nullopt; }, "");
  EXPECT_NE(no_home.status().message().find("[default] (no home folder)"), std::string::npos);
}

TEST_F(S3CredentialsTest, UnreadableSharedFileWhenTheChainGetsThere) {
  home_.WriteFile(".aws/credentials/not-a-file", "");
  EXPECT_EQ(Error(),
            "cannot read the AWS shared file ~/.aws/credentials; check that it is a file this user "
            "may read");
  EXPECT_EQ(Resolve().status().code(), StatusCode::kIoError);
  S3ParamsForAuth params = Keys("K", "S");
  params.region = "eu-west-1";
  params.endpoint = "http://x";
  EXPECT_TRUE(Resolve(params).ok());
}

TEST_F(S3CredentialsTest, DevNullAsTheSharedFilesIsNoProfileAtAll) {
  env_["AWS_CONFIG_FILE"] = "/dev/null";
  env_["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
  std::string error = Error();
  EXPECT_NE(error.find("no AWS credentials found"), std::string::npos) << error;
  EXPECT_EQ(error.find("cannot read"), std::string::npos) << error;
}

TEST_F(S3CredentialsTest, MessagesNeverHoldSecrets) {
  home_.WriteFile(".aws/credentials", "[default]\naws_secret_access_key = TOPSECRET\n");
  EXPECT_EQ(Error().find("TOPSECRET"), std::string::npos);
  EXPECT_EQ(Error(Keys("", "TOPSECRET")).find("TOPSECRET"), std::string::npos);
}

TEST_F(S3CredentialsTest, ProcessEnvironmentReadsTheRealEnvironment) {
  EnvLookup env = ProcessEnvironment();
  EXPECT_TRUE(env("PATH").has_value());
  EXPECT_FALSE(env("SQLFLOW_TEST_SURELY_UNSET_VARIABLE_42").has_value());
}

}  // namespace
}  // namespace sqlflow
