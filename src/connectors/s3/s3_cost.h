// What reading from S3 costs, estimated before any object is read (SPEC-CONNECTORS §1 "Cost
// control"): LIST and GET requests and bytes transferred out, at S3 Standard prices unless the
// "pricing" param says otherwise. Estimates, not bills: no free tier, no volume discounts, no
// in-region free transfer — the conservative side of a cost limit.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/s3/s3_xml.h"

namespace sqlflow {

// S3 Standard, us-east-1 list prices in USD: PUT/COPY/POST/LIST $0.005 per 1,000 requests,
// GET/SELECT $0.0004 per 1,000 requests, data transfer out to the internet $0.09 per GB (first
// 10 TB a month). Checked 2026 against https://aws.amazon.com/s3/pricing/ as quoted by
// https://c3x.dev/blog/s3-request-fees-explained (requests) and the tiers quoted in third-party
// guides (transfer); AWS's own page renders its tables client-side.
struct S3Pricing {
  double list_per_1000 = 0.005;
  double get_per_1000 = 0.0004;
  double egress_per_gb = 0.09;
};

// pricing := "{" [ key ":" number { "," key ":" number } ] "}"
// key := "list_per_1000" | "get_per_1000" | "egress_per_gb"
// The "pricing" param as JSON text (empty: the defaults); keys not given keep their defaults.
// InvalidArgument: not a JSON object, an unknown key (with a did-you-mean), a value that is not
// a number of dollars, 0 or more.
Result<S3Pricing> ParsePricing(const std::string& pricing_json);

struct S3CostEstimate {
  int64_t list_requests = 0, get_requests = 0;
  uint64_t bytes = 0;
  double usd = 0;
};

// The cost of `list_requests` LISTs, `get_requests` GETs and `bytes` transferred out. A GB is
// 2^30 bytes, as AWS bills.
S3CostEstimate EstimateCost(const S3Pricing& pricing, int64_t list_requests, int64_t get_requests,
                            uint64_t bytes);

// The objects grouped by their first folder below `base_prefix`, the `top` largest by bytes
// (ties by name), for the cost-limit error: "events/2025/: 1.2 GB in 340 objects;
// events/2024/: 800.0 MB in 12 objects; and 3 more prefixes: 1.0 KB". Objects directly in
// `base_prefix` form the group "top level of events/" ("top level" for the bucket's); objects
// outside it are grouped by their own first folder. "" when `objects` is empty.
std::string LargestPrefixes(const std::vector<S3Object>& objects, const std::string& base_prefix,
                            size_t top = 5);

// "$0.0123" below a dollar (4 decimals; "<$0.0001" for less but not nothing), "$12.35" from a
// dollar up.
std::string FormatUsd(double usd);

// "512 B", "1.5 KB", "800.0 MB", "1.2 GB", "3.4 TB" (binary units, as AWS bills).
std::string FormatBytes(uint64_t bytes);

}  // namespace sqlflow
