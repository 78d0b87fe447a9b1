// One REST page's body, parsed once for the fetch loop. simdjson checks the whole body and
// finds the records array; the records are written out as NDJSON lines straight from simdjson's
// parsed form (no tree of objects per record, no re-parse), and only the rest of the body (the
// "envelope": paging fields, totals, links) becomes a RestJson for the paginators and messages.
// A body simdjson refuses but nlohmann accepts (integers beyond 64 bits, 1e400), a data_selector
// with an array index, a selector that leads nowhere useful, and a paginator path into the
// records take the tree path instead — same lines, same errors, only slower.
// Thread-safety: one PageBody per thread (it reuses its parser's buffers from page to page).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/rest/rest_config.h"
#include "connectors/rest/rest_json_path.h"

namespace sqlflow {

class PageBody {
 public:
  // `paths_read` are the dotted paths the paginator reads from bodies: when one leads into the
  // records array, the records stay in the envelope (tree path).
  PageBody(std::string data_selector, std::vector<std::string> paths_read);
  ~PageBody();
  PageBody(const PageBody&) = delete;
  PageBody& operator=(const PageBody&) = delete;

  // Parses `text` and finds its records. False when it is not JSON (nothing else changes);
  // InvalidArgument (starting with `where`) when the records cannot be found, as SelectRecords.
  Result<bool> Parse(const std::string& text, const std::string& where);

  // The body as the paginators see it: every field, but the records array's items are nulls
  // (their number is kept) unless the tree path was taken.
  const RestJson& envelope() const { return envelope_; }
  // Records on the page (0 when the selector leads to null).
  size_t count() const { return count_; }
  // The page's last record as a tree (for the last_record paginator); null when none.
  RestJson LastRecord() const;
  // Appends records [0, n) as NDJSON lines to `out`: shaped (ShapeRecord) when `shape` is not
  // empty, then by RecordLine's rules; the first ones, as trees, to `first` until it holds
  // `first_max` (the connect test's shape). Errors: ShapeRecord's, starting with `where`.
  Status AppendLines(size_t n, bool flatten, const RecordShape& shape, std::string& out,
                     std::vector<RestJson>* first, size_t first_max,
                     const std::string& where) const;

 private:
  struct Fast;  // simdjson state
  Status ParseTree(const std::string& text, const std::string& where, bool* is_json);

  std::string data_selector_;
  std::vector<std::string> paths_read_;
  std::unique_ptr<Fast> fast_;
  bool fast_used_ = false;
  RestJson envelope_;
  const RestJson* tree_records_ = nullptr;  // into envelope_ (tree path)
  size_t count_ = 0;
};

// The dotted paths a paginator config reads from bodies: the string values of its "*_path"
// fields.
std::vector<std::string> PaginatorBodyPaths(const nlohmann::json& paginator);

}  // namespace sqlflow
