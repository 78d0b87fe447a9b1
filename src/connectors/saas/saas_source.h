// SaasSource: a SOURCE of TYPE SHOPIFY, STRIPE or HUBSPOT — one account of a SaaS API, serving
// its streams (SPEC-CONNECTORS §3). Each LOAD reads one stream (Source::Stream): the one named by
// the SOURCE's "stream" (or the earlier tool's "object_name") param, else the one named like the
// LOAD's target table. A stream is a REST source (rest_source.h) opened from the API's
// definition (saas_api.h) with the stream's path, records, key, cursor and incremental param;
// every stream of one SOURCE sends through sibling HTTP clients that share one rate limit, so
// loads running side by side stay under the API's limit together.
// Thread-safety: as Source; Stream() may be called from several LOADs at once.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "connectors/http/http_client.h"
#include "connectors/rest/rest_auth.h"
#include "connectors/saas/saas_api.h"
#include "connectors/source.h"

namespace sqlflow {

class SaasSource : public Source {
 public:
  // Reads the params (the API's own, then what every stream shares); sends nothing. Errors:
  // the API's (a missing token), a "stream" the API does not have (naming those it has), bad
  // resilience params — prefixed by the context's label.
  static Result<std::unique_ptr<Source>> Open(const SaasApi& api, const std::string& params_json,
                                              const SourceContext& context);
  // `connect test`: reads the first page of the "stream" param's stream (or of the API's first
  // stream) and says what came back; a 403 names the permission the stream needs.
  static Result<std::string> Test(const SaasApi& api, const std::string& params_json,
                                  const SourceContext& context);
  ~SaasSource() override;

  SourceCapabilities capabilities() const override;
  // Columns and Read serve the "stream" param's stream; without one, an error saying to LOAD a
  // stream (SQL reading the SOURCE directly cannot tell which).
  Result<std::vector<ColumnInfo>> Columns(Connection& conn) override;
  Result<ReadPlan> Read(const ReadRequest& request) const override;
  Result<std::optional<SourceStream>> Stream(const std::string& target_name) const override;
  IncrementalKeys DefaultIncrementalKeys() const override;
  void SetRecordedColumns(const std::vector<ColumnInfo>& recorded) const override;
  std::vector<Metric> Metrics() const override;
  void Cancel() const override;
  std::vector<std::string> warnings() const override;
  std::vector<std::string> TakeLoadWarnings(Connection& conn) const override;

  // The REST params of `stream` for a SOURCE whose params are `params` (tests read them).
  static Result<nlohmann::ordered_json> StreamParams(const SaasApi& api,
                                                     const nlohmann::ordered_json& params,
                                                     const SaasStream& stream,
                                                     const std::string& label);

 private:
  SaasSource(const SaasApi& api, nlohmann::ordered_json params, std::unique_ptr<HttpClient> root,
             SourceContext context, std::string pinned);
  Result<std::shared_ptr<Source>> OpenStream(const std::string& name) const;
  Result<std::shared_ptr<Source>> PinnedStream() const;

  const SaasApi& api_;
  const nlohmann::ordered_json params_;     // the SOURCE's
  const std::unique_ptr<HttpClient> root_;  // owns the rate limit the streams share
  const SourceContext context_;
  const std::string pinned_;  // the "stream" param; "" when the LOAD's target picks
  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<Source>> streams_;
  mutable std::shared_ptr<RestAuth> auth_;  // the streams', made with the first
};

}  // namespace sqlflow
