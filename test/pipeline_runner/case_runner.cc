#include "pipeline_runner/case_runner.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "pipeline_runner/child_process.h"
#include "pipeline_runner/output_match.h"
#include "util/postgres_server.h"
#include "util/rest_api_server.h"
#include "util/s3_test_server.h"
#include "util/saas_api_server.h"

extern char** environ;

namespace sqlflow::test {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxShownLines = 200;

// What the directives of one case share: the project, the environment and the time limit for
// the runs that follow.
struct CaseState {
  const RunnerOptions& options;
  fs::path project;
  std::vector<std::string> project_spellings;  // as given and canonical, for "$PROJECT"
  std::map<std::string, std::optional<std::string>> env;
  std::chrono::seconds timeout{60};
  std::string interrupt_when;  // for the next run only: send SIGINT once its output has this
  std::chrono::milliseconds interrupt_delay{0};  // … and this long after
};

enum class Role { kSetup, kCheck };
enum class OutputMode { kExact, kContains, kLacks };

// Carries out one directive; an error Status says what failed (the caller adds the place).
using DirectiveFn = Status (*)(const Directive&, CaseState&);

struct DirectiveSpec {
  const char* name;
  DirectiveSyntax syntax;
  Role role;
  DirectiveFn run;
};

// A path inside the project: relative and without "..", so a case cannot touch other files.
Result<fs::path> ProjectPath(const CaseState& state, const std::string& relative) {
  fs::path p(relative);
  bool escapes = std::any_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
  if (p.is_absolute() || escapes || relative.empty()) {
    return Status::Invalid("path '" + relative + "' must be relative and stay inside the project");
  }
  return state.project / p;
}

std::string JoinLines(const std::vector<std::string>& lines, size_t limit = SIZE_MAX) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < limit; ++i) out += lines[i] + "\n";
  if (lines.size() > limit) {
    out += "... (" + std::to_string(lines.size() - limit) + " more lines)\n";
  }
  return out;
}

Result<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// file PATH, then the file's lines up to `----`.
Status WriteFixtureFile(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(fs::path path, ProjectPath(state, d.args[0]));
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << JoinLines(d.body);
  out.close();
  if (!out) return Status::IoError("cannot write " + path.string());
  return Status::OK();
}

// copy SRC DEST: SRC is relative to the repository root; a folder is copied recursively.
Status CopyFromSource(const Directive& d, CaseState& state) {
  fs::path source = fs::path(state.options.source_dir) / d.args[0];
  SQLFLOW_ASSIGN_OR_RETURN(fs::path dest, ProjectPath(state, d.args[1]));
  std::error_code ec;
  if (!fs::exists(source, ec)) return Status::NotFound(source.string() + " does not exist");
  if (fs::is_directory(source, ec)) {
    fs::create_directories(dest, ec);
  } else {
    fs::create_directories(dest.parent_path(), ec);
  }
  fs::copy(source, dest, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::IoError("cannot copy " + source.string() + ": " + ec.message());
  return Status::OK();
}

// remove PATH: the file or folder must exist, so a typo does not pass unnoticed.
Status RemovePath(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(fs::path path, ProjectPath(state, d.args[0]));
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::NotFound(d.args[0] + " does not exist");
  fs::remove_all(path, ec);
  if (ec) return Status::IoError("cannot remove " + d.args[0] + ": " + ec.message());
  return Status::OK();
}

// env NAME=VALUE | env -u NAME
Status SetEnv(const Directive& d, CaseState& state) {
  if (d.args[0] == "-u" && d.args.size() == 2) {
    state.env[d.args[1]] = std::nullopt;
    return Status::OK();
  }
  size_t eq = d.args[0].find('=');
  if (d.args.size() != 1 || eq == std::string::npos || eq == 0) {
    return Status::Invalid("expected 'env NAME=VALUE' or 'env -u NAME'");
  }
  // ${NAME} in VALUE is a variable an earlier directive set (rest-api's SQLFLOW_TEST_REST_URL).
  std::string value = d.args[0].substr(eq + 1);
  for (size_t at = value.find("${"); at != std::string::npos; at = value.find("${", at)) {
    size_t close = value.find('}', at);
    if (close == std::string::npos) break;
    std::string name = value.substr(at + 2, close - at - 2);
    auto known = state.env.find(name);
    if (known == state.env.end() || !known->second) {
      return Status::Invalid("env: ${" + name + "} is not set by an earlier directive");
    }
    value.replace(at, close + 1 - at, *known->second);
    at += known->second->size();
  }
  state.env[d.args[0].substr(0, eq)] = value;
  return Status::OK();
}

// interrupt-when [+MS] TEXT…: the next run gets SIGINT (Ctrl-C) once its output contains TEXT
// (and MS milliseconds later, when given: for a step that must be under way by then).
Status SetInterruptWhen(const Directive& d, CaseState& state) {
  size_t first = 0;
  if (d.args[0].starts_with("+")) {
    const std::string& text = d.args[0];
    int ms = 0;
    auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), ms);
    if (ec != std::errc() || end != text.data() + text.size() || ms <= 0 || d.args.size() < 2) {
      return Status::Invalid("expected 'interrupt-when [+MS] TEXT', got '" + text + "'");
    }
    state.interrupt_delay = std::chrono::milliseconds(ms);
    first = 1;
  }
  std::string text;
  for (size_t i = first; i < d.args.size(); ++i) text += (text.empty() ? "" : " ") + d.args[i];
  state.interrupt_when = text;
  return Status::OK();
}

// timeout SECONDS: the limit for each following run.
Status SetTimeout(const Directive& d, CaseState& state) {
  const std::string& text = d.args[0];
  int seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || end != text.data() + text.size() || seconds <= 0) {
    return Status::Invalid("timeout must be a positive number of seconds, got '" + text + "'");
  }
  state.timeout = std::chrono::seconds(seconds);
  return Status::OK();
}

std::string DescribeEnd(const ChildResult& result) {
  if (result.signal != 0) return "killed by signal " + std::to_string(result.signal);
  return "exit code " + std::to_string(result.exit_code);
}

// The failure message of a run: the command, the exit code and output differences, both sides.
std::string DescribeRunFailure(const Directive& d, const CaseState& state,
                               const ChildOptions& child, const ChildResult& result,
                               const std::vector<std::string>& expected,
                               const std::vector<std::string>& actual,
                               const std::optional<Mismatch>& mismatch, OutputMode mode) {
  std::string message = "command: " + FormatCommand(child.program, child.args) + "\n";
  int want_exit = d.exit_code.value_or(0);
  if (result.timed_out) {
    message += "timed out after " + std::to_string(state.timeout.count()) +
               " s and was killed (raise the limit with 'timeout N')\n";
  } else if (result.signal != 0 || result.exit_code != want_exit) {
    message +=
        "expected exit code " + std::to_string(want_exit) + ", got " + DescribeEnd(result) + "\n";
  }
  if (mismatch) {
    message += "output mismatch";
    if (mismatch->expected_index < expected.size()) {
      message += " at test file line " + std::to_string(d.body_line + mismatch->expected_index);
    }
    message += mode == OutputMode::kExact      ? " (exact mode): "
               : mode == OutputMode::kContains ? " (contains mode): "
                                               : " (lacks mode): ";
    message += mismatch->reason + "\n";
  }
  message += "--- expected\n" + JoinLines(expected);
  message += "+++ actual\n" + JoinLines(actual, kMaxShownLines);
  return message;
}

Status CheckRun(const Directive& d, CaseState& state, OutputMode mode) {
  ChildOptions child;
  child.program = state.options.program;
  child.args = d.args;
  child.cwd = state.project.string();
  child.env = state.env;
  child.timeout = state.timeout;
  child.interrupt_when_output_contains = state.interrupt_when;
  child.interrupt_delay = state.interrupt_delay;
  state.interrupt_when.clear();
  state.interrupt_delay = std::chrono::milliseconds(0);
  SQLFLOW_ASSIGN_OR_RETURN(ChildResult result, RunChildProcess(child));

  std::vector<std::string> actual = NormalizeOutput(result.output, state.project_spellings);
  std::vector<std::string> expected = NormalizeExpected(d.body);
  std::optional<Mismatch> mismatch = mode == OutputMode::kExact ? MatchExact(expected, actual)
                                     : mode == OutputMode::kContains
                                         ? MatchContains(expected, actual)
                                         : MatchLacks(expected, actual);
  bool exit_ok =
      !result.timed_out && result.signal == 0 && result.exit_code == d.exit_code.value_or(0);
  if (exit_ok && !mismatch) return Status::OK();
  return Status::Invalid(
      DescribeRunFailure(d, state, child, result, expected, actual, mismatch, mode));
}

// run ARGS, then an optional `exit N` line, then the exact output up to `----`.
Status RunExact(const Directive& d, CaseState& state) {
  return CheckRun(d, state, OutputMode::kExact);
}

// run-lacks ARGS: like run-contains, but no line of the block may be part of any output line
// (a secret that must never be printed).
Status RunLacks(const Directive& d, CaseState& state) {
  return CheckRun(d, state, OutputMode::kLacks);
}

// run-contains ARGS: like run, but each expected line need only be part of an output line.
Status RunContains(const Directive& d, CaseState& state) {
  return CheckRun(d, state, OutputMode::kContains);
}

// The block of `d` must be parts of the lines of `text` (a file's, an object's), in order;
// `what` names `text` in the message.
Status CheckTextContains(const Directive& d, const CaseState& state, const std::string& what,
                         const std::string& text) {
  std::vector<std::string> actual = NormalizeOutput(text, state.project_spellings);
  std::vector<std::string> expected = NormalizeExpected(d.body);
  std::optional<Mismatch> mismatch = MatchContains(expected, actual);
  if (!mismatch) return Status::OK();
  return Status::Invalid(what + " mismatch at test file line " +
                         std::to_string(d.body_line + mismatch->expected_index) + ": " +
                         mismatch->reason + "\n--- expected\n" + JoinLines(expected) + "+++ " +
                         what + "\n" + JoinLines(actual, kMaxShownLines));
}

// file-contains PATH, then lines that must be parts of the file's lines, in order, up to `----`.
Status CheckFileContains(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(fs::path path, ProjectPath(state, d.args[0]));
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::NotFound(d.args[0] + " does not exist");
  SQLFLOW_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return CheckTextContains(d, state, d.args[0], text);
}

// file-exists PATH
Status CheckFileExists(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(fs::path path, ProjectPath(state, d.args[0]));
  std::error_code ec;
  if (fs::exists(path, ec)) return Status::OK();
  return Status::NotFound(d.args[0] + " does not exist");
}

// file-absent PATH
// file-equals PATH, then the file's lines: PROJECT/PATH must hold exactly those bytes (each line
// ending with '\n', as `file` writes them), so that a failed run can be shown to have left a
// fixture untouched. Nothing is normalised.
Status CheckFileEquals(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(fs::path path, ProjectPath(state, d.args[0]));
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::NotFound(d.args[0] + " does not exist");
  SQLFLOW_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  std::string expected = JoinLines(d.body);
  if (text == expected) return Status::OK();
  size_t at = 0;
  while (at < text.size() && at < expected.size() && text[at] == expected[at]) ++at;
  return Status::Invalid(d.args[0] + " differs from the block at byte " + std::to_string(at) +
                         " (" + std::to_string(text.size()) + " bytes, expected " +
                         std::to_string(expected.size()) + ")\n--- expected\n" + expected + "+++ " +
                         d.args[0] + "\n" + text.substr(0, 4096));
}

Status CheckFileAbsent(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(fs::path path, ProjectPath(state, d.args[0]));
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::OK();
  return Status::Invalid(d.args[0] + " exists but should not");
}

// psql DBNAME, then SQL up to `----`: runs the SQL in database DBNAME of the test PostgreSQL
// server (created when missing), and passes the server's port to the runs that follow as
// SQLFLOW_TEST_PG_PORT, so a profile can say `port: ${SQLFLOW_TEST_PG_PORT}`.
Status RunPsql(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(PostgresTestServer * server, PostgresTestServer::Get());
  state.env["SQLFLOW_TEST_PG_PORT"] = std::to_string(server->port());
  SQLFLOW_RETURN_IF_ERROR(server->EnsureDatabase(d.args[0]));
  std::string sql;
  for (const std::string& line : d.body) sql += line + "\n";
  if (sql.find_first_not_of(" \t\n") == std::string::npos) return Status::OK();
  return server->Exec(d.args[0], sql);
}

// sleep SECONDS: waits (at most 5 s): for what only wall-clock time can show, such as S3 objects
// written in an earlier second than a run.
Status Sleep(const Directive& d, CaseState& state) {
  (void)state;
  double seconds = std::atof(d.args[0].c_str());
  if (seconds <= 0 || seconds > 5) return Status::Invalid("sleep takes 0 < SECONDS <= 5");
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
  return Status::OK();
}

// The test S3 server's address and account for the runs that follow, and none of the user's AWS
// configuration.
void SetS3Env(CaseState& state) {
  state.env["SQLFLOW_TEST_S3_ENDPOINT"] = S3TestEndpoint();
  state.env["AWS_ACCESS_KEY_ID"] = kS3TestAccessKeyId;
  state.env["AWS_SECRET_ACCESS_KEY"] = kS3TestSecretAccessKey;
  state.env["AWS_REGION"] = kS3TestRegion;
  state.env["AWS_CONFIG_FILE"] = "/dev/null";
  state.env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
  state.env["AWS_PROFILE"] = std::nullopt;
  state.env["AWS_SESSION_TOKEN"] = std::nullopt;
  state.env["AWS_ENDPOINT_URL"] = std::nullopt;
}

Status AwsCliOk(const std::vector<std::string>& args) {
  AwsCliResult result = AwsCli(args);
  if (result.exit_code == 0) return Status::OK();
  std::string command = "aws";
  for (const std::string& a : args) command += " " + a;
  return Status::IoError(command + " failed (exit " + std::to_string(result.exit_code) + "; is " +
                         "the test S3 server running? scripts/s3rver.sh start DIR PORT):\n" +
                         result.output);
}

// s3-bucket NAME: a new, empty bucket NAME on the test S3 server (an old one of that name is
// removed with its objects); the runs that follow get SQLFLOW_TEST_S3_ENDPOINT and the server's
// account as AWS_* variables.
Status MakeS3Bucket(const Directive& d, CaseState& state) {
  SetS3Env(state);
  AwsCli({"s3", "rb", "s3://" + d.args[0], "--force"});  // absent is fine
  return AwsCliOk({"s3", "mb", "s3://" + d.args[0]});
}

// s3-upload PATH S3URL: uploads the project's file, or folder recursively, with awscli.
Status UploadToS3(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(fs::path path, ProjectPath(state, d.args[0]));
  SetS3Env(state);
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return AwsCliOk({"s3", "cp", "--recursive", path.string(), d.args[1]});
  return AwsCliOk({"s3", "cp", path.string(), d.args[1]});
}

// s3-contains S3URL, then lines that must be parts of the object's lines, in order (as
// file-contains), read back with awscli.
Status CheckS3Contains(const Directive& d, CaseState& state) {
  AwsCliResult got = AwsCli({"s3", "cp", d.args[0], "-"});
  if (got.exit_code != 0) return Status::NotFound(d.args[0] + " cannot be read:\n" + got.output);
  return CheckTextContains(d, state, d.args[0], got.stdout_text);
}

// s3-list S3URL, then exactly the keys below it (relative to it), one per line, sorted.
Status CheckS3List(const Directive& d, CaseState& state) {
  (void)state;
  AwsCliResult got = AwsCli({"s3", "ls", "--recursive", d.args[0]});
  // `aws s3 ls` exits 1 when nothing matches: an empty listing.
  if (got.exit_code != 0 && !(got.exit_code == 1 && got.stdout_text.empty())) {
    return Status::IoError(d.args[0] + " cannot be listed:\n" + got.output);
  }
  std::string url = d.args[0];
  std::string bucket_and_prefix = url.substr(url.find("//") + 2);
  std::string prefix = bucket_and_prefix.find('/') == std::string::npos
                           ? ""
                           : bucket_and_prefix.substr(bucket_and_prefix.find('/') + 1);
  std::vector<std::string> keys;
  std::istringstream lines(got.stdout_text);
  for (std::string line; std::getline(lines, line);) {
    // "2026-12-07 15:00:00        123 key with spaces"
    size_t at = line.find_first_not_of(' ', 19);
    at = at == std::string::npos ? std::string::npos : line.find(' ', at);
    if (at == std::string::npos || line.size() < 20) continue;
    std::string key = line.substr(at + 1);
    keys.push_back(key.rfind(prefix, 0) == 0 ? key.substr(prefix.size()) : key);
  }
  std::sort(keys.begin(), keys.end());
  if (keys == d.body) return Status::OK();
  return Status::Invalid(d.args[0] + " holds other keys\n--- expected\n" + JoinLines(d.body) +
                         "+++ listed\n" + JoinLines(keys, kMaxShownLines));
}

// rest-api NS, then the namespace's config (JSON) up to `----`: creates or replaces namespace NS
// on the REST API test server (fresh records, tokens, faults and counters) and gives the runs
// that follow SQLFLOW_TEST_REST_URL, the namespace's base URL.
Status ConfigureRestApi(const Directive& d, CaseState& state) {
  SQLFLOW_RETURN_IF_ERROR(rest_api::Configure(d.args[0], JoinLines(d.body)));
  state.env["SQLFLOW_TEST_REST_URL"] = rest_api::NamespaceUrl(d.args[0]);
  return Status::OK();
}

// rest-records NS, then a JSON array of records up to `----`: upserted by id into namespace NS
// (rows an API adds or changes between two runs).
Status AddRestApiRecords(const Directive& d, CaseState& state) {
  (void)state;
  return rest_api::AddRecords(d.args[0], JoinLines(d.body));
}

// rest-stats NS, then lines that must be parts of the lines of the namespace's counters, in
// order (as file-contains), the counters being pretty-printed with indent 2 and sorted keys:
// `"over_limit": 0`.
Status CheckRestApiStats(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(nlohmann::json stats, rest_api::Stats(d.args[0]));
  return CheckTextContains(d, state, "stats of REST namespace " + d.args[0], stats.dump(2));
}

// saas-api NS, then the namespace's config (JSON, with "api") up to `----`: creates or replaces
// namespace NS on the SaaS API emulator server and gives the runs that follow
// SQLFLOW_TEST_SAAS_URL, the namespace's base URL.
Status ConfigureSaasApi(const Directive& d, CaseState& state) {
  SQLFLOW_RETURN_IF_ERROR(saas_api::Configure(d.args[0], JoinLines(d.body)));
  state.env["SQLFLOW_TEST_SAAS_URL"] = saas_api::NamespaceUrl(d.args[0]);
  return Status::OK();
}

// saas-update NS, then the update (JSON: stream, create, update, delete) up to `----`: what the
// service changes between two runs.
Status UpdateSaasApi(const Directive& d, CaseState& state) {
  (void)state;
  return saas_api::Update(d.args[0], JoinLines(d.body)).status();
}

// saas-stats NS, then lines that must be parts of the lines of the namespace's counters, in
// order (as rest-stats).
Status CheckSaasApiStats(const Directive& d, CaseState& state) {
  SQLFLOW_ASSIGN_OR_RETURN(nlohmann::json stats, saas_api::Stats(d.args[0]));
  return CheckTextContains(d, state, "stats of SaaS namespace " + d.args[0], stats.dump(2));
}

constexpr DirectiveSyntax kOnePath{BodyKind::kNone, 1, 1};
constexpr DirectiveSyntax kPathAndBlock{BodyKind::kBlock, 1, 1};
constexpr DirectiveSyntax kCommand{BodyKind::kExitAndBlock, 0, -1};

// Every directive. Adding one is adding a function above and a row here.
const DirectiveSpec kDirectives[] = {
    {"file", kPathAndBlock, Role::kSetup, WriteFixtureFile},
    {"copy", {BodyKind::kNone, 2, 2}, Role::kSetup, CopyFromSource},
    {"remove", kOnePath, Role::kSetup, RemovePath},
    {"env", {BodyKind::kNone, 1, 2}, Role::kSetup, SetEnv},
    {"timeout", {BodyKind::kNone, 1, 1}, Role::kSetup, SetTimeout},
    {"interrupt-when", {BodyKind::kNone, 1, 16}, Role::kSetup, SetInterruptWhen},
    {"psql", kPathAndBlock, Role::kSetup, RunPsql},
    {"sleep", {BodyKind::kNone, 1, 1}, Role::kSetup, Sleep},
    {"s3-bucket", kOnePath, Role::kSetup, MakeS3Bucket},
    {"s3-upload", {BodyKind::kNone, 2, 2}, Role::kSetup, UploadToS3},
    {"s3-contains", kPathAndBlock, Role::kCheck, CheckS3Contains},
    {"s3-list", kPathAndBlock, Role::kCheck, CheckS3List},
    {"rest-api", kPathAndBlock, Role::kSetup, ConfigureRestApi},
    {"rest-records", kPathAndBlock, Role::kSetup, AddRestApiRecords},
    {"rest-stats", kPathAndBlock, Role::kCheck, CheckRestApiStats},
    {"saas-api", kPathAndBlock, Role::kSetup, ConfigureSaasApi},
    {"saas-update", kPathAndBlock, Role::kSetup, UpdateSaasApi},
    {"saas-stats", kPathAndBlock, Role::kCheck, CheckSaasApiStats},
    {"run", kCommand, Role::kCheck, RunExact},
    {"run-contains", kCommand, Role::kCheck, RunContains},
    {"run-lacks", kCommand, Role::kCheck, RunLacks},
    {"file-contains", kPathAndBlock, Role::kCheck, CheckFileContains},
    {"file-exists", kOnePath, Role::kCheck, CheckFileExists},
    {"file-absent", kOnePath, Role::kCheck, CheckFileAbsent},
    {"file-equals", kPathAndBlock, Role::kCheck, CheckFileEquals},
};

const DirectiveSpec* FindSpec(const std::string& name) {
  for (const DirectiveSpec& spec : kDirectives) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

Status ErrorAt(const TestFile& file, int line, const std::string& message) {
  SourceSpan span;
  span.file = file.path;
  span.line = static_cast<uint32_t>(line);
  span.column = 1;
  return Status::Invalid(message, span);
}

// The child's environment starts from ours without SQLFLOW_* (tests must not depend on the
// developer's shell) except SQLFLOW_TEST_PG_PORT, and without colors.
std::map<std::string, std::optional<std::string>> BaseEnvironment() {
  std::map<std::string, std::optional<std::string>> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    // The test PostgreSQL server's port is the one SQLFLOW_* a case may rely on.
    if (!entry.starts_with("SQLFLOW_") || entry.starts_with("SQLFLOW_TEST_PG_PORT=")) continue;
    env[std::string(entry.substr(0, entry.find('=')))] = std::nullopt;
  }
  env["NO_COLOR"] = "1";
  return env;
}

}  // namespace

const SyntaxTable& PipelineTestSyntax() {
  static const SyntaxTable kTable = [] {
    SyntaxTable table;
    for (const DirectiveSpec& spec : kDirectives) table[spec.name] = spec.syntax;
    return table;
  }();
  return kTable;
}

Status RunTestCase(const TestFile& file, const std::string& project_dir,
                   const RunnerOptions& options) {
  bool checks = std::any_of(file.directives.begin(), file.directives.end(), [](const Directive& d) {
    const DirectiveSpec* spec = FindSpec(d.name);
    return spec != nullptr && spec->role == Role::kCheck;
  });
  if (!checks) {
    return ErrorAt(file, 1,
                   "this file asserts nothing: add a run, run-contains, file-contains, "
                   "file-equals, file-exists or file-absent directive");
  }
  CaseState state{options, fs::path(project_dir), {project_dir}, BaseEnvironment()};
  std::error_code ec;
  std::string canonical = fs::canonical(project_dir, ec).string();
  if (!ec && canonical != project_dir) state.project_spellings.push_back(canonical);

  for (const Directive& d : file.directives) {
    const DirectiveSpec* spec = FindSpec(d.name);
    if (spec == nullptr) return ErrorAt(file, d.line, "unknown directive '" + d.name + "'");
    Status st = spec->run(d, state);
    if (!st.ok()) return ErrorAt(file, d.line, d.text + "\n" + st.message());
  }
  return Status::OK();
}

}  // namespace sqlflow::test
