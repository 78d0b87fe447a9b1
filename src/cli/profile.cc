#include "cli/profile.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <utility>

#include "cli/dotenv.h"
#include "cli/secrets.h"
#include "common/file_head.h"
#include "common/strings.h"
#include "common/text_encoding.h"
#include "engine/database.h"

namespace sqlflow {

namespace {

using Json = nlohmann::ordered_json;
using EnvMap = std::map<std::string, std::string>;

std::string KeyPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// How a YAML node is described in "expected X, got Y" messages (credentials masked: a DSN
// written where a mapping belongs must not end up in the error).
std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "'" + MaskCredentialsInText(node.Scalar()) + "'";
    default:
      return "nothing";
  }
}

// Settings the earlier Python tool's profiles carried that this version does not use; they are
// ignored with a warning so that old projects keep loading (SPEC: old projects run unchanged).
const std::vector<std::string> kLegacyTopKeys = {
    "description", "destinations", "log_file", "logging", "name",   "outputs",
    "performance", "sources",      "target",   "testing", "version"};

// One key: value pair of a YAML mapping.
struct Entry {
  std::string key;
  std::string path;  // key path from the top: "engines.duckdb.mode"
  YAML::Node key_node;
  YAML::Node value;
};

// DuckDB database files carry these bytes at this offset (its main header's magic).
constexpr std::string_view kDuckDbMagic = "DUCK";
constexpr size_t kDuckDbMagicOffset = 8;

// What is wrong with `path` as engines.duckdb.path, or "" when DuckDB can open or create it:
// a folder, or a file that is not a DuckDB database (run must not open, let alone write, it).
std::string DatabasePathProblem(const std::string& shown, const std::string& path,
                                const FileSystem& fs) {
  if (fs.IsDirectory(path)) {
    return "'" + shown + "' is a folder, not a DuckDB database file; name a file, e.g. " + shown +
           "/dev.duckdb";
  }
  if (!fs.Exists(path)) return "";                // created by the first run
  if (IsUnfinishedDatabaseFile(path)) return "";  // a killed first run's: created anew
  Result<std::string> head = ReadFileHead(path, kDuckDbMagicOffset + kDuckDbMagic.size());
  if (!head.ok()) return "";  // not on this disk (a test's file system) or unreadable: run says
  if (head->size() == kDuckDbMagicOffset + kDuckDbMagic.size() &&
      head->compare(kDuckDbMagicOffset, kDuckDbMagic.size(), kDuckDbMagic) == 0) {
    return "";
  }
  return "'" + shown +
         "' exists but is not a DuckDB database file; point path at a .duckdb file, or at one "
         "that does not exist yet to create it";
}

// The problem DuckDB has with memory_limit `value`, or "" when DuckDB takes it. Asked of a
// throwaway in-memory database, so that validate accepts exactly what run does.
std::string MemoryLimitProblem(const std::string& value) {
  DatabaseOptions options;
  options.memory_limit = value;
  if (Database::Open(options).ok()) return "";
  return "invalid value '" + value +
         "'; give a size such as 4GB, 512MiB or 1.5GB (units KB, MB, GB, TB or KiB, MiB, GiB, "
         "TiB)";
}

class ProfileReader {
 public:
  ProfileReader(std::string file, const EnvMap& env, const Project& project, const FileSystem& fs)
      : file_(std::move(file)), env_(env), project_(project), fs_(fs) {}

  // Fills `profile` from the YAML text; false when there were errors (see errors()).
  bool Read(const std::string& text, Profile* profile) {
    try {
      YAML::Node root = YAML::Load(text);
      if (root.IsNull()) return true;  // an empty profile: all defaults
      if (!root.IsMap()) {
        Error(root.Mark(), "",
              "expected a mapping of settings (engines:, variables:, …), got " + Describe(root));
        return false;
      }
      ReadTop(root, profile);
      CheckEngineConnection(*profile);
    } catch (const YAML::Exception& e) {
      Error(e.mark, "", "invalid YAML: " + e.msg);
    } catch (const std::exception& e) {
      Error(YAML::Mark::null_mark(), "", std::string("cannot read: ") + e.what());
    }
    return errors_.empty();
  }

  const std::vector<std::string>& errors() const { return errors_; }
  std::vector<std::string>& warnings() { return warnings_; }

 private:
  // profile := { engines | variables | connectors | execution | log_level | schema_policy |
  //             legacy key }
  void ReadTop(const YAML::Node& root, Profile* p) {
    for (const Entry& e : Entries(root, "")) {
      if (e.key == "engines") {
        ReadEngines(e, p);
      } else if (e.key == "variables") {
        ReadVariables(e, p);
      } else if (e.key == "connectors") {
        ReadConnectors(e, &p->connectors);
      } else if (e.key == "execution") {
        ReadExecution(e, &p->execution);
      } else if (e.key == "log_level") {
        ReadChoice<LogLevel>(e,
                             {{"debug", LogLevel::kDebug},
                              {"info", LogLevel::kInfo},
                              {"warning", LogLevel::kWarning},
                              {"error", LogLevel::kError}},
                             &p->log_level);
      } else if (e.key == "schema_policy") {
        ReadChoice<SchemaPolicy>(e,
                                 {{"alert", SchemaPolicy::kAlert},
                                  {"permissive", SchemaPolicy::kPermissive},
                                  {"evolve", SchemaPolicy::kEvolve}},
                                 &p->schema_policy);
      } else if (std::count(kLegacyTopKeys.begin(), kLegacyTopKeys.end(), e.key) > 0) {
        warnings_.push_back(Place(e.key_node.Mark(), "") + "'" + e.key +
                            "' is a setting of the earlier Python sqlflow; ignored");
      } else {
        UnknownKey(
            e, {"engines", "variables", "connectors", "execution", "log_level", "schema_policy"});
      }
    }
  }

  // engines := { duckdb } | { postgres }: exactly one engine.
  void ReadEngines(const Entry& engines, Profile* p) {
    std::vector<Entry> named;
    for (const Entry& e : Entries(engines.value, engines.path)) {
      if (e.key == "duckdb") {
        ReadDuckDb(e, &p->duckdb);
        named.push_back(e);
      } else if (e.key == "postgres") {
        PostgresEngineSettings settings;
        ReadPostgresEngine(e, &settings);
        p->postgres = settings;
        postgres_entry_ = e;
        named.push_back(e);
      } else {
        UnknownKey(e, {"duckdb", "postgres"});
      }
    }
    if (named.size() > 1) {
      Error(named[1].key_node.Mark(), named[1].path,
            "a profile names one engine, and this one also names '" + named[0].key +
                "'; keep one (make another profile for the other engine)");
    }
  }

  // postgres := { connection: text, schema: text, state_schema: text }
  void ReadPostgresEngine(const Entry& pg, PostgresEngineSettings* s) {
    bool has_connection = false;
    for (const Entry& e : Entries(pg.value, pg.path)) {
      if (e.key == "connection") {
        has_connection = true;
        if (auto v = ReadText(e)) s->connection = *v;
      } else if (e.key == "schema") {
        if (auto v = ReadText(e)) s->schema = *v;
      } else if (e.key == "state_schema") {
        if (auto v = ReadText(e)) s->state_schema = *v;
      } else {
        UnknownKey(e, {"connection", "schema", "state_schema"});
      }
    }
    if (!has_connection) {
      Error(pg.key_node.Mark(), KeyPath(pg.path, "connection"),
            "missing; name a POSTGRES connector of this profile, e.g. connection: warehouse");
    }
  }

  // engines.postgres.connection names a POSTGRES connector (read after every key: connectors
  // may come later in the file).
  void CheckEngineConnection(const Profile& p) {
    if (!p.postgres || !postgres_entry_ || p.postgres->connection.empty()) return;
    const std::string& name = p.postgres->connection;
    auto it = p.connectors.find(name);
    std::string path = KeyPath(postgres_entry_->path, "connection");
    if (it == p.connectors.end()) {
      std::vector<std::string> postgres;
      for (const auto& [n, c] : p.connectors) {
        if (c.type == "POSTGRES") postgres.push_back(n);
      }
      Error(postgres_entry_->key_node.Mark(), path,
            "no connector '" + name + "' in this profile; " +
                (postgres.empty() ? std::string("add one under connectors: with type: POSTGRES")
                                  : "its POSTGRES connectors: " + Join(postgres)));
    } else if (it->second.type != "POSTGRES") {
      Error(postgres_entry_->key_node.Mark(), path,
            "connector '" + name + "' is of type " + it->second.type +
                ", not POSTGRES; the postgres engine needs a PostgreSQL server");
    }
  }

  // duckdb := { mode: memory|persistent, path: text, memory_limit: text, threads: int >= 1 }
  void ReadDuckDb(const Entry& duck, DuckDbSettings* d) {
    std::optional<Entry> path_entry;
    bool path_ok = false;
    for (const Entry& e : Entries(duck.value, duck.path)) {
      if (e.key == "mode") {
        ReadChoice<EngineMode>(
            e, {{"memory", EngineMode::kMemory}, {"persistent", EngineMode::kPersistent}},
            &d->mode);
      } else if (e.key == "path") {
        path_entry = e;
        if (auto v = ReadText(e)) {
          d->path = *v;
          path_ok = true;
        }
      } else if (e.key == "memory_limit") {
        d->memory_limit = ReadText(e);
        if (d->memory_limit) {
          std::string problem = MemoryLimitProblem(*d->memory_limit);
          if (!problem.empty()) Error(MarkOf(e), e.path, problem);
        }
      } else if (e.key == "threads") {
        d->threads = ReadInt(e, 1);
      } else {
        UnknownKey(e, {"mode", "path", "memory_limit", "threads"});
      }
    }
    if (d->mode == EngineMode::kPersistent && d->path.empty() && (!path_entry || path_ok)) {
      Error(path_entry ? MarkOf(*path_entry) : duck.key_node.Mark(), KeyPath(duck.path, "path"),
            "required when mode is persistent, e.g. path: target/" +
                std::filesystem::path(file_).stem().string() + ".duckdb");
    }
    if (d->mode == EngineMode::kPersistent && path_ok && !d->path.empty()) {
      std::string problem = DatabasePathProblem(d->path, project_.Resolve(d->path), fs_);
      if (!problem.empty()) Error(MarkOf(*path_entry), path_entry->path, problem);
    }
    if (d->mode == EngineMode::kMemory && path_entry) {
      warnings_.push_back(Place(path_entry->key_node.Mark(), path_entry->path) +
                          "ignored in memory mode; set mode: persistent to use the file");
      d->path.clear();
    }
  }

  // variables := { name: scalar }   -- kept as text; ${ENV} resolved when set
  void ReadVariables(const Entry& vars, Profile* p) {
    for (const Entry& e : Entries(vars.value, vars.path)) {
      if (!e.value.IsNull() && !e.value.IsScalar()) {
        Error(MarkOf(e), e.path,
              "expected a text, number or boolean value, got " + Describe(e.value));
        continue;
      }
      std::string raw = e.value.IsNull() ? "" : e.value.Scalar();
      Result<EnvExpansion> x = ExpandEnvReferences(raw, env_);
      if (!x.ok()) {
        Error(MarkOf(e), e.path, x.status().message());
        continue;
      }
      p->variables[e.key] = x->text;
      if (!x->missing.empty()) p->unresolved_variables[e.key] = x->missing.front();
    }
  }

  // connectors := { name: { type: text, params: mapping } }
  void ReadConnectors(const Entry& connectors, std::map<std::string, ConnectorSettings>* out) {
    for (const Entry& c : Entries(connectors.value, connectors.path)) {
      ConnectorSettings settings;
      settings.name = c.key;
      Json params = Json::object();
      bool has_type = false;
      for (const Entry& e : Entries(c.value, c.path)) {
        if (e.key == "type") {
          has_type = true;
          if (auto v = ReadText(e)) settings.type = ToUpperAscii(*v);
        } else if (e.key == "params") {
          if (e.value.IsNull()) continue;
          if (!e.value.IsMap()) {
            Error(MarkOf(e), e.path, "expected a mapping of parameters, got " + Describe(e.value));
            continue;
          }
          params = ToJson(e.value, e.path);
        } else {
          UnknownKey(e, {"type", "params"});
        }
      }
      if (!has_type && c.value.IsMap()) {
        Error(c.key_node.Mark(), KeyPath(c.path, "type"),
              "missing; give the connector type, e.g. type: POSTGRES");
      }
      settings.params = std::make_shared<const Json>(std::move(params));
      (*out)[c.key] = std::move(settings);
    }
  }

  // execution := { max_parallel: int >= 1, failure_policy: fail_fast|continue, retries: int >= 0 }
  void ReadExecution(const Entry& exec, ExecutionSettings* x) {
    for (const Entry& e : Entries(exec.value, exec.path)) {
      if (e.key == "max_parallel") {
        x->max_parallel = ReadInt(e, 1, kMaxParallelSteps);
      } else if (e.key == "failure_policy") {
        ReadChoice<FailurePolicy>(
            e, {{"fail_fast", FailurePolicy::kFailFast}, {"continue", FailurePolicy::kContinue}},
            &x->failure_policy);
      } else if (e.key == "retries") {
        if (auto v = ReadInt(e, 0)) x->retries = *v;
      } else {
        UnknownKey(e, {"max_parallel", "failure_policy", "retries"});
      }
    }
  }

  // The pairs of a mapping, with duplicate and non-text keys reported. A null node (a section
  // written with nothing under it) is an empty mapping.
  std::vector<Entry> Entries(const YAML::Node& node, const std::string& path) {
    std::vector<Entry> out;
    if (node.IsNull()) return out;
    if (!node.IsMap()) {
      Error(node.Mark(), path, "expected a mapping, got " + Describe(node));
      return out;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar()) {
        Error(it->first.Mark(), path, "keys must be plain names, got " + Describe(it->first));
        continue;
      }
      Entry e{it->first.Scalar(), KeyPath(path, it->first.Scalar()), it->first, it->second};
      auto dup =
          std::find_if(out.begin(), out.end(), [&](const Entry& o) { return o.key == e.key; });
      if (dup != out.end()) {
        Error(e.key_node.Mark(), e.path,
              "duplicate key (first given on line " +
                  std::to_string(dup->key_node.Mark().line + 1) + "); keep one of them");
        continue;
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  void UnknownKey(const Entry& e, const std::vector<std::string>& valid) {
    std::string msg = "unknown key";
    if (auto s = SuggestName(e.key, valid)) {
      msg += "; did you mean '" + *s + "'?";
    } else {
      msg += "; valid keys: " + Join(valid);
    }
    Error(e.key_node.Mark(), e.path, msg);
  }

  // A scalar setting as text, with ${ENV} resolved; nullopt after reporting an error.
  std::optional<std::string> ReadText(const Entry& e) {
    if (!e.value.IsScalar()) {
      Error(MarkOf(e), e.path, "expected a value, got " + Describe(e.value));
      return std::nullopt;
    }
    return Expand(e.value.Scalar(), MarkOf(e), e.path);
  }

  std::optional<int> ReadInt(const Entry& e, int min, int max = INT_MAX) {
    std::optional<std::string> text = ReadText(e);
    if (!text) return std::nullopt;
    int v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec == std::errc() && end == text->data() + text->size() && v >= min && v <= max) return v;
    std::string range = max == INT_MAX
                            ? "of at least " + std::to_string(min)
                            : "from " + std::to_string(min) + " to " + std::to_string(max);
    Error(MarkOf(e), e.path, "invalid value '" + *text + "'; expected a whole number " + range);
    return std::nullopt;
  }

  template <typename T>
  void ReadChoice(const Entry& e, const std::vector<std::pair<std::string, T>>& choices, T* out) {
    std::optional<std::string> text = ReadText(e);
    if (!text) return;
    std::vector<std::string> names;
    for (const auto& [name, value] : choices) {
      if (ToLowerAscii(*text) == name) {
        *out = value;
        return;
      }
      names.push_back(name);
    }
    Error(MarkOf(e), e.path, "invalid value '" + *text + "'; valid values: " + Join(names));
  }

  // param := mapping | list | scalar   -- plain scalars typed as YAML does, quoted ones text
  Json ToJson(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) {
      Json obj = Json::object();
      for (const Entry& e : Entries(node, path)) obj[e.key] = ToJson(e.value, e.path);
      return obj;
    }
    if (node.IsSequence()) {
      Json arr = Json::array();
      for (size_t i = 0; i < node.size(); ++i) {
        arr.push_back(ToJson(node[i], path + "[" + std::to_string(i) + "]"));
      }
      return arr;
    }
    if (!node.IsScalar()) return nullptr;
    std::optional<std::string> text = Expand(node.Scalar(), node.Mark(), path);
    if (!text) return nullptr;
    if (node.Tag() == "!") return *text;  // quoted or block scalar: always text
    return TypedScalar(*text);
  }

  // YAML 1.2 core schema for plain scalars, except that numbers with leading zeros ("007")
  // stay text: they are codes and identifiers far more often than numbers.
  static Json TypedScalar(const std::string& s) {
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    std::string_view digits = s;
    if (digits[0] == '-' || digits[0] == '+') digits.remove_prefix(1);
    if (digits.size() > 1 && digits[0] == '0' &&
        std::isdigit(static_cast<unsigned char>(digits[1])))
      return s;
    int64_t i = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, s.data() + s.size(), i);
    if (ec == std::errc() && end == s.data() + s.size()) return i;
    if (s.find_first_not_of("0123456789+-.eE") != std::string::npos) return s;
    if (s.find_first_of("0123456789") == std::string::npos) return s;
    char* dend = nullptr;
    double d = std::strtod(s.c_str(), &dend);
    if (dend == s.c_str() + s.size()) return d;
    return s;
  }

  // `text` with ${ENV} resolved; an unset variable without a default is an error here.
  std::optional<std::string> Expand(const std::string& text, const YAML::Mark& mark,
                                    const std::string& path) {
    Result<EnvExpansion> x = ExpandEnvReferences(text, env_);
    if (!x.ok()) {
      Error(mark, path, x.status().message());
      return std::nullopt;
    }
    if (!x->missing.empty()) {
      const std::string& name = x->missing.front();
      Error(mark, path,
            "environment variable '" + name +
                "' is not set; set it in the environment or in .env, or give a default: ${" + name +
                "|value}");
      return std::nullopt;
    }
    return x->text;
  }

  static YAML::Mark MarkOf(const Entry& e) {
    YAML::Mark m = e.value.Mark();
    return m.is_null() || e.value.IsNull() ? e.key_node.Mark() : m;
  }

  // "profiles/dev.yml:4:5: engines.duckdb.mode: " (the parts that are known).
  std::string Place(const YAML::Mark& mark, const std::string& path) const {
    std::string out = file_;
    if (!mark.is_null()) {
      out += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
    out += ": ";
    if (!path.empty()) out += path + ": ";
    return out;
  }

  void Error(const YAML::Mark& mark, const std::string& path, const std::string& message) {
    errors_.push_back(Place(mark, path) + message);
  }

  std::string file_;
  const EnvMap& env_;
  const Project& project_;
  const FileSystem& fs_;
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
  std::optional<Entry> postgres_entry_;  // engines.postgres, for CheckEngineConnection
};

Status ProfileNotFound(const Project& project, const std::string& name, const FileSystem& fs) {
  std::string msg = "profile '" + name + "' not found (looked for profiles/" + name +
                    ".yml and profiles/" + name + ".yaml); ";
  std::vector<std::string> names = ListProfiles(project, fs);
  if (names.empty()) {
    return Status::NotFound(msg + "the project has no profiles yet: create profiles/" + name +
                            ".yml");
  }
  if (auto s = SuggestName(name, names)) msg += "did you mean '" + *s + "'? ";
  return Status::NotFound(msg + "available profiles: " + Join(names));
}

}  // namespace

const char* ToString(EngineMode mode) {
  return mode == EngineMode::kMemory ? "memory" : "persistent";
}

const char* ToString(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

std::vector<std::string> ListProfiles(const Project& project, const FileSystem& fs) {
  std::vector<std::string> names;
  for (std::string suffix : {".yml", ".yaml"}) {
    for (const std::string& f : fs.ListFiles(project.profiles_dir(), suffix)) {
      if (f.size() > suffix.size()) names.push_back(f.substr(0, f.size() - suffix.size()));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Result<Profile> LoadProfile(const Project& project, const std::string& name, const FileSystem& fs,
                            const std::map<std::string, std::string>& env) {
  std::string base = name;
  for (std::string_view suffix : {".yml", ".yaml"}) {
    if (EndsWith(base, suffix)) base.resize(base.size() - suffix.size());
  }
  if (base.empty() || base.find('/') != std::string::npos || base[0] == '.') {
    return Status::Invalid("invalid profile name '" + name +
                           "'; give the name of a file in profiles/ without .yml, e.g. dev");
  }
  std::string yml = project.profiles_dir() + "/" + base + ".yml";
  std::string yaml = project.profiles_dir() + "/" + base + ".yaml";
  bool has_yml = fs.Exists(yml), has_yaml = fs.Exists(yaml);
  if (has_yml && has_yaml) {
    return Status::Invalid("both " + project.DisplayPath(yml) + " and " +
                           project.DisplayPath(yaml) + " exist; remove one of them");
  }
  if (!has_yml && !has_yaml) return ProfileNotFound(project, base, fs);
  std::string path = has_yml ? yml : yaml;
  Result<std::string> text = fs.ReadFile(path);
  if (!text.ok()) return text.status();
  if (Status s = CheckTextEncoding(project.DisplayPath(path), &*text); !s.ok()) return s;

  Profile profile;
  profile.name = base;
  profile.file = project.DisplayPath(path);
  ProfileReader reader(profile.file, env, project, fs);
  if (!reader.Read(*text, &profile)) return Status::Invalid(Join(reader.errors(), "\n"));
  profile.warnings = std::move(reader.warnings());
  return profile;
}

}  // namespace sqlflow
