// The parts of TYPE STRIPE (saas_stripe.cc) that unit tests read: how a read of a stream whose
// objects change chooses between its list and the account's events.
// Thread-safety: pure functions (but for what `probe` sends).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/rest/rest_source.h"

namespace sqlflow {

// A stream whose objects change, and the event types whose data.object is one of them.
struct StripeChanges {
  std::string stream;                    // "customers"
  std::vector<std::string> event_types;  // "customer.created", "customer.updated", …
};

// The config of one read of `changes.stream` (RestExtensions::read_config). Without a
// watermark (or with a cursor other than "updated"): the list, "updated" = created. With one:
// GET /v1/events?limit=1 (`probe`) for the API's time (its Date header); a watermark at least
// 30 days (less an hour) older reads the list in full, "updated" = that time, with a notice;
// else /v1/events of the stream's types, created[gte] the watermark, each row the event's
// data.object with "updated" = the event's created. Errors: a watermark that is not unix
// seconds; a 403 on the events (the key lacks rak_event_read); the probe's (no response).
Result<RestConfig> StripeChangesRead(const StripeChanges& changes, const RestConfig& config,
                                     const std::optional<std::string>& start,
                                     std::vector<std::string>* notices, const RestProbe& probe);

// `config` reading the whole list, every record's "updated" set to `now` (unix seconds).
RestConfig StripeFullRead(RestConfig config, int64_t now);

// Unix seconds of an HTTP date ("Sat, 01 Jun 2024 00:00:00 GMT"); nullopt for anything else.
std::optional<int64_t> HttpDateSeconds(const std::string& value);

}  // namespace sqlflow
