// A stream read once for each record of another (a fan-out): an API with no list of all of a
// kind of record, only a list below each parent — Shopify's transactions, listed per order
// (/orders/{id}/transactions.json). The parent's pages are fetched first (with the watermark when
// the parent is incremental, so an incremental read asks only for the changed parents' children),
// then the child's, once per parent value (or per batch of values, comma-joined: inventory levels
// per 50 locations), all into one NDJSON file: nothing is loaded unless every request came.
// Thread-safety: FetchFanOut uses what it is given from one thread.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "connectors/rest/rest_config.h"
#include "connectors/rest/rest_pages.h"

namespace sqlflow {

struct RestFanOut {
  // The parent's read: its path, params, paginator, records. Sent the read's start value only
  // when parent.incremental is set (and then as its incremental_param).
  RestConfig parent;
  std::string field = "id";  // the parent records' field whose values the child reads take
  // Replaced by the value (or the batch of values) in the child's path and query params.
  std::string placeholder;
  size_t batch = 1;  // values a child read takes, joined with ","
  // Columns each child row gets from its parent record: {"order_updated_at", "updated_at"}
  // (with batch 1 only). The child's cursor can then be its parent's, which is what the parent
  // read filters by.
  std::vector<std::pair<std::string, std::string>> carry;
};

// Fetches the parent's pages into `parent_ndjson_path`, then the child (`input.config`) once per
// value or batch, appending to `input.ndjson_path`. A child read answered 404 (its parent
// deleted since it was listed) holds no records. `input.config`'s max_pages and max_records cap
// the child reads together. Errors: FetchPages's, and parent records without `field`
// (InvalidArgument naming it).
Result<RestFetchResult> FetchFanOut(const RestFanOut& fan_out, const RestFetchInput& input,
                                    const std::string& parent_ndjson_path);

// The child config of one read: `child` with `value` in place of the placeholder (in the path
// URL-encoded), the carried columns' values, and 404 ignored.
RestConfig ChildConfig(const RestFanOut& fan_out, const RestConfig& child, const std::string& value,
                       const std::vector<std::pair<std::string, RestJson>>& carried);

}  // namespace sqlflow
