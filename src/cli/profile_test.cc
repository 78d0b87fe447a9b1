#include "cli/profile.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "util/fake_file_system.h"
#include "util/temp_dir.h"
#include "util/test_paths.h"

namespace sqlflow {
namespace {

using Env = std::map<std::string, std::string>;

class ProfileTest : public ::testing::Test {
 protected:
  ProfileTest() { fs_.AddDirectory("/p/pipelines"); }

  void Write(const std::string& file, const std::string& text) {
    fs_.AddFile("/p/profiles/" + file, text);
  }
  Result<Profile> Load(const std::string& name = "dev") {
    return LoadProfile(project_, name, fs_, env_);
  }
  // The profile in profiles/dev.yml, which must load.
  Profile LoadOk(const std::string& text) {
    Write("dev.yml", text);
    Result<Profile> p = Load();
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : Profile{};
  }
  // The error message for profiles/dev.yml holding `text`.
  std::string LoadError(const std::string& text) {
    Write("dev.yml", text);
    Result<Profile> p = Load();
    EXPECT_FALSE(p.ok());
    if (p.ok()) return "";
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    return p.status().message();
  }

  test::FakeFileSystem fs_;
  Project project_{"/p"};
  Env env_;
};

TEST_F(ProfileTest, LoadsTheSpecExample) {
  env_ = {{"PGPASSWORD", "hunter22"}};
  Profile p = LoadOk(R"(
engines:
  duckdb:
    mode: persistent          # memory | persistent
    path: target/prod.duckdb
    memory_limit: 4GB
    threads: 4
variables:
  data_dir: data
connectors:
  warehouse:
    type: postgres
    params: {host: localhost, port: 5432, dbname: shop, user: app, password: "${PGPASSWORD}"}
execution:
  max_parallel: 4
  failure_policy: continue
  retries: 2
log_level: warning
)");
  EXPECT_EQ(p.name, "dev");
  EXPECT_EQ(p.file, "profiles/dev.yml");
  EXPECT_EQ(p.duckdb.mode, EngineMode::kPersistent);
  EXPECT_EQ(p.duckdb.path, "target/prod.duckdb");
  EXPECT_EQ(p.duckdb.memory_limit, "4GB");
  EXPECT_EQ(p.duckdb.threads, 4);
  EXPECT_EQ(p.variables, (Env{{"data_dir", "data"}}));
  ASSERT_EQ(p.connectors.count("warehouse"), 1u);
  const ConnectorSettings& w = p.connectors.at("warehouse");
  EXPECT_EQ(w.name, "warehouse");
  EXPECT_EQ(w.type, "POSTGRES");
  EXPECT_EQ(
      w.params->dump(),
      R"({"host":"localhost","port":5432,"dbname":"shop","user":"app","password":"hunter22"})");
  EXPECT_EQ(p.execution.max_parallel, 4);
  EXPECT_EQ(p.execution.failure_policy, FailurePolicy::kContinue);
  EXPECT_EQ(p.execution.retries, 2);
  EXPECT_EQ(p.log_level, LogLevel::kWarning);
  EXPECT_TRUE(p.warnings.empty());
}

TEST_F(ProfileTest, AnEmptyProfileHasTheDefaults) {
  for (const char* text : {"", "# nothing yet\n", "engines:\nvariables:\nconnectors:\n"}) {
    Profile p = LoadOk(text);
    EXPECT_EQ(p.duckdb.mode, EngineMode::kMemory);
    EXPECT_EQ(p.duckdb.path, "");
    EXPECT_FALSE(p.duckdb.memory_limit.has_value());
    EXPECT_FALSE(p.duckdb.threads.has_value());
    EXPECT_TRUE(p.variables.empty());
    EXPECT_TRUE(p.connectors.empty());
    EXPECT_FALSE(p.execution.max_parallel.has_value());
    EXPECT_EQ(p.execution.failure_policy, FailurePolicy::kFailFast);
    EXPECT_EQ(p.execution.retries, 0);
    EXPECT_EQ(p.log_level, LogLevel::kInfo);
  }
}

TEST_F(ProfileTest, AcceptsYamlSuffixAndNamesWithSuffix) {
  Write("prod.yaml", "log_level: ERROR\n");
  Result<Profile> p = Load("prod");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->file, "profiles/prod.yaml");
  EXPECT_EQ(p->log_level, LogLevel::kError);
  EXPECT_TRUE(Load("prod.yaml").ok());
  Write("dev.yml", "");
  EXPECT_EQ(Load("dev.yml")->name, "dev");
}

TEST_F(ProfileTest, BothSuffixesPresentIsAnError) {
  Write("dev.yml", "");
  Write("dev.yaml", "");
  EXPECT_EQ(Load().status().message(),
            "both profiles/dev.yml and profiles/dev.yaml exist; remove one of them");
}

TEST_F(ProfileTest, MissingProfileListsTheAvailableOnes) {
  Write("dev.yml", "");
  Write("prod.yaml", "");
  Write("staging.yml", "");
  EXPECT_EQ(Load("dve").status().message(),
            "profile 'dve' not found (looked for profiles/dve.yml and profiles/dve.yaml); did "
            "you mean 'dev'? available profiles: dev, prod, staging");
  Result<Profile> p = Load("prd");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(p.status().message(),
            "profile 'prd' not found (looked for profiles/prd.yml and profiles/prd.yaml); did "
            "you mean 'prod'? available profiles: dev, prod, staging");
  EXPECT_EQ(Load("test").status().message(),
            "profile 'test' not found (looked for profiles/test.yml and profiles/test.yaml); "
            "available profiles: dev, prod, staging");
}

TEST_F(ProfileTest, MissingProfileInAProjectWithoutProfiles) {
  EXPECT_EQ(Load().status().message(),
            "profile 'dev' not found (looked for profiles/dev.yml and profiles/dev.yaml); the "
            "project has no profiles yet: create profiles/dev.yml");
}

TEST_F(ProfileTest, ProfileNamesArePlainFileNames) {
  EXPECT_EQ(Load("../secrets").status().message(),
            "invalid profile name '../secrets'; give the name of a file in profiles/ without "
            ".yml, e.g. dev");
  EXPECT_EQ(Load("").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ProfileTest, UnreadableFileReportsTheReadError) {
  Write("dev.yml", "");
  fs_.FailReads("/p/profiles/dev.yml", "/p/profiles/dev.yml: permission denied");
  EXPECT_EQ(Load().status().message(), "/p/profiles/dev.yml: permission denied");
}

TEST_F(ProfileTest, MalformedYamlGivesLineAndColumn) {
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    mode: [memory\n"),
            "profiles/dev.yml:4:1: invalid YAML: end of sequence flow not found");
  EXPECT_EQ(LoadError("variables:\n  a: 1\n b: 2\n"),
            "profiles/dev.yml:3:2: invalid YAML: end of map not found");
}

TEST_F(ProfileTest, TopLevelMustBeAMapping) {
  EXPECT_EQ(LoadError("- engines\n"),
            "profiles/dev.yml:1:1: expected a mapping of settings (engines:, variables:, …), got "
            "a list");
}

TEST_F(ProfileTest, UnknownKeysSuggestTheClosest) {
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    mdoe: memory\n"),
            "profiles/dev.yml:3:5: engines.duckdb.mdoe: unknown key; did you mean 'mode'?");
  EXPECT_EQ(LoadError("connectors:\n  pg:\n    tpye: POSTGRES\n"),
            "profiles/dev.yml:3:5: connectors.pg.tpye: unknown key; did you mean 'type'?\n"
            "profiles/dev.yml:2:3: connectors.pg.type: missing; give the connector type, e.g. "
            "type: POSTGRES");
  EXPECT_EQ(LoadError("variabels:\n  a: 1\n"),
            "profiles/dev.yml:1:1: variabels: unknown key; did you mean 'variables'?");
}

TEST_F(ProfileTest, UnknownKeysWithoutACloseOneListTheValidKeys) {
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    cache_size: 1\n"),
            "profiles/dev.yml:3:5: engines.duckdb.cache_size: unknown key; valid keys: mode, "
            "path, memory_limit, threads");
  EXPECT_EQ(LoadError("engines:\n  sqlite: {}\n"),
            "profiles/dev.yml:2:3: engines.sqlite: unknown key; valid keys: duckdb, postgres");
  EXPECT_EQ(LoadError("execution:\n  parallel: 2\n"),
            "profiles/dev.yml:2:3: execution.parallel: unknown key; valid keys: max_parallel, "
            "failure_policy, retries");
  EXPECT_EQ(LoadError("connectors:\n  pg:\n    type: POSTGRES\n    host: x\n"),
            "profiles/dev.yml:4:5: connectors.pg.host: unknown key; valid keys: type, params");
  EXPECT_EQ(LoadError("colour: red\n"),
            "profiles/dev.yml:1:1: colour: unknown key; valid keys: engines, variables, "
            "connectors, execution, log_level, schema_policy");
}

TEST_F(ProfileTest, BadValuesNameTheKeyTheValueAndTheValidValues) {
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    mode: fast\n"),
            "profiles/dev.yml:3:11: engines.duckdb.mode: invalid value 'fast'; valid values: "
            "memory, persistent");
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    threads: \"x\"\n"),
            "profiles/dev.yml:3:14: engines.duckdb.threads: invalid value 'x'; expected a whole "
            "number of at least 1");
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    threads: 2.5\n"),
            "profiles/dev.yml:3:14: engines.duckdb.threads: invalid value '2.5'; expected a "
            "whole number of at least 1");
  EXPECT_EQ(LoadError("execution:\n  max_parallel: 0\n"),
            "profiles/dev.yml:2:17: execution.max_parallel: invalid value '0'; expected a whole "
            "number from 1 to 256");
  EXPECT_EQ(LoadError("execution:\n  retries: -1\n"),
            "profiles/dev.yml:2:12: execution.retries: invalid value '-1'; expected a whole "
            "number of at least 0");
  EXPECT_EQ(LoadError("execution:\n  failure_policy: stop\n"),
            "profiles/dev.yml:2:19: execution.failure_policy: invalid value 'stop'; valid "
            "values: fail_fast, continue");
  EXPECT_EQ(LoadError("log_level: verbose\n"),
            "profiles/dev.yml:1:12: log_level: invalid value 'verbose'; valid values: debug, "
            "info, warning, error");
}

TEST_F(ProfileTest, WrongShapesAreErrors) {
  EXPECT_EQ(LoadError("engines: duckdb\n"),
            "profiles/dev.yml:1:10: engines: expected a mapping, got 'duckdb'");
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    memory_limit: [1, 2]\n"),
            "profiles/dev.yml:3:19: engines.duckdb.memory_limit: expected a value, got a list");
  EXPECT_EQ(LoadError("variables:\n  - a\n"),
            "profiles/dev.yml:2:3: variables: expected a mapping, got a list");
  EXPECT_EQ(LoadError("variables:\n  regions: [eu, us]\n"),
            "profiles/dev.yml:2:12: variables.regions: expected a text, number or boolean value, "
            "got a list");
  EXPECT_EQ(LoadError("connectors:\n  pg: postgres://x\n"),
            "profiles/dev.yml:2:7: connectors.pg: expected a mapping, got 'postgres://x'");
  EXPECT_EQ(LoadError("connectors:\n  pg:\n    type: POSTGRES\n    params: host=h password=pw\n"),
            "profiles/dev.yml:4:13: connectors.pg.params: expected a mapping of parameters, got "
            "'host=h password=********'");
  EXPECT_EQ(LoadError("connectors:\n  pg:\n    type: POSTGRES\n    params: [a]\n"),
            "profiles/dev.yml:4:13: connectors.pg.params: expected a mapping of parameters, got "
            "a list");
  EXPECT_EQ(LoadError("log_level:\n"),
            "profiles/dev.yml:1:1: log_level: expected a value, got nothing");
}

TEST_F(ProfileTest, PersistentModeNeedsAPath) {
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    mode: persistent\n"),
            "profiles/dev.yml:2:3: engines.duckdb.path: required when mode is persistent, e.g. "
            "path: target/dev.duckdb");
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    mode: persistent\n    path: ''\n"),
            "profiles/dev.yml:4:11: engines.duckdb.path: required when mode is persistent, e.g. "
            "path: target/dev.duckdb");
}

TEST_F(ProfileTest, MaxParallelHasAnUpperLimit) {
  EXPECT_EQ(LoadError("execution:\n  max_parallel: 100000\n"),
            "profiles/dev.yml:2:17: execution.max_parallel: invalid value '100000'; expected a "
            "whole number from 1 to 256");
  EXPECT_EQ(LoadOk("execution:\n  max_parallel: 256\n").execution.max_parallel, 256);
}

// validate must refuse what DuckDB refuses when run opens the database.
TEST_F(ProfileTest, MemoryLimitIsCheckedAsDuckDbReadsIt) {
  for (const char* ok : {"4GB", "512MiB", "1.5GB", "4gb", "10 GB"}) {
    EXPECT_EQ(LoadOk(std::string("engines:\n  duckdb:\n    memory_limit: ") + ok + "\n")
                  .duckdb.memory_limit.value_or(""),
              ok);
  }
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    memory_limit: lots\n"),
            "profiles/dev.yml:3:19: engines.duckdb.memory_limit: invalid value 'lots'; give a "
            "size such as 4GB, 512MiB or 1.5GB (units KB, MB, GB, TB or KiB, MiB, GiB, TiB)");
  // DuckDB 1.4 takes no share of the memory for this setting.
  EXPECT_NE(LoadError("engines:\n  duckdb:\n    memory_limit: 80%\n").find("invalid value '80%'"),
            std::string::npos);
  EXPECT_NE(LoadError("engines:\n  duckdb:\n    memory_limit: 0\n").find("invalid value '0'"),
            std::string::npos);
}

TEST_F(ProfileTest, PersistentPathThatIsAFolderIsAnError) {
  fs_.AddDirectory("/p/target/db");
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    mode: persistent\n    path: target/db\n"),
            "profiles/dev.yml:4:11: engines.duckdb.path: 'target/db' is a folder, not a DuckDB "
            "database file; name a file, e.g. target/db/dev.duckdb");
}

// The magic bytes are read from the disk, so this test uses a real project folder.
TEST(ProfileDiskTest, PersistentPathMustBeADuckDbFileWhenItExists) {
  test::TempDir dir;
  dir.WriteFile("profiles/dev.yml", "engines: {duckdb: {mode: persistent, path: data/x.csv}}\n");
  dir.WriteFile("profiles/empty.yml",
                "engines: {duckdb: {mode: persistent, path: target/empty.duckdb}}\n");
  dir.WriteFile("profiles/duck.yml",
                "engines: {duckdb: {mode: persistent, path: target/ok.duckdb}}\n");
  dir.WriteFile("profiles/new.yml", "engines: {duckdb: {mode: persistent, path: target/n.db}}\n");
  dir.WriteFile("data/x.csv", "id,name\n1,a\n");
  dir.WriteFile("target/empty.duckdb", "");
  dir.WriteFile("target/ok.duckdb", std::string(8, '\0') + "DUCK" + std::string(100, '\0'));
  RealFileSystem fs;
  Project project{dir.path()};
  Result<Profile> csv = LoadProfile(project, "dev", fs, {});
  ASSERT_FALSE(csv.ok());
  EXPECT_EQ(csv.status().message(),
            "profiles/dev.yml:1:44: engines.duckdb.path: 'data/x.csv' exists but is not a DuckDB "
            "database file; point path at a .duckdb file, or at one that does not exist yet to "
            "create it");
  // An empty file is what a first run killed while DuckDB created the file leaves: run creates
  // the database anew (IsUnfinishedDatabaseFile).
  EXPECT_TRUE(LoadProfile(project, "empty", fs, {}).ok());
  EXPECT_TRUE(LoadProfile(project, "duck", fs, {}).ok());
  EXPECT_TRUE(LoadProfile(project, "new", fs, {}).ok());
}

TEST_F(ProfileTest, ConnectorsNeedAType) {
  EXPECT_EQ(LoadError("connectors:\n  pg:\n    params: {host: x}\n"),
            "profiles/dev.yml:2:3: connectors.pg.type: missing; give the connector type, e.g. "
            "type: POSTGRES");
}

TEST_F(ProfileTest, DuplicateKeysAreErrors) {
  EXPECT_EQ(LoadError("variables:\n  a: 1\n  a: 2\n"),
            "profiles/dev.yml:3:3: variables.a: duplicate key (first given on line 2); keep one "
            "of them");
}

TEST_F(ProfileTest, ReportsEveryProblemAtOnce) {
  EXPECT_EQ(LoadError("engines:\n"
                      "  duckdb:\n"
                      "    mdoe: memory\n"
                      "    threads: many\n"
                      "execution:\n"
                      "  max_parallel: 0\n"),
            "profiles/dev.yml:3:5: engines.duckdb.mdoe: unknown key; did you mean 'mode'?\n"
            "profiles/dev.yml:4:14: engines.duckdb.threads: invalid value 'many'; expected a "
            "whole number of at least 1\n"
            "profiles/dev.yml:6:17: execution.max_parallel: invalid value '0'; expected a whole "
            "number from 1 to 256");
}

TEST_F(ProfileTest, VariablesAreTextWithEnvironmentReferencesResolved) {
  env_ = {{"DATA_ROOT", "/srv/data"}, {"EMPTY", ""}};
  Profile p = LoadOk(R"(
variables:
  data_dir: ${DATA_ROOT}/in
  port: 5432
  flag: true
  quoted: "5432"
  region: ${REGION|eu-west-1}
  spaced: ${ REGION | 'us east' }
  empty: ${EMPTY|fallback}
  nothing:
  date: ${RUN_DATE}
  mixed: ${RUN_DATE}-${REGION|x}
)");
  EXPECT_EQ(p.variables, (Env{{"data_dir", "/srv/data/in"},
                              {"port", "5432"},
                              {"flag", "true"},
                              {"quoted", "5432"},
                              {"region", "eu-west-1"},
                              {"spaced", "us east"},
                              {"empty", ""},
                              {"nothing", ""},
                              {"date", "${RUN_DATE}"},
                              {"mixed", "${RUN_DATE}-x"}}));
  EXPECT_EQ(p.unresolved_variables, (Env{{"date", "RUN_DATE"}, {"mixed", "RUN_DATE"}}));
}

TEST_F(ProfileTest, ConnectorParamsAreTypedAfterSubstitution) {
  env_ = {{"PGPORT", "6543"}, {"PGPASSWORD", "007"}};
  Profile p = LoadOk(R"(
connectors:
  pg:
    type: Postgres
    params:
      port: ${PGPORT}
      quoted_port: "${PGPORT}"
      password: ${PGPASSWORD}
      ssl: false
      ratio: 0.5
      nothing: ~
      zip: 01234
      hosts: [a, b]
      auth_params:
        token: ${API_TOKEN|none}
        method: bearer
)");
  const ConnectorSettings& pg = p.connectors.at("pg");
  EXPECT_EQ(pg.type, "POSTGRES");
  EXPECT_EQ(pg.params->dump(),
            R"({"port":6543,"quoted_port":"6543","password":"007","ssl":false,"ratio":0.5,)"
            R"("nothing":null,"zip":"01234","hosts":["a","b"],)"
            R"("auth_params":{"token":"none","method":"bearer"}})");
}

TEST_F(ProfileTest, AConnectorWithoutParamsHasAnEmptyObject) {
  Profile p = LoadOk("connectors:\n  files:\n    type: csv\n");
  EXPECT_EQ(p.connectors.at("files").params->dump(), "{}");
}

TEST_F(ProfileTest, UnsetEnvironmentVariableInAConnectorIsAnError) {
  EXPECT_EQ(LoadError("connectors:\n  pg:\n    type: POSTGRES\n    params:\n      password: "
                      "\"${PGPASSWORD}\"\n      hosts: [\"${H1}\"]\n"),
            "profiles/dev.yml:5:17: connectors.pg.params.password: environment variable "
            "'PGPASSWORD' is not set; set it in the environment or in .env, or give a default: "
            "${PGPASSWORD|value}\n"
            "profiles/dev.yml:6:15: connectors.pg.params.hosts[0]: environment variable 'H1' is "
            "not set; set it in the environment or in .env, or give a default: ${H1|value}");
}

TEST_F(ProfileTest, EnvironmentReferencesWorkInEngineSettings) {
  env_ = {{"DUCK_THREADS", "3"}};
  Profile p = LoadOk(
      "engines:\n  duckdb:\n    mode: ${DUCK_MODE|persistent}\n    path: ${DUCK_PATH|t.db}\n"
      "    threads: ${DUCK_THREADS}\n");
  EXPECT_EQ(p.duckdb.mode, EngineMode::kPersistent);
  EXPECT_EQ(p.duckdb.path, "t.db");
  EXPECT_EQ(p.duckdb.threads, 3);
  EXPECT_EQ(LoadError("engines:\n  duckdb:\n    memory_limit: ${MEM}\n"),
            "profiles/dev.yml:3:19: engines.duckdb.memory_limit: environment variable 'MEM' is "
            "not set; set it in the environment or in .env, or give a default: ${MEM|value}");
}

TEST_F(ProfileTest, MalformedReferencesAreErrors) {
  EXPECT_EQ(
      LoadError("variables:\n  a: ${OPEN\n"),
      "profiles/dev.yml:2:6: variables.a: unterminated variable reference: '${' has no closing "
      "'}'; write ${name} or ${name|default}");
  EXPECT_EQ(LoadError("variables:\n  a: x${}\n"),
            "profiles/dev.yml:2:6: variables.a: empty variable name in '${}'; write ${name} or "
            "${name|default}");
}

TEST_F(ProfileTest, KeysOfTheEarlierToolAreIgnoredWithAWarning) {
  Profile p = LoadOk(
      "engines:\n  duckdb:\n    mode: memory\n    path: target/x.duckdb\n"
      "log_file: logs/sqlflow.log\nperformance:\n  batch_size: 1000\n");
  EXPECT_EQ(p.duckdb.path, "");
  EXPECT_EQ(p.warnings,
            (std::vector<std::string>{
                "profiles/dev.yml:4:5: engines.duckdb.path: ignored in memory mode; set mode: "
                "persistent to use the file",
                "profiles/dev.yml:5:1: 'log_file' is a setting of the earlier Python sqlflow; "
                "ignored",
                "profiles/dev.yml:6:1: 'performance' is a setting of the earlier Python sqlflow; "
                "ignored"}));
}

TEST_F(ProfileTest, ListsProfilesOfBothSuffixes) {
  Write("prod.yaml", "");
  Write("dev.yml", "");
  Write("dev.yaml", "");
  Write("notes.txt", "");
  EXPECT_EQ(ListProfiles(project_, fs_), (std::vector<std::string>{"dev", "prod"}));
}

TEST(ProfileOnDisk, TheExampleProjectsProfilesLoad) {
  RealFileSystem fs;
  Project shop{std::string(test::SourceDir()) + "/examples/shop"};
  EXPECT_EQ(ListProfiles(shop, fs), (std::vector<std::string>{"dev", "prod"}));
  for (const std::string& name : ListProfiles(shop, fs)) {
    Result<Profile> p = LoadProfile(shop, name, fs, {});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_TRUE(p->warnings.empty()) << name;
  }
}

TEST(EnumNames, AreTheProfileSpellings) {
  EXPECT_STREQ(ToString(EngineMode::kPersistent), "persistent");
  EXPECT_STREQ(ToString(FailurePolicy::kFailFast), "fail_fast");
  EXPECT_STREQ(ToString(LogLevel::kWarning), "warning");
}

}  // namespace
}  // namespace sqlflow
