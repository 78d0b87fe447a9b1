// RestSource: SOURCE … TYPE REST (SPEC-CONNECTORS §2). A read fetches every page the paginator
// leads to (rest_pages.h) into an NDJSON file in a private staging folder, then hands DuckDB's
// JSON reader that file: the records' types are inferred over all of them (nested objects as
// STRUCT, arrays as LIST), and nothing is loaded unless every page came. The staging folder is
// removed with the source (and after a kill, by the next run).
// Thread-safety: see connectors/source.h; Read() and Columns() serialise on a mutex.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/files/file_connector.h"
#include "connectors/http/http_client.h"
#include "connectors/rest/rest_auth.h"
#include "connectors/rest/rest_config.h"
#include "connectors/rest/rest_fan_out.h"
#include "connectors/rest/rest_pages.h"
#include "connectors/source.h"
#include "connectors/staging_folder.h"

namespace sqlflow {

// A GET of `path` below the read's base_url, with `query`, the config's headers and the auth,
// through the source's client (its retries and rate limit): what a read_config may ask the API
// before it chooses (Stripe: the API's current time, its Date header). The response whatever
// its status; errors when none came (HttpClient's), scrubbed of secrets and naming the request.
using RestProbe = std::function<Result<HttpResponse>(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& query)>;

// What a SaaS API adds to its streams' REST sources (connectors/saas/), so that the REST source
// never learns an API's name.
struct RestExtensions {
  // The config of one read, from the source's and the start value (nullopt: no watermark yet):
  // Stripe reads its events endpoint once it has a watermark within the events' 30 days, its
  // list otherwise. `notices` takes what the run should say; `probe` asks the API first. Errors
  // fail the read.
  std::function<Result<RestConfig>(const RestConfig& config,
                                   const std::optional<std::string>& start,
                                   std::vector<std::string>* notices, const RestProbe& probe)>
      read_config;
  // The paginator of each read instead of the config's kind (HubSpot's search, which restarts
  // past its 10,000-result window).
  PaginatorFactory paginator;
  // Responses that no retry would fix, and what they mean (rest_pages.h).
  FinalResponse final_response;
  // The read is the child of a fan-out (rest_fan_out.h): once per record of this parent.
  std::optional<RestFanOut> fan_out;
};

class RestSource : public Source {
 public:
  // Reads the params and makes the client and the auth; sends nothing yet. Errors: bad params
  // (rest_config.h, rest_auth.h, resilience params), prefixed by the label.
  static Result<std::unique_ptr<Source>> Open(const std::string& params_json,
                                              const SourceContext& context);
  // Open with `client` rather than one made from the params' retry, rate_limit and circuit (a
  // SaaS account's streams: siblings sharing one rate limit, HttpClient::Sibling()), and with
  // `auth` rather than one made from the params' (null: made; a SaaS account's streams share
  // one, so one OAuth token).
  static Result<std::unique_ptr<Source>> OpenWithClient(const std::string& params_json,
                                                        const SourceContext& context,
                                                        std::unique_ptr<HttpClient> client,
                                                        RestExtensions extensions = {},
                                                        std::shared_ptr<RestAuth> auth = nullptr);
  ~RestSource() override;

  SourceCapabilities capabilities() const override;
  // The columns of the last read's records; a source not read yet is read first (in full).
  Result<std::vector<ColumnInfo>> Columns(Connection& conn) override;
  Result<ReadPlan> Read(const ReadRequest& request) const override;
  std::vector<Metric> Metrics() const override;
  void Cancel() const override { client_->Cancel(); }
  std::vector<std::string> TakeLoadWarnings(Connection& conn) const override;
  void SetRecordedColumns(const std::vector<ColumnInfo>& recorded) const override {
    std::lock_guard<std::mutex> lock(mu_);
    recorded_ = recorded;
  }
  // Its params' cursor_field and primary_key (a SaaS stream's, which the SOURCE's params lack).
  IncrementalKeys DefaultIncrementalKeys() const override {
    return {config_.cursor_field, config_.primary_key};
  }

  // `connect test`: requests the first page and says what came back.
  static Result<std::string> Test(const std::string& params_json, const SourceContext& context);

  // The incremental start value the API is sent for a watermark `value_text` (DuckDB's text of
  // the value): a timestamp as ISO 8601 in UTC ("2024-01-01T10:00:00Z"), anything else as it is.
  static std::string StartValueFor(const std::string& value_text);

 private:
  RestSource(RestConfig config, std::unique_ptr<HttpClient> client, std::shared_ptr<RestAuth> auth,
             std::string label, std::string project_root);
  Result<ReadPlan> ReadLocked(const ReadRequest& request) const;
  Result<HttpResponse> Probe(const std::string& path,
                             const std::vector<std::pair<std::string, std::string>>& query) const;
  Status DeclareColumns(const std::vector<ColumnInfo>& columns) const;

  RestConfig config_;
  std::unique_ptr<HttpClient> client_;
  std::shared_ptr<RestAuth> auth_;
  std::string label_;
  std::string project_root_;
  mutable RestPageCounts counts_;

  mutable std::mutex mu_;
  mutable std::unique_ptr<StagingFolder> staging_;
  mutable int next_file_ = 0;
  // The last read: its start value, its records' reader (none when it found no records).
  mutable bool read_done_ = false;
  mutable std::optional<std::string> last_start_;
  mutable std::optional<ReadPlan> last_plan_;
  mutable std::unique_ptr<FileSource> last_files_;
  mutable std::vector<ColumnInfo> recorded_;  // SetRecordedColumns
  RestExtensions extensions_;
  mutable std::string last_path_;          // the staged NDJSON file of the last read
  mutable bool columns_declared_ = false;  // last_plan_ reads it with declared columns
  mutable std::vector<std::string> notices_;
};

}  // namespace sqlflow
