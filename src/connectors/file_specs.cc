#include "connectors/file_specs.h"

#include "connectors/connector_registry.h"
#include "connectors/s3/s3_export.h"

namespace sqlflow {

namespace {

ConnectorSpec WithCommonParams(ConnectorSpec spec) {
  for (ParamSpec& p : CommonSourceParams()) spec.params.push_back(std::move(p));
  return spec;
}

ParamSpec PathParam() {
  return {"path", ParamType::kString, true, "file path or glob, relative to the project root"};
}

// The options of every file format; those for an s3:// destination come from the S3 export.
std::vector<ParamSpec> FileExportOptions() {
  std::vector<ParamSpec> options = {
      {"overwrite", ParamType::kBool, false, "replace an existing file or object (default true)"},
      {"compression", ParamType::kString, false, "e.g. gzip, zstd, snappy"},
      {"partition_by", ParamType::kStringOrList, false, "columns to partition folders by"},
  };
  for (ParamSpec& p : S3ExportOptionSpecs()) options.push_back(std::move(p));
  return options;
}

}  // namespace

ConnectorSpec CsvSourceSpec() {
  return WithCommonParams(
      {"CSV",
       "CSV files through DuckDB's parallel CSV reader",
       {
           PathParam(),
           {"has_header", ParamType::kBool, false, "first row holds names", {}, {"header"}},
           {"delimiter", ParamType::kString, false, "field separator", {}, {"delim", "sep"}},
           {"quote", ParamType::kString, false, "quote character"},
           {"escape", ParamType::kString, false, "escape character"},
           {"null_string", ParamType::kString, false, "text read as NULL", {}, {"nullstr"}},
           {"encoding",
            ParamType::kString,
            false,
            "utf-8, utf-16, latin-1",
            {"utf-8", "utf-16", "latin-1"}},
           {"columns", ParamType::kObject, false, "explicit column types {\"name\": \"TYPE\"}"},
           {"date_format", ParamType::kString, false, "e.g. %d/%m/%Y", {}, {"dateformat"}},
           {"timestamp_format",
            ParamType::kString,
            false,
            "e.g. %Y-%m-%d %H:%M",
            {},
            {"timestampformat"}},
           {"ignore_errors", ParamType::kBool, false, "skip rows that do not parse (counted)"},
           {"skip",
            ParamType::kInteger,
            false,
            "lines to skip at the top",
            {},
            {},
            0,
            std::nullopt},
       }});
}

ConnectorSpec ParquetSourceSpec() {
  return WithCommonParams({"PARQUET",
                           "Parquet files through DuckDB's Parquet reader",
                           {
                               PathParam(),
                               {"columns", ParamType::kList, false, "columns to read"},
                           }});
}

ConnectorSpec JsonSourceSpec() {
  return WithCommonParams(
      {"JSON",
       "JSON or newline-delimited JSON files through DuckDB's JSON reader",
       {
           PathParam(),
           {"format",
            ParamType::kString,
            false,
            "auto, array, newline_delimited",
            {"auto", "array", "newline_delimited", "unstructured"}},
           {"columns", ParamType::kObject, false, "explicit column types {\"name\": \"TYPE\"}"},
       }});
}

ConnectorSpec CsvExportSpec() {
  ConnectorSpec spec{"CSV", "CSV file (a local path or s3://)", FileExportOptions()};
  spec.params.push_back({"header", ParamType::kBool, false, "write a header row (default true)"});
  spec.params.push_back({"delimiter", ParamType::kString, false, "field separator", {}, {"delim"}});
  return spec;
}

ConnectorSpec ParquetExportSpec() {
  return {"PARQUET", "Parquet file (a local path or s3://)", FileExportOptions()};
}

ConnectorSpec JsonExportSpec() {
  ConnectorSpec spec{"JSON", "newline-delimited JSON file (a local path or s3://)",
                     FileExportOptions()};
  spec.params.push_back(
      {"array", ParamType::kBool, false, "write one JSON array instead of lines"});
  return spec;
}

}  // namespace sqlflow
