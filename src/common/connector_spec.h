// ConnectorSpec: what a connector (or an export format) declares about its parameters, so that
// the planner can validate PARAMS/OPTIONS before anything runs and `sqlflow connect list` can
// describe them. Plain data; the registry that holds them lives in connectors/.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sqlflow {

enum class ParamType {
  kString,
  kBool,
  kInteger,
  kNumber,
  kStringOrList,  // "id" or ["a", "b"]
  kObject,        // {"col": "TYPE", …}
  kList,          // [ … ]
};
const char* ToString(ParamType type);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kString;
  bool required = false;
  std::string description;
  std::vector<std::string> allowed_values;  // for enumerations; compared case-insensitively
  std::vector<std::string> aliases;         // other accepted names (e.g. header for has_header)
  // For kInteger: the smallest and largest value allowed (inclusive), when there is a limit.
  std::optional<int64_t> min_value;
  std::optional<int64_t> max_value;
};

struct ConnectorSpec {
  std::string type;  // upper case: CSV, PARQUET, POSTGRES, …
  std::string description;
  std::vector<ParamSpec> params;
  // Groups of which exactly one member must be given (e.g. {"table", "query"}).
  std::vector<std::vector<std::string>> one_of;
  // Its streams know their cursors (SaaS): "sync_mode": "incremental" needs no cursor_field.
  bool knows_cursors = false;
  // The primary key of the stream a LOAD into `target_name` reads from a SOURCE with
  // `params_json` (SaaS: orders → id), for an incremental LOAD's default MERGE KEY when the
  // params name none; empty when unknown. Unset for connectors without streams.
  std::function<std::vector<std::string>(const std::string& params_json,
                                         const std::string& target_name)>
      stream_keys;
  // Whether that stream has a cursor the API filters by: a LOAD of one without, from an
  // incremental SOURCE, reads it in full (with a warning). Unset: every stream has one.
  std::function<bool(const std::string& params_json, const std::string& target_name)>
      stream_has_cursor;

  // The spec of `name` or of a param that has it as an alias; nullptr when unknown.
  const ParamSpec* FindParam(const std::string& name) const;
  std::vector<std::string> ParamNames() const;
};

// The connector types a source may name (SOURCE x TYPE CSV …) and the formats an EXPORT may
// write. Filled by connectors/ at start-up (BuildConnectorCatalog); read by the planner.
// Thread-safety: read-only after construction; safe to share.
class ConnectorCatalog {
 public:
  void AddSource(ConnectorSpec spec) { sources_.push_back(std::move(spec)); }
  void AddExportFormat(ConnectorSpec spec) { exports_.push_back(std::move(spec)); }

  // Case-insensitive look-ups; nullptr when unknown.
  const ConnectorSpec* FindSource(const std::string& type) const;
  const ConnectorSpec* FindExportFormat(const std::string& type) const;

  const std::vector<ConnectorSpec>& sources() const { return sources_; }
  const std::vector<ConnectorSpec>& export_formats() const { return exports_; }
  std::vector<std::string> SourceTypes() const;
  std::vector<std::string> ExportTypes() const;

 private:
  std::vector<ConnectorSpec> sources_;
  std::vector<ConnectorSpec> exports_;
};

}  // namespace sqlflow
