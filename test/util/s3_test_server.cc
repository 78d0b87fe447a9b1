#include "util/s3_test_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

extern char** environ;

namespace sqlflow::test {

namespace {

constexpr const char* kAwsCli = "/usr/bin/aws";  // Debian's awscli v2, not a pyenv shim

// A temporary file removed when the object dies.
class TempFile {
 public:
  TempFile() {
    char name[] = "/tmp/sqlflow-s3test-XXXXXX";
    int fd = mkstemp(name);
    if (fd >= 0) {
      close(fd);
      path_ = name;
    }
  }
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }  // "" when it could not be created

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The inherited environment without any AWS_* variable, plus the test account's settings.
std::vector<std::string> AwsEnvironment(const std::string& secret_access_key) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "AWS_", 4) != 0) env.emplace_back(*e);
  }
  env.push_back(std::string("AWS_ACCESS_KEY_ID=") + kS3TestAccessKeyId);
  env.push_back("AWS_SECRET_ACCESS_KEY=" + secret_access_key);
  env.push_back(std::string("AWS_DEFAULT_REGION=") + kS3TestRegion);
  env.push_back("AWS_CONFIG_FILE=/dev/null");
  env.push_back("AWS_SHARED_CREDENTIALS_FILE=/dev/null");
  env.push_back("AWS_PAGER=");
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Runs awscli with stdin from /dev/null, stdout on a pipe, stderr into a temp file. Everything
// the child needs is built before fork(): only async-signal-safe calls happen in it.
AwsCliResult RunAws(const std::vector<std::string>& args, const std::string& secret) {
  AwsCliResult result;
  std::vector<std::string> argv = {kAwsCli,
                                   "--endpoint-url",
                                   S3TestEndpoint(),
                                   "--cli-connect-timeout",
                                   "5",
                                   "--cli-read-timeout",
                                   "60"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env = AwsEnvironment(secret);
  std::vector<char*> argv_ptrs = Pointers(argv);
  std::vector<char*> env_ptrs = Pointers(env);
  TempFile errors;
  int out[2];
  if (errors.path().empty() || pipe(out) != 0) {
    result.output = "cannot create a pipe or temp file to run awscli";
    return result;
  }
  pid_t pid = fork();
  if (pid == 0) {
    int null_in = open("/dev/null", O_RDONLY);
    int err = open(errors.path().c_str(), O_WRONLY | O_TRUNC);
    if (null_in < 0 || err < 0) _exit(127);
    dup2(null_in, 0);
    dup2(out[1], 1);
    dup2(err, 2);
    close(out[0]);
    execve(kAwsCli, argv_ptrs.data(), env_ptrs.data());
    _exit(127);
  }
  close(out[1]);
  if (pid < 0) {
    close(out[0]);
    result.output = "fork() failed: cannot run awscli";
    return result;
  }
  char buffer[4096];
  ssize_t n;
  while ((n = read(out[0], buffer, sizeof(buffer))) > 0) result.stdout_text.append(buffer, n);
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.output = result.stdout_text + ReadFile(errors.path());
  return result;
}

std::string Describe(const std::vector<std::string>& args, const AwsCliResult& result) {
  std::string command = "aws";
  for (const std::string& arg : args) command += " " + arg;
  return command + " (against " + S3TestEndpoint() + ") exited with " +
         std::to_string(result.exit_code) + ":\n" + result.output +
         "\nIs the S3 test server running? ctest starts it (fixture s3); by hand: "
         "bash scripts/s3rver.sh start build/s3-test " +
         std::to_string(S3TestPort()) + " and export SQLFLOW_TEST_S3_PORT.";
}

// Runs awscli and records a fatal failure when it fails; the result either way.
void RunAwsOrFail(const std::vector<std::string>& args, AwsCliResult* result) {
  *result = AwsCli(args);
  ASSERT_EQ(result->exit_code, 0) << Describe(args, *result);
}

std::string BucketStem(const std::string& stem) {
  std::string name;
  for (char c : stem) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '-') {
      name += lower;
    }
  }
  if (name.size() > 30) name.resize(30);
  while (!name.empty() && name.front() == '-') name.erase(0, 1);
  return name.empty() ? "test" : name;
}

void ListKeysInto(const std::string& bucket, const std::string& prefix,
                  std::vector<std::string>* keys) {
  // awscli pages through ListObjectsV2 itself; --query flattens the pages' Contents.
  std::vector<std::string> args = {
      "s3api", "list-objects-v2", "--bucket",       bucket,     "--prefix",
      prefix,  "--query",         "Contents[].Key", "--output", "json"};
  AwsCliResult result;
  ASSERT_NO_FATAL_FAILURE(RunAwsOrFail(args, &result));
  nlohmann::json parsed = nlohmann::json::parse(result.stdout_text, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << "awscli's listing is not JSON: " << result.stdout_text;
  if (parsed.is_null()) return;  // no keys at all
  ASSERT_TRUE(parsed.is_array()) << "awscli's listing is not a list: " << result.stdout_text;
  for (const auto& key : parsed) keys->push_back(key.get<std::string>());
}

void GetObjectInto(const std::string& bucket, const std::string& key, std::string* text) {
  TempFile file;
  ASSERT_FALSE(file.path().empty()) << "cannot create a temp file";
  AwsCliResult result;
  ASSERT_NO_FATAL_FAILURE(RunAwsOrFail(
      {"s3api", "get-object", "--bucket", bucket, "--key", key, file.path()}, &result));
  *text = ReadFile(file.path());
}

}  // namespace

int S3TestPort() {
  const char* env = std::getenv("SQLFLOW_TEST_S3_PORT");
  if (env == nullptr) return 54330;
  char* end = nullptr;
  long port = std::strtol(env, &end, 10);
  if (end == env || *end != '\0' || port <= 0 || port > 65535) return 54330;
  return static_cast<int>(port);
}

std::string S3TestEndpoint() { return "http://127.0.0.1:" + std::to_string(S3TestPort()); }

AwsCliResult AwsCli(const std::vector<std::string>& args) {
  return RunAws(args, kS3TestSecretAccessKey);
}

AwsCliResult AwsCliWithSecret(const std::vector<std::string>& args,
                              const std::string& secret_access_key) {
  return RunAws(args, secret_access_key);
}

std::string MakeTestBucket(const std::string& stem) {
  static std::atomic<int> counter{0};
  std::string bucket = BucketStem(stem) + "-" + std::to_string(getpid()) + "-" +
                       std::to_string(counter.fetch_add(1));
  AwsCliResult result;
  RunAwsOrFail({"s3", "mb", "s3://" + bucket}, &result);
  return result.exit_code == 0 ? bucket : "";
}

void PutObject(const std::string& bucket, const std::string& key, const std::string& content) {
  TempFile file;
  ASSERT_FALSE(file.path().empty()) << "cannot create a temp file";
  {
    std::ofstream out(file.path(), std::ios::binary);
    out << content;
  }
  PutObjectFromFile(bucket, key, file.path());
}

void PutObjectFromFile(const std::string& bucket, const std::string& key, const std::string& path) {
  AwsCliResult result;
  RunAwsOrFail({"s3api", "put-object", "--bucket", bucket, "--key", key, "--body", path}, &result);
}

std::string GetObjectText(const std::string& bucket, const std::string& key) {
  std::string text;
  GetObjectInto(bucket, key, &text);
  return text;
}

std::vector<std::string> ListKeys(const std::string& bucket, const std::string& prefix) {
  std::vector<std::string> keys;
  ListKeysInto(bucket, prefix, &keys);
  return keys;
}

}  // namespace sqlflow::test
