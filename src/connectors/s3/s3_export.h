// The s3:// EXPORT target (SPEC-CONNECTORS §1 "Export"): the rows are written as CSV, Parquet or
// JSON by the file export (engine/file_export.h, same formats and options, partition_by
// included) into a local staging folder, then uploaded (s3_upload.h), and the staging folder is
// removed whatever happens.
// - s3://bucket/key (no trailing '/'): one object.
// - s3://bucket/prefix/: the export's objects below the prefix: data_0.<ext> or, with
//   partition_by, the key=value/ folders DuckDB writes. The prefix belongs to the export: with
//   overwrite (the default) objects under it that this export did not write are deleted once
//   the new ones are all in place, as a local partitioned folder is replaced.
// - "overwrite": false refuses, before anything is written, when the object exists or the
//   prefix holds any object.
// An object appears only complete; a failed export aborts its multipart uploads and deletes the
// objects it had written (s3_upload.h).
// Credentials, region and endpoint come from the OPTIONS, the profile connector they name
// ("connection", merged under them), then the environment and ~/.aws (s3_credentials.h).
// Thread-safety: see connectors/export_target.h.
#pragma once

#include <string>
#include <vector>

#include "common/connector_spec.h"
#include "connectors/export_target.h"

namespace sqlflow {

// True for an "s3://…" destination.
bool IsS3Destination(const std::string& destination);

// The OPTIONS only an s3:// destination takes (connection, endpoint, region, credentials,
// multipart sizes, staging folder, resilience): added to the file export formats' specs.
std::vector<ParamSpec> S3ExportOptionSpecs();

// True when `name` (or an alias) is one of S3ExportOptionSpecs().
bool IsS3ExportOption(const std::string& name);

// Writes `request` (format CSV, PARQUET or JSON) to its s3:// destination. Errors, each
// "<label>: …" with the place, the cause and what to do, never a credential value:
// InvalidArgument for a bad s3:// URL, the bucket's root as destination, partition_by with a
// one-object destination, an unknown "connection", a bad option (as the file export's, and
// multipart sizes outside S3's limits), credentials that cannot be resolved, and an existing
// destination with "overwrite": false; the file export's errors for the query and COPY; S3's
// errors (no such bucket, access denied, an unreachable endpoint…) from s3_errors.h and the
// HTTP client.
Result<ExportOutcome> WriteS3Export(Connection& conn, const ExportRequest& request,
                                    const ExportContext& context);

}  // namespace sqlflow
