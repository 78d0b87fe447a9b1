// No secret in any output (SPEC §1, issue 16): distinct secrets are planted through every route a
// credential can take — a profile connector, a misspelled credential key in one, a profile
// variable, .env, the process environment, --vars, inline PARAMS, and SQL that splices a variable
// which feeds a password — then every verb that shows or keeps something runs (successful and
// failing), and neither their output nor any file they leave may contain any secret.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "util/postgres_server.h"
#include "util/s3_test_server.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow::test {
namespace {

struct Secret {
  const char* route;
  const char* value;
};

const std::vector<Secret> kSecrets = {
    {"profile connector password", "prof-secret-A2x9"},
    {"misspelled profile key (pasword)", "typo-secret-A3x9"},
    {"profile variable with a secret name", "prof-var-secret-A1x9"},
    {".env variable feeding a password", "dotenv-secret-B1x9"},
    {"environment variable in a profile connector", "env-secret-C1x9"},
    {"environment variable in inline params", "env-secret-C2x9"},
    {"--vars variable feeding a password", "vars-secret-D1x9"},
    {"inline PARAMS password", "inline-secret-E1x9"},
    {"inline password on a line with a syntax error", "inline-secret-E2x9"},
    {"S3 profile connector secret_access_key", "s3-secret-F1x9"},
    {"S3 inline secret_access_key", "s3-inline-secret-F2x9"},
};

std::string PgParams(int port, const std::string& password_json, const std::string& query) {
  return R"({"host": "127.0.0.1", "port": )" + std::to_string(port) +
         R"(, "dbname": "postgres", "user": "postgres", "password": )" + password_json +
         R"(, "query": ")" + query + R"("})";
}

void WriteProject(const TempDir& dir, int port) {
  std::string p = std::to_string(port);
  dir.WriteFile("profiles/dev.yml",
                "engines: {duckdb: {mode: persistent, path: target/sweep.duckdb}}\n"
                "variables:\n"
                "  profile_token: prof-var-secret-A1x9\n"
                "connectors:\n"
                "  wh:\n"
                "    type: POSTGRES\n"
                "    params:\n"
                "      host: 127.0.0.1\n"
                "      port: " +
                    p +
                    "\n"
                    "      dbname: postgres\n"
                    "      user: postgres\n"
                    "      password: prof-secret-A2x9\n"
                    "  typo:\n"
                    "    type: POSTGRES\n"
                    "    params: {host: 127.0.0.1, port: " +
                    p +
                    ", dbname: postgres, user: postgres, pasword: typo-secret-A3x9}\n"
                    "  envconn:\n"
                    "    type: POSTGRES\n"
                    "    params: {host: 127.0.0.1, port: " +
                    p +
                    ", dbname: postgres, user: postgres, password: \"${SWEEP_ENV_PW}\"}\n"
                    "  lake:\n"
                    "    type: S3\n"
                    "    params: {bucket: sweep, endpoint: \"" +
                    S3TestEndpoint() +
                    "\", access_key_id: S3RVER, secret_access_key: s3-secret-F1x9}\n");
  // S3 requests signed with wrong secrets: they fail, and say so without the secret.
  dir.WriteFile("pipelines/s3.sf",
                "SOURCE s FROM \"lake\" OPTIONS {\"prefix\": \"in/\", \"format\": \"csv\"};\n"
                "SOURCE i TYPE S3 PARAMS {\"path\": \"s3://sweep/in/a.csv\", \"endpoint\": \"" +
                    S3TestEndpoint() +
                    "\", \"access_key_id\": \"S3RVER\", \"secret_access_key\": "
                    "\"s3-inline-secret-F2x9\"};\n"
                    "LOAD ls FROM s;\nLOAD li FROM i;\n");
  dir.WriteFile(".env", "DOTENV_PW=dotenv-secret-B1x9\n");
  dir.WriteFile(
      "pipelines/main.sf",
      "SOURCE a FROM \"wh\" OPTIONS {\"query\": \"select 1 as x\"};\n"
      "SOURCE b FROM \"envconn\" OPTIONS {\"query\": \"select 2 as x\"};\n"
      "SOURCE c TYPE POSTGRES PARAMS " +
          PgParams(port, "\"${DOTENV_PW}\"", "select 3 as x") +
          ";\n"
          "SOURCE d TYPE POSTGRES PARAMS " +
          PgParams(port, "\"${vars_pw}\"", "select 4 as x") +
          ";\n"
          "SOURCE e TYPE POSTGRES PARAMS " +
          PgParams(port, "\"inline-secret-E1x9\"", "select 5 as x") +
          ";\n"
          "SOURCE f TYPE POSTGRES PARAMS " +
          PgParams(port, "\"${SWEEP_ENV_TOKEN2}\"", "select 6 as x") +
          ";\n"
          "LOAD la FROM a;\nLOAD lb FROM b;\nLOAD lc FROM c;\nLOAD ld FROM d;\nLOAD le FROM e;\n"
          "LOAD lf FROM f;\n"
          "CREATE TABLE spliced AS SELECT count(*) AS n FROM la WHERE '${DOTENV_PW}' <> '' AND "
          "'${vars_pw}' <> '' AND '${profile_token}' <> '';\n");
  // A step that fails with the spliced secret in its SQL (DuckDB's error quotes the query).
  dir.WriteFile("pipelines/broken.sf",
                "SOURCE c TYPE POSTGRES PARAMS " +
                    PgParams(port, "\"${DOTENV_PW}\"", "select 3 as x") +
                    ";\nLOAD lc FROM c;\n"
                    "CREATE TABLE boom AS SELECT * FROM lc WHERE no_such_column = "
                    "'${DOTENV_PW}';\n");
  // A syntax error on a line that holds a literal password: the excerpt must not show it.
  dir.WriteFile("pipelines/syntax.sf",
                "SOURCE s TYPE POSTGRES PARAMS {\"host\": \"h\", \"password\": "
                "\"inline-secret-E2x9\",, \"query\": \"q\"};\n");
  // The misspelled connector key, used by a SOURCE.
  dir.WriteFile(
      "pipelines/typo.sf",
      "SOURCE t FROM \"typo\" OPTIONS {\"query\": \"select 1 as x\"};\nLOAD lt FROM t;\n");
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SecretsSweepTest, NoPlantedSecretInAnyOutputOrFileLeft) {
  Result<PostgresTestServer*> server = PostgresTestServer::Get();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  TempDir dir;
  WriteProject(dir, (*server)->port());
  const std::vector<std::string> vars = {"--vars", "vars_pw=vars-secret-D1x9"};
  const std::vector<std::vector<std::string>> commands = {
      {"validate"},
      {"compile", "main"},
      {"compile", "main", "--json"},
      {"run", "main", "--dry-run"},
      {"run", "main"},
      {"run", "main", "--json"},
      {"run", "broken"},
      {"run", "broken", "--json"},
      {"compile", "syntax"},
      {"validate", "typo"},
      {"run", "typo"},
      {"connect", "list"},
      {"connect", "test", "wh"},
      {"connect", "test", "typo"},
      {"connect", "test", "c"},
      {"run", "s3"},
      {"run", "s3", "--json"},
      {"connect", "test", "lake"},
      {"connect", "test", "i"},
      {"runs"},
      {"state", "show"},
      {"query", "SELECT * FROM spliced"},
  };
  int succeeded_runs = 0;
  for (const auto& command : commands) {
    ChildOptions options;
    options.program = SqlflowBinary();
    options.args = command;
    if (command[0] != "runs") options.args.insert(options.args.end(), vars.begin(), vars.end());
    options.cwd = dir.path();
    options.env["SWEEP_ENV_PW"] = "env-secret-C1x9";
    options.env["SWEEP_ENV_TOKEN2"] = "env-secret-C2x9";
    options.env["NO_COLOR"] = "1";
    Result<ChildResult> result = RunChildProcess(options);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    std::string shown = FormatCommand("sqlflow", options.args);
    EXPECT_EQ(result->signal, 0) << shown << "\n" << result->output;
    if (command.size() == 2 && command[0] == "run" && command[1] == "main") {
      // The routes are really exercised: the run reads with every password.
      EXPECT_EQ(result->exit_code, 0) << shown << "\n" << result->output;
      ++succeeded_runs;
    }
    if (command == std::vector<std::string>{"run", "s3"}) {
      // The S3 routes are really exercised: the server checked a signature made with each.
      EXPECT_NE(result->output.find("SignatureDoesNotMatch"), std::string::npos) << result->output;
    }
    if (command.size() == 3 && command[2] == "--json" && command[0] == "compile") {
      EXPECT_NE(result->output.find(R"("password": "********")"), std::string::npos)
          << result->output;
    }
    for (const Secret& secret : kSecrets) {
      EXPECT_EQ(result->output.find(secret.value), std::string::npos)
          << "`" << shown << "` printed the secret of route '" << secret.route << "':\n"
          << result->output;
    }
  }
  EXPECT_EQ(succeeded_runs, 1);
  // Every file the verbs left (the plan files, run records, the DuckDB file with its run history
  // and state), but not the inputs the test wrote.
  int files_checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() + "/target")) {
    if (!entry.is_regular_file()) continue;
    ++files_checked;
    std::string content = ReadWholeFile(entry.path());
    for (const Secret& secret : kSecrets) {
      EXPECT_EQ(content.find(secret.value), std::string::npos)
          << entry.path() << " holds the secret of route '" << secret.route << "'";
    }
  }
  EXPECT_GE(files_checked, 4);  // compiled plans, run records, the database
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/target/compiled/main.json"));
}

}  // namespace
}  // namespace sqlflow::test
