#include "cli/verb_udf.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/terminal.h"
#include "cli/verbs.h"
#include "udf/udf_runtime.h"

namespace sqlflow {

namespace {

nlohmann::json ParameterJson(const UdfParameter& p) {
  nlohmann::json j = {{"name", p.name},
                      {"annotation", p.annotation},
                      {"sql_type", p.sql_type},
                      {"keyword_only", p.keyword_only},
                      {"nullable", p.nullable}};
  j["default"] = p.has_default ? nlohmann::json(p.default_repr) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json UdfJson(const UdfInfo& u, bool details) {
  nlohmann::json j = {{"name", u.ShortName()},    {"qualified_name", u.qualified_name},
                      {"kind", ToString(u.kind)}, {"signature", u.Signature()},
                      {"file", u.file},           {"line", u.line}};
  if (!details) return j;
  j["docstring"] = u.docstring;
  j["parameters"] = nlohmann::json::array();
  for (const UdfParameter& p : u.parameters) j["parameters"].push_back(ParameterJson(p));
  if (u.kind == UdfKind::kTable) {
    j["infer_schema"] = u.infer_schema;
    j["output_schema"] = nlohmann::json::array();
    for (const auto& [name, type] : u.output_schema) {
      j["output_schema"].push_back({{"name", name}, {"type", type}});
    }
  } else {
    j["return_type"] = u.return_sql_type;
  }
  return j;
}

void PrintList(const std::vector<UdfInfo>& udfs) {
  if (udfs.empty()) {
    std::printf("no Python UDFs in python_udfs/\n");
    return;
  }
  size_t name_w = 4, kind_w = 4, sig_w = 9;
  for (const UdfInfo& u : udfs) {
    name_w = std::max(name_w, u.ShortName().size());
    kind_w = std::max(kind_w, std::string(ToString(u.kind)).size());
    sig_w = std::max(sig_w, u.Signature().size());
  }
  std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(name_w), "NAME", static_cast<int>(kind_w),
              "KIND", static_cast<int>(sig_w), "SIGNATURE", "FILE");
  for (const UdfInfo& u : udfs) {
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(name_w), u.ShortName().c_str(),
                static_cast<int>(kind_w), ToString(u.kind), static_cast<int>(sig_w),
                u.Signature().c_str(), u.Place().c_str());
  }
}

void PrintInfo(const UdfInfo& u) {
  std::printf("%s\n", u.qualified_name.c_str());
  std::printf("  kind:      %s\n", ToString(u.kind));
  std::printf("  signature: %s\n", u.Signature().c_str());
  std::printf("  file:      %s\n", u.Place().c_str());
  std::printf("  call:      %s\n",
              u.kind == UdfKind::kTable
                  ? ("SELECT * FROM PYTHON_FUNC('" + u.ShortName() + "', some_table, ...)").c_str()
                  : ("PYTHON_FUNC('" + u.ShortName() + "', ...)").c_str());
  if (!u.docstring.empty()) std::printf("  doc:       %s\n", u.docstring.c_str());
  std::printf("  parameters:\n");
  for (const UdfParameter& p : u.parameters) {
    std::string type = p.sql_type.empty() ? "DataFrame (the input rows)" : p.sql_type;
    std::printf("    %s%s: %s%s%s\n", p.keyword_only ? "(keyword) " : "", p.name.c_str(),
                type.c_str(),
                !p.nullable || p.sql_type.empty() ? ""
                : u.kind == UdfKind::kVectorized  ? ", NULL as NaN (numbers) or None"
                                                  : ", NULL as None",
                p.has_default ? (", default " + p.default_repr).c_str() : "");
  }
  if (u.kind != UdfKind::kTable) {
    std::printf("  returns:   %s\n", u.return_sql_type.c_str());
    return;
  }
  if (u.infer_schema) {
    std::printf("  output:    inferred from the returned DataFrame\n");
    return;
  }
  std::printf("  output:\n");
  for (const auto& [name, type] : u.output_schema) {
    std::printf("    %s %s\n", name.c_str(), type.c_str());
  }
}

int Report(const UdfRuntime& runtime, const UdfOptions& udf) {
  if (udf.action == UdfOptions::Action::kList) {
    if (!udf.json) {
      PrintList(runtime.udfs());
      return kExitOk;
    }
    nlohmann::json all = nlohmann::json::array();
    for (const UdfInfo& u : runtime.udfs()) all.push_back(UdfJson(u, false));
    std::printf("%s\n", all.dump(2).c_str());
    return kExitOk;
  }
  Result<const UdfInfo*> info = runtime.Resolve(udf.name);
  if (!info.ok()) {
    PrintError(info.status().message());
    return kExitUsage;
  }
  if (udf.json) {
    std::printf("%s\n", UdfJson(**info, true).dump(2).c_str());
  } else {
    PrintInfo(**info);
  }
  return kExitOk;
}

}  // namespace

int RunUdf(const GlobalOptions& options, const UdfOptions& udf) {
  RealFileSystem fs;
  Result<Project> project = FindProjectOf(options, fs);
  if (!project.ok()) {
    PrintError(project.status().message());
    return kExitUsage;
  }
  int code = kExitUsage;
  Result<UdfRuntime*> runtime = UdfRuntime::Start(project->root);
  if (runtime.ok()) {
    code = Report(**runtime, udf);
  } else {
    PrintError(runtime.status().message());
  }
  ShutdownUdfRuntime();
  return code;
}

}  // namespace sqlflow
