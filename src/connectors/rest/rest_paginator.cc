#include "connectors/rest/rest_paginator.h"

#include <cmath>
#include <cstdint>
#include <utility>

#include "common/edit_distance.h"
#include "common/strings.h"
#include "connectors/rest/rest_json_path.h"
#include "connectors/rest/rest_page_markers.h"
#include "connectors/rest/rest_paginator_fields.h"
#include "connectors/rest/rest_web_link.h"

namespace sqlflow {

namespace {

using Json = nlohmann::json;

const RestJson& BodyOf(const PageResponse& page) {
  static const RestJson kNull;
  return page.body != nullptr ? *page.body : kNull;
}

// "; meta.next_cursor holds a cursor" or "" — what else in the response says "more pages".
std::string MarkerHint(const PageResponse& page) {
  std::vector<PageMarker> markers = FindPageMarkers(page);
  return markers.empty() ? "" : "; " + DescribePageMarkers(markers);
}

// A count the API reports (pages or records): a whole number, or a string of one.
std::optional<int64_t> WholeNumber(const RestJson& value) {
  if (value.is_number_integer()) {
    int64_t n = value.get<int64_t>();
    return n >= 0 ? std::optional(n) : std::nullopt;
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (d < 0 || d != std::floor(d) || d > 9e15) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

enum class PageOrdinal { kFirst, kLater };

// The total at `path` (pages for page_number, records for offset). nullopt when it is absent
// or null on a later page: the last total holds. On the first page, a total_path that leads
// nowhere is an error, so that a misspelt path does not silently page to the end instead.
Result<std::optional<int64_t>> ReadTotal(const PageResponse& page, const std::string& path,
                                         PageOrdinal ordinal, const std::string& label,
                                         const char* counted) {
  const RestJson& body = BodyOf(page);
  const RestJson* value = FindJsonPath(body, path);
  std::string param = label + ": paginator.total_path '" + path + "'";
  bool first = ordinal == PageOrdinal::kFirst;
  if (value == nullptr && first) {
    return Status::Invalid(param + " leads nowhere in the first response (" +
                           DescribeJsonTop(body) + "); set total_path to the field that holds " +
                           "the number of " + counted + ", or remove it to page until an empty " +
                           "page");
  }
  if (value == nullptr || (value->is_null() && !first)) return std::optional<int64_t>();
  std::optional<int64_t> total = WholeNumber(*value);
  if (!total) {
    return Status::Invalid(param + " holds " + ShownValue(*value) + ", not a number of " + counted +
                           "; point total_path at the count itself");
  }
  return total;
}

// page_number: ?page=1, 2, 3, … until an empty page, total_path's page count or maximum_page.
class PageNumberPaginator final : public Paginator {
 public:
  struct Options {
    std::string page_param = "page";
    int64_t base_page = 1;
    std::optional<std::string> page_size_param;
    std::optional<int64_t> page_size;
    std::optional<std::string> total_path;
    std::optional<int64_t> maximum_page;
  };
  PageNumberPaginator(Options options, std::string label)
      : options_(std::move(options)), label_(std::move(label)) {}

  PageRequest First() override {
    page_ = options_.base_page;
    total_.reset();
    ordinal_ = PageOrdinal::kFirst;
    return Request();
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    PageOrdinal ordinal = std::exchange(ordinal_, PageOrdinal::kLater);
    if (page.records == 0) return std::optional<PageRequest>();
    if (options_.total_path) {
      SQLFLOW_ASSIGN_OR_RETURN(std::optional<int64_t> total,
                               ReadTotal(page, *options_.total_path, ordinal, label_, "pages"));
      if (total) total_ = total;
    }
    // total_path counts pages from base_page: with base_page 0 and 3 pages, 2 is the last.
    if (total_ && page_ - options_.base_page + 1 >= *total_) return std::optional<PageRequest>();
    if (options_.maximum_page && page_ >= *options_.maximum_page) {
      return std::optional<PageRequest>();
    }
    ++page_;
    return std::optional(Request());
  }

 private:
  PageRequest Request() const {
    PageRequest request;
    request.query.emplace_back(options_.page_param, std::to_string(page_));
    if (options_.page_size_param) {
      request.query.emplace_back(*options_.page_size_param, std::to_string(*options_.page_size));
    }
    return request;
  }

  Options options_;
  std::string label_;
  int64_t page_ = 1;
  std::optional<int64_t> total_;
  PageOrdinal ordinal_ = PageOrdinal::kFirst;
};

// offset: ?offset=0&limit=100, then offset=100, … until an empty page, total_path's record count
// or maximum_offset. A short page does not stop it: APIs cap page sizes below the limit asked.
class OffsetPaginator final : public Paginator {
 public:
  struct Options {
    std::string offset_param = "offset";
    std::string limit_param = "limit";
    int64_t limit = 0;
    int64_t offset = 0;
    std::optional<std::string> total_path;
    std::optional<int64_t> maximum_offset;
  };
  OffsetPaginator(Options options, std::string label)
      : options_(std::move(options)), label_(std::move(label)) {}

  PageRequest First() override {
    offset_ = options_.offset;
    total_.reset();
    ordinal_ = PageOrdinal::kFirst;
    return Request();
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    PageOrdinal ordinal = std::exchange(ordinal_, PageOrdinal::kLater);
    if (page.records == 0) return std::optional<PageRequest>();
    if (options_.total_path) {
      SQLFLOW_ASSIGN_OR_RETURN(std::optional<int64_t> total,
                               ReadTotal(page, *options_.total_path, ordinal, label_, "records"));
      if (total) total_ = total;
    }
    offset_ += options_.limit;
    if (total_ && offset_ >= *total_) return std::optional<PageRequest>();
    if (options_.maximum_offset && offset_ >= *options_.maximum_offset) {
      return std::optional<PageRequest>();
    }
    return std::optional(Request());
  }

 private:
  PageRequest Request() const {
    PageRequest request;
    request.query.emplace_back(options_.offset_param, std::to_string(offset_));
    request.query.emplace_back(options_.limit_param, std::to_string(options_.limit));
    return request;
  }

  Options options_;
  std::string label_;
  int64_t offset_ = 0;
  std::optional<int64_t> total_;
  PageOrdinal ordinal_ = PageOrdinal::kFirst;
};

// The cursor paginators send a cursor param; one the API gave twice in a row would page forever
// (usually: the API ignores cursor_param and serves the first page again).
Status CheckNotRepeated(const std::optional<std::string>& previous, const std::string& next,
                        const std::string& param, const std::string& label) {
  if (!previous || *previous != next) return Status::OK();
  return Status::Invalid(label + ": " + param + " gave the same value as on the page before, " +
                         "so paging would never end; check that the API reads the cursor " +
                         "from the param the paginator sends (cursor_param)");
}

// cursor: the next cursor at cursor_path in the body, sent as cursor_param.
class CursorPaginator final : public Paginator {
 public:
  CursorPaginator(std::string cursor_path, std::string cursor_param, std::string label)
      : path_(std::move(cursor_path)), param_(std::move(cursor_param)), label_(std::move(label)) {}

  PageRequest First() override {
    first_ = true;
    previous_.reset();
    return {};
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    bool first = std::exchange(first_, false);
    if (page.records == 0) return std::optional<PageRequest>();
    const RestJson& body = BodyOf(page);
    const RestJson* value = FindJsonPath(body, path_);
    std::string param = "paginator.cursor_path '" + path_ + "'";
    if (value == nullptr && first) {
      // A last page may drop the cursor; a first page without even a null there means the path
      // is wrong, and stopping would silently load one page.
      return Status::Invalid(label_ + ": " + param + " leads nowhere in the first response (" +
                             DescribeJsonTop(body) + MarkerHint(page) +
                             "); set cursor_path to the field that holds the next cursor");
    }
    if (value == nullptr || value->is_null() || *value == "") return std::optional<PageRequest>();
    if (!value->is_string() && !value->is_number()) {
      return Status::Invalid(label_ + ": " + param + " holds " + ShownValue(*value) +
                             ", not a cursor (a string or a number); point cursor_path at the " +
                             "cursor itself");
    }
    std::string cursor =
        value->is_string() ? value->get<std::string>() : value->dump();  // 42 → "42"
    SQLFLOW_RETURN_IF_ERROR(CheckNotRepeated(previous_, cursor, param, label_));
    previous_ = cursor;
    return std::optional(PageRequest{{{param_, cursor}}, std::nullopt});
  }

 private:
  std::string path_;
  std::string param_;
  std::string label_;
  bool first_ = true;
  std::optional<std::string> previous_;
};

// last_record: the next page starts after the page's last record — its cursor_field goes out as
// cursor_param (Stripe's starting_after=<last id>) — while has_more_path, when set, is true.
class LastRecordPaginator final : public Paginator {
 public:
  struct Options {
    std::string cursor_field;
    std::string cursor_param;
    std::optional<std::string> has_more_path;
  };
  LastRecordPaginator(Options o, std::string label) : o_(std::move(o)), label_(std::move(label)) {}

  PageRequest First() override {
    first_ = true;
    previous_.reset();
    return {};
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    bool first = std::exchange(first_, false);
    if (page.records == 0) return std::optional<PageRequest>();
    if (o_.has_more_path) {
      const RestJson& body = BodyOf(page);
      const RestJson* more = FindJsonPath(body, *o_.has_more_path);
      std::string param = "paginator.has_more_path '" + *o_.has_more_path + "'";
      if (more == nullptr && first) {
        return Status::Invalid(label_ + ": " + param + " leads nowhere in the first response (" +
                               DescribeJsonTop(body) + "); set has_more_path to the field " +
                               "that says whether more pages follow, or remove it");
      }
      if (more != nullptr && !more->is_boolean()) {
        return Status::Invalid(label_ + ": " + param + " holds " + ShownValue(*more) +
                               ", not true or false; point has_more_path at the flag itself");
      }
      if (more == nullptr || !more->get<bool>()) return std::optional<PageRequest>();
    }
    std::string param = "paginator.cursor_field '" + o_.cursor_field + "'";
    const RestJson* value =
        page.last_record == nullptr ? nullptr : FindJsonPath(*page.last_record, o_.cursor_field);
    if (value == nullptr || (!value->is_string() && !value->is_number())) {
      return Status::Invalid(
          label_ + ": " + param + " is " +
          (value == nullptr ? std::string("missing from") : ShownValue(*value) + " in") +
          " the page's last record, so the next page cannot be asked for; " +
          "set cursor_field to the records' id field");
    }
    std::string cursor = value->is_string() ? value->get<std::string>() : value->dump();
    SQLFLOW_RETURN_IF_ERROR(CheckNotRepeated(previous_, cursor, param, label_));
    previous_ = cursor;
    return std::optional(PageRequest{{{o_.cursor_param, cursor}}, std::nullopt});
  }

 private:
  Options o_;
  std::string label_;
  bool first_ = true;
  std::optional<std::string> previous_;
};

// A first page without the paginator's own marker is the last page, unless something else in
// it says "more pages": then the paginator is set up wrong, and stopping would load one page.
Status CheckLooksSinglePage(const PageResponse& page, const std::string& missing,
                            const std::string& label) {
  std::vector<PageMarker> markers = FindPageMarkers(page);
  if (markers.empty()) return Status::OK();
  return Status::Invalid(label + ": " + missing + ", but it looks paginated all the same (" +
                         DescribePageMarkers(markers) + "); set " + markers.front().suggestion);
}

// header_cursor: the next cursor from a response header, sent as cursor_param.
class HeaderCursorPaginator final : public Paginator {
 public:
  HeaderCursorPaginator(std::string cursor_key, std::string cursor_param, std::string label)
      : key_(std::move(cursor_key)), param_(std::move(cursor_param)), label_(std::move(label)) {}

  PageRequest First() override {
    first_ = true;
    previous_.reset();
    return {};
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    bool first = std::exchange(first_, false);
    if (page.records == 0) return std::optional<PageRequest>();
    const std::string* value = page.headers ? FindHeader(*page.headers, key_) : nullptr;
    std::string param = "paginator.cursor_key '" + key_ + "'";
    if (value == nullptr) {
      if (first) {
        SQLFLOW_RETURN_IF_ERROR(
            CheckLooksSinglePage(page, param + " names no header of the first response", label_));
      }
      return std::optional<PageRequest>();
    }
    if (value->empty()) return std::optional<PageRequest>();
    SQLFLOW_RETURN_IF_ERROR(CheckNotRepeated(previous_, *value, param, label_));
    previous_ = *value;
    return std::optional(PageRequest{{{param_, *value}}, std::nullopt});
  }

 private:
  std::string key_;
  std::string param_;
  std::string label_;
  bool first_ = true;
  std::optional<std::string> previous_;
};

// A next URL equal to the one just requested would page forever.
Status CheckNotSameUrl(const std::string& next, const PageResponse& page, const std::string& param,
                       const std::string& label) {
  if (next != page.url) return Status::OK();
  return Status::Invalid(label + ": " + param + " points at the page just read, so paging " +
                         "would never end; check the API's next links");
}

// header_link: follows `Link: <url>; rel="next"` (links_next_key), resolved against the URL read.
class HeaderLinkPaginator final : public Paginator {
 public:
  HeaderLinkPaginator(std::string next_key, std::string label)
      : key_(std::move(next_key)), label_(std::move(label)) {}

  PageRequest First() override {
    first_ = true;
    return {};
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    bool first = std::exchange(first_, false);
    if (page.records == 0) return std::optional<PageRequest>();
    std::optional<std::string> target =
        page.headers ? FindLinkTarget(*page.headers, key_) : std::nullopt;
    std::string param = "paginator.links_next_key '" + key_ + "'";
    if (!target) {
      if (first) {
        SQLFLOW_RETURN_IF_ERROR(CheckLooksSinglePage(
            page, "the first response has no Link header with rel=\"" + key_ + "\" (" + param + ")",
            label_));
      }
      return std::optional<PageRequest>();
    }
    std::string url = ResolveUrl(page.url, *target);
    SQLFLOW_RETURN_IF_ERROR(
        CheckNotSameUrl(url, page, "the Link header's rel=\"" + key_ + "\"", label_));
    return std::optional(PageRequest{{}, url});
  }

 private:
  std::string key_;
  std::string label_;
  bool first_ = true;
};

// json_link: follows the next URL at next_url_path in the body, resolved against the URL read.
class JsonLinkPaginator final : public Paginator {
 public:
  JsonLinkPaginator(std::string next_url_path, std::string label)
      : path_(std::move(next_url_path)), label_(std::move(label)) {}

  PageRequest First() override {
    first_ = true;
    return {};
  }

  Result<std::optional<PageRequest>> Next(const PageResponse& page) override {
    bool first = std::exchange(first_, false);
    if (page.records == 0) return std::optional<PageRequest>();
    const RestJson& body = BodyOf(page);
    const RestJson* value = FindJsonPath(body, path_);
    std::string param = "paginator.next_url_path '" + path_ + "'";
    if (value == nullptr) {
      if (first) {
        SQLFLOW_RETURN_IF_ERROR(CheckLooksSinglePage(
            page, param + " leads nowhere in the first response (" + DescribeJsonTop(body) + ")",
            label_));
      }
      return std::optional<PageRequest>();
    }
    if (value->is_null() || *value == "") return std::optional<PageRequest>();
    if (!value->is_string()) return NotAUrl(*value, param);
    std::string url = ResolveUrl(page.url, value->get_ref<const std::string&>());
    SQLFLOW_RETURN_IF_ERROR(CheckNotSameUrl(url, page, param, label_));
    return std::optional(PageRequest{{}, url});
  }

 private:
  Status NotAUrl(const RestJson& value, const std::string& param) const {
    std::string fix = "point next_url_path at the URL itself";
    if (value.is_object() && value.contains("href"))
      fix = "set next_url_path to '" + path_ + ".href'";
    return Status::Invalid(label_ + ": " + param + " holds " + ShownValue(value) + ", not a URL; " +
                           fix);
  }

  std::string path_;
  std::string label_;
  bool first_ = true;
};

class SinglePagePaginator final : public Paginator {
 public:
  PageRequest First() override { return {}; }
  Result<std::optional<PageRequest>> Next(const PageResponse&) override {
    return std::optional<PageRequest>();
  }
};

using MakeResult = Result<std::unique_ptr<Paginator>>;

MakeResult MakePageNumber(const PaginatorFields& fields) {
  PageNumberPaginator::Options o;
  SQLFLOW_ASSIGN_OR_RETURN(o.page_param, fields.String("page_param", "page"));
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<int64_t> base, fields.Integer("base_page", 0));
  o.base_page = base.value_or(1);
  SQLFLOW_ASSIGN_OR_RETURN(o.page_size_param, fields.OptionalString("page_size_param"));
  SQLFLOW_ASSIGN_OR_RETURN(o.page_size, fields.Integer("page_size", 1));
  SQLFLOW_ASSIGN_OR_RETURN(o.total_path, fields.OptionalString("total_path"));
  SQLFLOW_ASSIGN_OR_RETURN(o.maximum_page, fields.Integer("maximum_page", o.base_page));
  if (o.page_size && !o.page_size_param) {
    return fields.Invalid("page_size", "needs paginator.page_size_param, the query param that " +
                                           std::string("carries the page size"));
  }
  if (o.page_size_param && !o.page_size) {
    return fields.Invalid("page_size_param", "needs paginator.page_size, the number of " +
                                                 std::string("records to ask for per page"));
  }
  return std::unique_ptr<Paginator>(
      std::make_unique<PageNumberPaginator>(std::move(o), fields.label()));
}

MakeResult MakeOffset(const PaginatorFields& fields) {
  OffsetPaginator::Options o;
  SQLFLOW_ASSIGN_OR_RETURN(o.offset_param, fields.String("offset_param", "offset"));
  SQLFLOW_ASSIGN_OR_RETURN(o.limit_param, fields.String("limit_param", "limit"));
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<int64_t> limit, fields.Integer("limit", 1));
  if (!limit) {
    return fields.Invalid("limit", "is required by the offset paginator: the number of " +
                                       std::string("records to ask for per request"));
  }
  o.limit = *limit;
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<int64_t> offset, fields.Integer("offset", 0));
  o.offset = offset.value_or(0);
  SQLFLOW_ASSIGN_OR_RETURN(o.total_path, fields.OptionalString("total_path"));
  SQLFLOW_ASSIGN_OR_RETURN(o.maximum_offset, fields.Integer("maximum_offset", 1));
  return std::unique_ptr<Paginator>(
      std::make_unique<OffsetPaginator>(std::move(o), fields.label()));
}

MakeResult MakeCursor(const PaginatorFields& fields) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string path, fields.String("cursor_path", "cursors.next"));
  SQLFLOW_ASSIGN_OR_RETURN(std::string param, fields.String("cursor_param", "cursor"));
  return std::unique_ptr<Paginator>(
      std::make_unique<CursorPaginator>(std::move(path), std::move(param), fields.label()));
}

MakeResult MakeLastRecord(const PaginatorFields& fields) {
  LastRecordPaginator::Options o;
  SQLFLOW_ASSIGN_OR_RETURN(o.cursor_field, fields.String("cursor_field", "id"));
  SQLFLOW_ASSIGN_OR_RETURN(o.cursor_param, fields.String("cursor_param", "starting_after"));
  SQLFLOW_ASSIGN_OR_RETURN(o.has_more_path, fields.OptionalString("has_more_path"));
  return std::unique_ptr<Paginator>(
      std::make_unique<LastRecordPaginator>(std::move(o), fields.label()));
}

// cursor_key is dlt's name; cursor_header says the same and reads better. The default header
// is X-Next-Cursor, not dlt's "next": no API we know sends a header named "next", and a first
// page whose cursor sits in another header fails with that header's name (CheckLooksSinglePage).
MakeResult MakeHeaderCursor(const PaginatorFields& fields) {
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::string> key, fields.OptionalString("cursor_key"));
  SQLFLOW_ASSIGN_OR_RETURN(std::optional<std::string> header,
                           fields.OptionalString("cursor_header"));
  if (key && header) {
    return fields.Invalid("cursor_header", "and paginator.cursor_key name the same thing; " +
                                               std::string("give one of them"));
  }
  SQLFLOW_ASSIGN_OR_RETURN(std::string param, fields.String("cursor_param", "cursor"));
  std::string name = key ? *key : header ? *header : "X-Next-Cursor";
  return std::unique_ptr<Paginator>(
      std::make_unique<HeaderCursorPaginator>(std::move(name), std::move(param), fields.label()));
}

MakeResult MakeHeaderLink(const PaginatorFields& fields) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string key, fields.String("links_next_key", "next"));
  return std::unique_ptr<Paginator>(
      std::make_unique<HeaderLinkPaginator>(std::move(key), fields.label()));
}

MakeResult MakeJsonLink(const PaginatorFields& fields) {
  SQLFLOW_ASSIGN_OR_RETURN(std::string path, fields.String("next_url_path", "next"));
  return std::unique_ptr<Paginator>(
      std::make_unique<JsonLinkPaginator>(std::move(path), fields.label()));
}

MakeResult MakeSinglePage(const PaginatorFields&) {
  return std::unique_ptr<Paginator>(std::make_unique<SinglePagePaginator>());
}

struct PaginatorType {
  const char* name;
  std::vector<std::string> fields;  // besides "type"
  MakeResult (*make)(const PaginatorFields&);
};

const std::vector<PaginatorType>& PaginatorTypes() {
  static const std::vector<PaginatorType> kTypes = {
      {"page_number",
       {"page_param", "base_page", "page_size_param", "page_size", "total_path", "maximum_page"},
       MakePageNumber},
      {"offset",
       {"offset_param", "limit_param", "limit", "offset", "total_path", "maximum_offset"},
       MakeOffset},
      {"cursor", {"cursor_path", "cursor_param"}, MakeCursor},
      {"last_record", {"cursor_field", "cursor_param", "has_more_path"}, MakeLastRecord},
      {"header_cursor", {"cursor_key", "cursor_header", "cursor_param"}, MakeHeaderCursor},
      {"header_link", {"links_next_key"}, MakeHeaderLink},
      {"json_link", {"next_url_path"}, MakeJsonLink},
      {"single_page", {}, MakeSinglePage},
  };
  return kTypes;
}

Status UnknownType(const std::string& type, const std::string& label) {
  std::vector<std::string> names;
  for (const PaginatorType& t : PaginatorTypes()) names.push_back(t.name);
  std::string message =
      label + ": paginator.type '" + type + "' is not one of " + Join(names, ", ");
  if (auto near = SuggestClosest(type, names)) message += "; did you mean '" + *near + "'?";
  return Status::Invalid(message);
}

MakeResult MakeOfType(const std::string& type, const Json& config, const std::string& label) {
  for (const PaginatorType& t : PaginatorTypes()) {
    if (type != t.name) continue;
    PaginatorFields fields(config, t.name, label);
    SQLFLOW_RETURN_IF_ERROR(fields.CheckKnown(t.fields));
    return t.make(fields);
  }
  return UnknownType(type, label);
}

}  // namespace

Result<std::unique_ptr<Paginator>> MakePaginator(const Json& config, const std::string& label) {
  if (config.is_null()) return std::unique_ptr<Paginator>(std::make_unique<SinglePagePaginator>());
  if (config.is_string()) return MakeOfType(config.get<std::string>(), Json::object(), label);
  if (!config.is_object()) {
    return Status::Invalid(label + ": paginator must be an object with a \"type\" (or a type " +
                           "name such as \"cursor\"), not " + ShownValue(config));
  }
  auto type = config.find("type");
  if (type == config.end() || type->is_null()) {
    return Status::Invalid(label + ": paginator needs a \"type\": one of page_number, offset, " +
                           "cursor, header_cursor, header_link, json_link, single_page");
  }
  if (!type->is_string()) {
    return Status::Invalid(label + ": paginator.type must be a string such as \"cursor\", not " +
                           ShownValue(*type));
  }
  return MakeOfType(type->get<std::string>(), config, label);
}

Status CheckNotPaginated(const PageResponse& first, const std::string& label) {
  std::vector<PageMarker> markers = FindPageMarkers(first);
  if (markers.empty()) return Status::OK();
  return Status::Invalid(label + ": the first response looks paginated (" +
                         DescribePageMarkers(markers) + ") but no paginator is set, so only " +
                         "the first page would be read; set " + markers.front().suggestion +
                         " (or \"paginator\": \"single_page\" to read one page on purpose)");
}

}  // namespace sqlflow
