#include "connectors/rest/rest_paginator.h"

#include <gtest/gtest.h>

#include "common/strings.h"
#include "connectors/rest/rest_web_link.h"

namespace sqlflow {
namespace {

// Bodies and configs alike; configs go to MakePaginator as nlohmann::json.
using Json = nlohmann::ordered_json;

nlohmann::json ConfigOf(const Json& config) { return nlohmann::json::parse(config.dump()); }

constexpr const char* kLabel = "pipelines/p.sf:3: SOURCE items";
constexpr const char* kUrl = "https://api.example.com/v2/items?status=open";

// A synthetic page: what the REST source would hand the paginator.
struct Page {
  Json body = Json::object();
  HttpHeaders headers;
  size_t records = 10;
  std::string url = kUrl;
  Json last = nullptr;  // the page's last record

  PageResponse View() const {
    return PageResponse{url, &headers, &body, records, last.is_null() ? nullptr : &last};
  }
};

Page Records(size_t records, Json body = Json::object()) {
  Page page;
  page.records = records;
  page.body = std::move(body);
  return page;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Page EndingWith(Json last, Json body = Json::object(), size_t records = 10) {
  Page page = Records(records, std::move(body));
  page.last = std::move(last);
  return page;
}

Page WithHeaders(HttpHeaders headers, size_t records = 10) {
  Page page;
  page.headers = std::move(headers);
  page.records = records;
  return page;
}

std::unique_ptr<Paginator> Make(const Json& config) {
  auto made = MakePaginator(ConfigOf(config), kLabel);
  EXPECT_TRUE(made.ok()) << made.status().message();
  return made.ok() ? std::move(made).value() : nullptr;
}

std::string MakeError(const Json& config) {
  auto made = MakePaginator(ConfigOf(config), kLabel);
  EXPECT_FALSE(made.ok()) << config.dump();
  if (made.ok()) return "";
  EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
  return made.status().message();
}

// "page=2&per_page=50", or the URL of a link paginator's request; "" for no change.
std::string Shown(const PageRequest& request) {
  if (request.url) return *request.url;
  std::vector<std::string> parts;
  for (const auto& [name, value] : request.query) parts.push_back(name + "=" + value);
  return Join(parts, "&");
}

// The requests a paginator asks for over `pages`: First(), then one per page until Next stops
// ("stop") or fails ("error: …"). Pages left over after a stop are not read.
std::vector<std::string> Walk(Paginator& paginator, const std::vector<Page>& pages) {
  std::vector<std::string> requests = {Shown(paginator.First())};
  for (const Page& page : pages) {
    auto next = paginator.Next(page.View());
    if (!next.ok()) {
      requests.push_back("error: " + next.status().message());
      return requests;
    }
    if (!next->has_value()) {
      requests.push_back("stop");
      return requests;
    }
    requests.push_back(Shown(**next));
  }
  return requests;
}

using Requests = std::vector<std::string>;

std::string NextError(Paginator& paginator, const Page& page) {
  paginator.First();
  auto next = paginator.Next(page.View());
  EXPECT_FALSE(next.ok());
  return next.ok() ? "" : next.status().message();
}

// ---- page_number ----

TEST(PageNumberPaginatorTest, DefaultsPageFromOneUntilAnEmptyPage) {
  auto paginator = Make("page_number");
  EXPECT_EQ(Walk(*paginator, {Records(10), Records(10), Records(3), Records(0), Records(10)}),
            (Requests{"page=1", "page=2", "page=3", "page=4", "stop"}));
}

TEST(PageNumberPaginatorTest, SendsThePageSizeWithEveryRequest) {
  auto paginator = Make({{"type", "page_number"},
                         {"page_param", "p"},
                         {"page_size_param", "per_page"},
                         {"page_size", 50}});
  EXPECT_EQ(Walk(*paginator, {Records(50), Records(0)}),
            (Requests{"p=1&per_page=50", "p=2&per_page=50", "stop"}));
}

TEST(PageNumberPaginatorTest, StopsWhenTotalPagesAreRead) {
  auto paginator = Make({{"type", "page_number"}, {"total_path", "meta.pages"}});
  Json body = {{"meta", {{"pages", 3}}}};
  EXPECT_EQ(Walk(*paginator, {Records(10, body), Records(10, body), Records(10, body)}),
            (Requests{"page=1", "page=2", "page=3", "stop"}));
}

TEST(PageNumberPaginatorTest, TotalPagesCountFromBasePageZero) {
  auto paginator = Make({{"type", "page_number"}, {"base_page", 0}, {"total_path", "total_pages"}});
  Json body = {{"total_pages", "2"}};  // a count sent as a string is read too
  EXPECT_EQ(Walk(*paginator, {Records(10, body), Records(10, body)}),
            (Requests{"page=0", "page=1", "stop"}));
}

TEST(PageNumberPaginatorTest, ATotalMissingOnALaterPageKeepsTheFirst) {
  auto paginator = Make({{"type", "page_number"}, {"total_path", "total_pages"}});
  EXPECT_EQ(Walk(*paginator, {Records(10, {{"total_pages", 3}}), Records(10), Records(10)}),
            (Requests{"page=1", "page=2", "page=3", "stop"}));
}

TEST(PageNumberPaginatorTest, ATotalOfOnePageStopsAfterTheFirst) {
  auto paginator = Make({{"type", "page_number"}, {"total_path", "total_pages"}});
  EXPECT_EQ(Walk(*paginator, {Records(10, {{"total_pages", 1}})}), (Requests{"page=1", "stop"}));
}

TEST(PageNumberPaginatorTest, MaximumPageIsTheLastPageRead) {
  auto paginator = Make({{"type", "page_number"}, {"maximum_page", 2}});
  EXPECT_EQ(Walk(*paginator, {Records(10), Records(10), Records(10)}),
            (Requests{"page=1", "page=2", "stop"}));
}

TEST(PageNumberPaginatorTest, FirstStartsAgain) {
  auto paginator = Make({{"type", "page_number"}, {"total_path", "n"}});
  Walk(*paginator, {Records(10, {{"n", 2}}), Records(10, {{"n", 2}})});
  EXPECT_EQ(Walk(*paginator, {Records(10, {{"n", 5}}), Records(10)}),
            (Requests{"page=1", "page=2", "page=3"}));
}

TEST(PageNumberPaginatorTest, ATotalPathLeadingNowhereOnTheFirstPageIsAnError) {
  auto paginator = Make({{"type", "page_number"}, {"total_path", "meta.pages"}});
  EXPECT_EQ(NextError(*paginator, Records(10, {{"data", Json::array()}, {"meta", Json::object()}})),
            std::string(kLabel) +
                ": paginator.total_path 'meta.pages' leads nowhere in the first response (an "
                "object with keys data, meta); set total_path to the field that holds the number "
                "of pages, or remove it to page until an empty page");
}

TEST(PageNumberPaginatorTest, ATotalThatIsNotANumberIsAnError) {
  auto paginator = Make({{"type", "page_number"}, {"total_path", "meta.pages"}});
  EXPECT_EQ(NextError(*paginator, Records(10, {{"meta", {{"pages", "many"}}}})),
            std::string(kLabel) +
                ": paginator.total_path 'meta.pages' holds a string (\"many\"), not a number of "
                "pages; point total_path at the count itself");
  EXPECT_EQ(NextError(*paginator, Records(10, {{"meta", {{"pages", nullptr}}}})),
            std::string(kLabel) +
                ": paginator.total_path 'meta.pages' holds null, not a number of pages; point "
                "total_path at the count itself");
  EXPECT_EQ(NextError(*paginator, Records(10, {{"meta", {{"pages", 2.5}}}})),
            std::string(kLabel) +
                ": paginator.total_path 'meta.pages' holds 2.5, not a number of pages; point "
                "total_path at the count itself");
  // On a later page too.
  paginator->First();
  ASSERT_TRUE(paginator->Next(Records(10, {{"meta", {{"pages", 4}}}}).View()).ok());
  auto later = paginator->Next(Records(10, {{"meta", {{"pages", {1}}}}}).View());
  ASSERT_FALSE(later.ok());
  EXPECT_NE(later.status().message().find("holds an array of 1 items"), std::string::npos)
      << later.status().message();
}

TEST(PageNumberPaginatorTest, AnEmptyFirstPageStopsWithoutLookingForTheTotal) {
  auto paginator = Make({{"type", "page_number"}, {"total_path", "meta.pages"}});
  EXPECT_EQ(Walk(*paginator, {Records(0)}), (Requests{"page=1", "stop"}));
}

// ---- offset ----

TEST(OffsetPaginatorTest, StepsByTheLimitUntilAnEmptyPageNotAShortOne) {
  auto paginator = Make({{"type", "offset"}, {"limit", 100}});
  // The API caps pages at 40 records: a short page is not the last.
  EXPECT_EQ(
      Walk(*paginator, {Records(40), Records(40), Records(0)}),
      (Requests{"offset=0&limit=100", "offset=100&limit=100", "offset=200&limit=100", "stop"}));
}

TEST(OffsetPaginatorTest, StopsAtTheTotalNumberOfRecords) {
  auto paginator = Make({{"type", "offset"},
                         {"limit", 10},
                         {"offset_param", "skip"},
                         {"limit_param", "take"},
                         {"total_path", "total"}});
  Json body = {{"total", 25}};
  EXPECT_EQ(Walk(*paginator, {Records(10, body), Records(10, body), Records(5, body)}),
            (Requests{"skip=0&take=10", "skip=10&take=10", "skip=20&take=10", "stop"}));
}

TEST(OffsetPaginatorTest, StopsAtMaximumOffsetAndStartsAtOffset) {
  auto paginator = Make({{"type", "offset"}, {"limit", 10}, {"offset", 5}, {"maximum_offset", 25}});
  EXPECT_EQ(Walk(*paginator, {Records(10), Records(10), Records(10)}),
            (Requests{"offset=5&limit=10", "offset=15&limit=10", "stop"}));
}

TEST(OffsetPaginatorTest, ATotalPathLeadingNowhereOnTheFirstPageIsAnError) {
  auto paginator = Make({{"type", "offset"}, {"limit", 10}, {"total_path", "count"}});
  EXPECT_EQ(NextError(*paginator, Records(10, {{"results", Json::array()}, {"total", 9}})),
            std::string(kLabel) +
                ": paginator.total_path 'count' leads nowhere in the first response (an object "
                "with keys results, total); set total_path to the field that holds the number of "
                "records, or remove it to page until an empty page");
  EXPECT_EQ(NextError(*paginator, Records(10, {{"count", true}})),
            std::string(kLabel) +
                ": paginator.total_path 'count' holds true, not a number of records; point "
                "total_path at the count itself");
}

TEST(OffsetPaginatorTest, LimitIsRequired) {
  EXPECT_EQ(MakeError("offset"),
            std::string(kLabel) +
                ": paginator.limit is required by the offset paginator: the number of records to "
                "ask for per request");
}

// ---- cursor ----

TEST(CursorPaginatorTest, FollowsTheCursorUntilItIsNull) {
  auto paginator = Make("cursor");  // cursor_path "cursors.next", cursor_param "cursor"
  EXPECT_EQ(Walk(*paginator, {Records(10, {{"cursors", {{"next", "abc"}}}}),
                              Records(10, {{"cursors", {{"next", "def"}}}}),
                              Records(10, {{"cursors", {{"next", nullptr}}}})}),
            (Requests{"", "cursor=abc", "cursor=def", "stop"}));
}

TEST(CursorPaginatorTest, StopsOnAnEmptyCursorAnAbsentOneLaterOrAnEmptyPage) {
  Json config = {
      {"type", "cursor"}, {"cursor_path", "meta.next_cursor"}, {"cursor_param", "after"}};
  auto paginator = Make(config);
  Json more = {{"meta", {{"next_cursor", "c2"}}}};
  EXPECT_EQ(Walk(*paginator, {Records(10, more), Records(10, {{"meta", {{"next_cursor", ""}}}})}),
            (Requests{"", "after=c2", "stop"}));
  EXPECT_EQ(Walk(*paginator, {Records(10, more), Records(10, {{"meta", Json::object()}})}),
            (Requests{"", "after=c2", "stop"}));
  EXPECT_EQ(Walk(*paginator, {Records(10, more), Records(0, {{"meta", {{"next_cursor", "c3"}}}})}),
            (Requests{"", "after=c2", "stop"}));
}

TEST(CursorPaginatorTest, ANumericCursorIsSentAsItsDigits) {
  auto paginator =
      Make({{"type", "cursor"}, {"cursor_path", "next_page"}, {"cursor_param", "page"}});
  EXPECT_EQ(
      Walk(*paginator, {Records(10, {{"next_page", 2}}), Records(10, {{"next_page", nullptr}})}),
      (Requests{"", "page=2", "stop"}));
}

TEST(CursorPaginatorTest, APathLeadingNowhereOnTheFirstPageIsAnError) {
  auto paginator = Make("cursor");
  EXPECT_EQ(NextError(*paginator,
                      Records(10, {{"data", Json::array()}, {"meta", {{"next_cursor", "x"}}}})),
            std::string(kLabel) +
                ": paginator.cursor_path 'cursors.next' leads nowhere in the first response (an "
                "object with keys data, meta; meta.next_cursor holds a cursor); "
                "set cursor_path to the field that holds the next cursor");
  Page bare = Records(3, Json::array({1, 2, 3}));
  EXPECT_EQ(NextError(*paginator, bare),
            std::string(kLabel) +
                ": paginator.cursor_path 'cursors.next' leads nowhere in the first response (an "
                "array of 3 items); set cursor_path to the field that holds the next cursor");
}

TEST(CursorPaginatorTest, ACursorThatIsNotAStringOrNumberIsAnError) {
  auto paginator = Make({{"type", "cursor"}, {"cursor_path", "cursor"}});
  EXPECT_EQ(NextError(*paginator, Records(10, {{"cursor", {{"next", "a"}, {"prev", "b"}}}})),
            std::string(kLabel) +
                ": paginator.cursor_path 'cursor' holds an object with keys next, prev, not a "
                "cursor (a string or a number); point cursor_path at the cursor itself");
}

TEST(CursorPaginatorTest, ARepeatedCursorIsAnError) {
  auto paginator = Make({{"type", "cursor"}, {"cursor_path", "next"}});
  Json body = {{"next", "same"}};
  auto requests = Walk(*paginator, {Records(10, body), Records(10, body)});
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2],
            "error: " + std::string(kLabel) +
                ": paginator.cursor_path 'next' gave the same value as on the page before, so "
                "paging would never end; check that the API reads the cursor from the param the "
                "paginator sends (cursor_param)");
}

// ---- header_cursor ----

TEST(HeaderCursorPaginatorTest, FollowsTheHeaderNamedByCursorKey) {
  auto paginator = Make("header_cursor");  // cursor_key "X-Next-Cursor", cursor_param "cursor"
  EXPECT_EQ(Walk(*paginator, {WithHeaders({{"X-Next-Cursor", "t1"}}),
                              WithHeaders({{"x-next-cursor", "t2"}}), WithHeaders({})}),
            (Requests{"", "cursor=t1", "cursor=t2", "stop"}));
}

TEST(HeaderCursorPaginatorTest, CursorHeaderIsAnotherNameForCursorKey) {
  auto paginator = Make(
      {{"type", "header_cursor"}, {"cursor_header", "X-Next-Cursor"}, {"cursor_param", "from"}});
  EXPECT_EQ(Walk(*paginator,
                 {WithHeaders({{"x-next-cursor", "42"}}), WithHeaders({{"X-Next-Cursor", ""}})}),
            (Requests{"", "from=42", "stop"}));
  EXPECT_EQ(MakeError({{"type", "header_cursor"}, {"cursor_header", "a"}, {"cursor_key", "b"}}),
            std::string(kLabel) +
                ": paginator.cursor_header and paginator.cursor_key name the same thing; give "
                "one of them");
}

TEST(HeaderCursorPaginatorTest, NoHeaderOnASinglePageStops) {
  auto paginator = Make({{"type", "header_cursor"}, {"cursor_key", "X-Cursor"}});
  EXPECT_EQ(Walk(*paginator, {WithHeaders({{"Content-Type", "application/json"}})}),
            (Requests{"", "stop"}));
  EXPECT_EQ(Walk(*paginator, {WithHeaders({{"X-Cursor", "a"}}, 0)}), (Requests{"", "stop"}));
}

TEST(HeaderCursorPaginatorTest, NoHeaderOnAFirstPageThatLooksPaginatedIsAnError) {
  auto paginator = Make("header_cursor");
  EXPECT_EQ(NextError(*paginator, WithHeaders({{"next", "abc"}})),
            std::string(kLabel) +
                ": paginator.cursor_key 'X-Next-Cursor' names no header of the first response, "
                "but it looks paginated all the same (header next is set); set \"paginator\": "
                "{\"type\": \"header_cursor\", \"cursor_key\": \"next\", "
                "\"cursor_param\": \"<the API's param>\"}");
}

TEST(HeaderCursorPaginatorTest, ARepeatedCursorIsAnError) {
  auto paginator = Make("header_cursor");
  auto requests = Walk(
      *paginator, {WithHeaders({{"X-Next-Cursor", "a"}}), WithHeaders({{"X-Next-Cursor", "a"}})});
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_TRUE(requests[2].starts_with("error: " + std::string(kLabel) +
                                      ": paginator.cursor_key 'X-Next-Cursor' gave the same value"))
      << requests[2];
}

// ---- header_link ----

TEST(HeaderLinkPaginatorTest, FollowsRelNextAcrossHeadersAndRelLists) {
  auto paginator = Make("header_link");
  EXPECT_EQ(
      Walk(*paginator, {WithHeaders({{"Link",
                                      "<https://api.example.com/v2/items?page=2>; rel=\"next\", "
                                      "<https://api.example.com/v2/items?page=9>; rel=\"last\""}}),
                        WithHeaders({{"link", "</v2/items?page=1>; rel=\"first prev\""},
                                     {"link", "</v2/items?page=3>; rel=\"next last\""}}),
                        WithHeaders({{"Link", "</v2/items?page=2>; rel=\"prev\""}})}),
      (Requests{"", "https://api.example.com/v2/items?page=2",
                "https://api.example.com/v2/items?page=3", "stop"}));
}

TEST(HeaderLinkPaginatorTest, ResolvesRelativeLinksAgainstTheUrlRead) {
  auto paginator = Make({{"type", "header_link"}, {"links_next_key", "Forward"}});
  Page page = WithHeaders({{"Link", "<?cursor=abc>; rel=forward"}});
  page.url = "http://127.0.0.1:8080/api/items?limit=5";
  EXPECT_EQ(Walk(*paginator, {page}), (Requests{"", "http://127.0.0.1:8080/api/items?cursor=abc"}));
}

TEST(HeaderLinkPaginatorTest, NoNextLinkStops) {
  auto paginator = Make("header_link");
  EXPECT_EQ(Walk(*paginator, {WithHeaders({})}), (Requests{"", "stop"}));
  EXPECT_EQ(Walk(*paginator, {WithHeaders({{"Link", "</p/1>; rel=\"first\""}})}),
            (Requests{"", "stop"}));
  EXPECT_EQ(Walk(*paginator, {WithHeaders({{"Link", "</p/2>; rel=\"next\""}}, 0)}),
            (Requests{"", "stop"}));
}

TEST(HeaderLinkPaginatorTest, NoLinkOnAFirstPageThatLooksPaginatedIsAnError) {
  auto paginator = Make("header_link");
  Page page = Records(10, {{"results", Json::array()}, {"next", "https://x/items?page=2"}});
  EXPECT_EQ(NextError(*paginator, page),
            std::string(kLabel) +
                ": the first response has no Link header with rel=\"next\" "
                "(paginator.links_next_key 'next'), but it looks paginated all the same (next "
                "holds a next-page URL); set \"paginator\": {\"type\": \"json_link\", "
                "\"next_url_path\": \"next\"}");
}

TEST(HeaderLinkPaginatorTest, ALinkToThePageJustReadIsAnError) {
  auto paginator = Make("header_link");
  Page page = WithHeaders({{"Link", std::string("<") + kUrl + ">; rel=next"}});
  EXPECT_EQ(NextError(*paginator, page),
            std::string(kLabel) +
                ": the Link header's rel=\"next\" points at the page just read, so paging would "
                "never end; check the API's next links");
}

// ---- json_link ----

TEST(JsonLinkPaginatorTest, FollowsAbsoluteAndRelativeNextUrls) {
  auto paginator = Make({{"type", "json_link"}, {"next_url_path", "links.next"}});
  Page second = Records(10, {{"links", {{"next", "?page=3"}}}});
  second.url = "https://api.example.com/v2/items?page=2";
  EXPECT_EQ(Walk(*paginator,
                 {Records(10, {{"links", {{"next", "https://api.example.com/v2/items?page=2"}}}}),
                  second, Records(10, {{"links", {{"next", nullptr}}}})}),
            (Requests{"", "https://api.example.com/v2/items?page=2",
                      "https://api.example.com/v2/items?page=3", "stop"}));
  EXPECT_EQ(Walk(*paginator, {Records(10, {{"links", {{"next", "/v3/items?after=9"}}}}),
                              Records(10, {{"links", {{"next", ""}}}})}),
            (Requests{"", "https://api.example.com/v3/items?after=9", "stop"}));
}

TEST(JsonLinkPaginatorTest, StopsOnAnEmptyPageOrAnAbsentLinkLater) {
  auto paginator = Make("json_link");
  Json more = {{"next", "/v2/items?page=2"}};
  EXPECT_EQ(Walk(*paginator, {Records(0, more)}), (Requests{"", "stop"}));
  EXPECT_EQ(Walk(*paginator, {Records(10, more), Records(10, {{"items", Json::array()}})}),
            (Requests{"", "https://api.example.com/v2/items?page=2", "stop"}));
}

TEST(JsonLinkPaginatorTest, AnAbsentLinkOnASinglePageStops) {
  auto paginator = Make("json_link");
  EXPECT_EQ(Walk(*paginator, {Records(10, {{"items", Json::array()}, {"has_more", false}})}),
            (Requests{"", "stop"}));
}

TEST(JsonLinkPaginatorTest, AnAbsentLinkOnAFirstPageThatLooksPaginatedIsAnError) {
  auto paginator = Make({{"type", "json_link"}, {"next_url_path", "paging.next_url"}});
  EXPECT_EQ(NextError(*paginator, Records(10, {{"paging", {{"next", "https://x/p2"}}}})),
            std::string(kLabel) +
                ": paginator.next_url_path 'paging.next_url' leads nowhere in the first response "
                "(an object with keys paging), but it looks paginated all the same (paging.next "
                "holds a next-page URL); set \"paginator\": {\"type\": \"json_link\", "
                "\"next_url_path\": \"paging.next\"}");
}

TEST(JsonLinkPaginatorTest, ANextValueThatIsNotAStringIsAnError) {
  auto paginator = Make({{"type", "json_link"}, {"next_url_path", "_links.next"}});
  EXPECT_EQ(NextError(*paginator, Records(10, {{"_links", {{"next", {{"href", "/p/2"}}}}}})),
            std::string(kLabel) +
                ": paginator.next_url_path '_links.next' holds an object with keys href, not a "
                "URL; set next_url_path to '_links.next.href'");
  EXPECT_EQ(NextError(*paginator, Records(10, {{"_links", {{"next", 2}}}})),
            std::string(kLabel) +
                ": paginator.next_url_path '_links.next' holds 2, not a URL; point next_url_path "
                "at the URL itself");
}

TEST(JsonLinkPaginatorTest, ALinkToThePageJustReadIsAnError) {
  auto paginator = Make("json_link");
  EXPECT_EQ(NextError(*paginator, Records(10, {{"next", kUrl}})),
            std::string(kLabel) +
                ": paginator.next_url_path 'next' points at the page just read, so paging would "
                "never end; check the API's next links");
}

// ---- single_page ----

TEST(SinglePagePaginatorTest, ReadsOnePage) {
  for (const Json& config : {Json(nullptr), Json("single_page"), Json{{"type", "single_page"}}}) {
    auto paginator = Make(config);
    EXPECT_EQ(Walk(*paginator, {Records(10, {{"next", "https://x/2"}})}), (Requests{"", "stop"}))
        << config.dump();
  }
}

// ---- config errors ----

TEST(MakePaginatorTest, UnknownTypeWithASuggestion) {
  EXPECT_EQ(MakeError({{"type", "pages"}}),
            std::string(kLabel) +
                ": paginator.type 'pages' is not one of page_number, offset, cursor, "
                "last_record, header_cursor, header_link, json_link, single_page");
  EXPECT_EQ(MakeError("curser"),
            std::string(kLabel) +
                ": paginator.type 'curser' is not one of page_number, offset, cursor, "
                "last_record, header_cursor, header_link, json_link, single_page; did you mean "
                "'cursor'?");
}

TEST(MakePaginatorTest, TheConfigMustBeATypeNameOrAnObjectWithAType) {
  EXPECT_EQ(MakeError(Json(3)), std::string(kLabel) +
                                    ": paginator must be an object with a \"type\" (or a type "
                                    "name such as \"cursor\"), not 3");
  EXPECT_EQ(MakeError(Json::array({"cursor"})),
            std::string(kLabel) +
                ": paginator must be an object with a \"type\" (or a type name such as "
                "\"cursor\"), not an array of 1 items");
  EXPECT_EQ(MakeError({{"cursor_path", "next"}}),
            std::string(kLabel) +
                ": paginator needs a \"type\": one of page_number, offset, cursor, header_cursor, "
                "header_link, json_link, single_page");
  EXPECT_EQ(MakeError({{"type", true}}),
            std::string(kLabel) + ": paginator.type must be a string such as \"cursor\", not true");
}

TEST(MakePaginatorTest, UnknownFieldWithASuggestionAndTheTypesFields) {
  EXPECT_EQ(MakeError({{"type", "cursor"}, {"cursor_pth", "next"}}),
            std::string(kLabel) +
                ": paginator.cursor_pth is not a field of the cursor paginator; did you mean "
                "'cursor_path'? (its fields: cursor_path, cursor_param)");
  EXPECT_EQ(MakeError({{"type", "offset"}, {"limit", 10}, {"page_size", 10}}),
            std::string(kLabel) +
                ": paginator.page_size is not a field of the offset paginator (its fields: "
                "offset_param, limit_param, limit, offset, total_path, maximum_offset)");
  EXPECT_EQ(MakeError({{"type", "single_page"}, {"limit", 1}}),
            std::string(kLabel) +
                ": paginator.limit is not a field of the single_page paginator (it has none)");
}

TEST(MakePaginatorTest, FieldTypesAreChecked) {
  EXPECT_EQ(
      MakeError({{"type", "offset"}, {"limit", "100"}}),
      std::string(kLabel) + ": paginator.limit must be a whole number, not a string (\"100\")");
  EXPECT_EQ(MakeError({{"type", "offset"}, {"limit", 2.5}}),
            std::string(kLabel) + ": paginator.limit must be a whole number, not 2.5");
  EXPECT_EQ(MakeError({{"type", "offset"}, {"limit", 0}}),
            std::string(kLabel) + ": paginator.limit must be at least 1, not 0");
  EXPECT_EQ(MakeError({{"type", "page_number"}, {"base_page", -1}}),
            std::string(kLabel) + ": paginator.base_page must be at least 0, not -1");
  EXPECT_EQ(MakeError({{"type", "page_number"}, {"base_page", 2}, {"maximum_page", 1}}),
            std::string(kLabel) + ": paginator.maximum_page must be at least 2, not 1");
  EXPECT_EQ(MakeError({{"type", "cursor"}, {"cursor_param", 5}}),
            std::string(kLabel) + ": paginator.cursor_param must be a string, not 5");
  EXPECT_EQ(MakeError({{"type", "json_link"}, {"next_url_path", {{"a", 1}}}}),
            std::string(kLabel) +
                ": paginator.next_url_path must be a string, not an object with keys a");
  EXPECT_EQ(MakeError({{"type", "header_link"}, {"links_next_key", ""}}),
            std::string(kLabel) + ": paginator.links_next_key must not be empty");
  EXPECT_EQ(MakeError({{"type", "offset"}, {"limit", std::string(60, '9')}}),
            std::string(kLabel) + ": paginator.limit must be a whole number, not a string (\"" +
                std::string(40, '9') + "…\")");
  // A whole number written as 100.0 is a whole number; null keeps the default.
  EXPECT_NE(Make({{"type", "offset"}, {"limit", 100.0}, {"total_path", nullptr}}), nullptr);
}

TEST(MakePaginatorTest, PageSizeAndItsParamComeTogether) {
  EXPECT_EQ(MakeError({{"type", "page_number"}, {"page_size", 10}}),
            std::string(kLabel) +
                ": paginator.page_size needs paginator.page_size_param, the query param that "
                "carries the page size");
  EXPECT_EQ(MakeError({{"type", "page_number"}, {"page_size_param", "per_page"}}),
            std::string(kLabel) +
                ": paginator.page_size_param needs paginator.page_size, the number of records to "
                "ask for per page");
}

// ---- CheckNotPaginated ----

std::string NotPaginatedError(const Page& page) {
  Status status = CheckNotPaginated(page.View(), kLabel);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  return status.message();
}

TEST(CheckNotPaginatedTest, SinglePagesPass) {
  const std::vector<Json> bodies = {
      Json::array({{{"id", 1}}}),
      {{"data", Json::array()}, {"next", nullptr}, {"next_cursor", ""}},
      {{"data", Json::array()}, {"has_more", false}, {"total_pages", 1}},
      {{"meta", {{"next_cursor", nullptr}, {"total_pages", "1"}}}},
      {{"paging", {{"cursors", {{"before", "a"}, {"after", "b"}}}}}},  // Graph's last page
      {{"links", {{"self", "/p/1"}, {"next", nullptr}}}},
  };
  for (const Json& body : bodies) {
    Page page = Records(10, body);
    page.headers = {{"Content-Type", "application/json"},
                    {"x-nextjs-cache", "HIT"},
                    {"Link", "</p/1>; rel=\"first\""},
                    {"X-Next-Page", ""}};
    EXPECT_TRUE(CheckNotPaginated(page.View(), kLabel).ok()) << body.dump();
  }
  EXPECT_TRUE(CheckNotPaginated(PageResponse{kUrl, nullptr, nullptr, 0}, kLabel).ok());
}

TEST(CheckNotPaginatedTest, ALinkHeaderWithRelNext) {
  EXPECT_EQ(NotPaginatedError(WithHeaders({{"link", "</p/2>; rel=\"next last\""}})),
            std::string(kLabel) +
                ": the first response looks paginated (a Link header has rel=\"next\") but no "
                "paginator is set, so only the first page would be read; set \"paginator\": "
                "\"header_link\" (or \"paginator\": \"single_page\" to read one page on purpose)");
}

TEST(CheckNotPaginatedTest, ABodyCursor) {
  EXPECT_EQ(
      NotPaginatedError(Records(10, {{"data", Json::array()}, {"meta", {{"next_cursor", "abc"}}}})),
      std::string(kLabel) +
          ": the first response looks paginated (meta.next_cursor holds a cursor) but no "
          "paginator is set, so only the first page would be read; set \"paginator\": "
          "{\"type\": \"cursor\", \"cursor_path\": \"meta.next_cursor\", \"cursor_param\": "
          "\"<the API's param>\"} (or \"paginator\": \"single_page\" to read one page on "
          "purpose)");
}

TEST(CheckNotPaginatedTest, EveryMarkerIsNamedAndTheFirstSuggested) {
  std::string message = NotPaginatedError(
      Records(10, {{"has_more", true}, {"nextPageToken", "t"}, {"total_pages", 4}}));
  EXPECT_NE(message.find("(nextPageToken holds a cursor; has_more is true; total_pages is 4)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("\"cursor_path\": \"nextPageToken\""), std::string::npos) << message;
}

// Each well-known shape, and what it suggests.
TEST(CheckNotPaginatedTest, WellKnownShapes) {
  const std::vector<std::pair<Json, std::string>> cases = {
      {{{"next", "https://api.example.com/items?page=2"}},
       "\"paginator\": {\"type\": \"json_link\", \"next_url_path\": \"next\"}"},
      {{{"links", {{"next", "/items?page[after]=x"}}}},
       "\"paginator\": {\"type\": \"json_link\", \"next_url_path\": \"links.next\"}"},
      {{{"_links", {{"next", {{"href", "/items?page=2"}}}}}},
       "\"paginator\": {\"type\": \"json_link\", \"next_url_path\": \"_links.next.href\"}"},
      {{{"@odata.nextLink", "https://graph.example.com/v1/users?$skiptoken=x"}},
       "\"paginator\": {\"type\": \"json_link\", \"next_url_path\": \"@odata.nextLink\"}"},
      {{{"paging", {{"next", "https://graph.example.com/p2"}}}},
       "\"paginator\": {\"type\": \"json_link\", \"next_url_path\": \"paging.next\"}"},
      {{{"pagination", {{"next", "?page=2"}}}},
       "\"paginator\": {\"type\": \"json_link\", \"next_url_path\": \"pagination.next\"}"},
      {{{"response_metadata", {{"next_cursor", "dXNlcjpVMEc5V0ZYTlo="}}}},
       "\"cursor_path\": \"response_metadata.next_cursor\""},
      {{{"cursors", {{"next", "c"}}}}, "\"cursor_path\": \"cursors.next\""},
      {{{"cursor", "c"}}, "\"cursor_path\": \"cursor\""},
      {{{"next_page", 2}}, "\"cursor_path\": \"next_page\""},
      {{{"has_more", true}}, "the \"paginator\" this API's docs describe"},
      {{{"pageInfo", {{"hasNextPage", true}}}}, "the \"paginator\" this API's docs describe"},
      {{{"meta", {{"total_pages", "3"}}}},
       "\"paginator\": {\"type\": \"page_number\", \"total_path\": \"meta.total_pages\"}"},
  };
  for (const auto& [body, suggestion] : cases) {
    std::string message = NotPaginatedError(Records(10, body));
    size_t set = message.find("; set ");
    EXPECT_NE(set, std::string::npos) << message;
    EXPECT_NE(message.find(suggestion, set), std::string::npos) << body.dump() << "\n" << message;
  }
}

TEST(CheckNotPaginatedTest, ACursorHeader) {
  for (const char* name : {"X-Next-Cursor", "x-ms-continuation", "X-Next-Page", "X-Page-Token"}) {
    std::string message = NotPaginatedError(WithHeaders({{name, "abc"}}));
    EXPECT_NE(message.find("(header " + std::string(name) + " is set)"), std::string::npos)
        << message;
    EXPECT_NE(
        message.find("\"type\": \"header_cursor\", \"cursor_key\": \"" + std::string(name) + "\""),
        std::string::npos)
        << message;
  }
}

TEST(CheckNotPaginatedTest, NeverShowsTheCursorOrTheUrl) {
  std::string message =
      NotPaginatedError(Records(10, {{"next", "https://api.example.com/items?api_key=SECRET123"},
                                     {"next_cursor", "SECRET456"}}));
  EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
  message = NotPaginatedError(WithHeaders(
      {{"Link", "<https://x/items?token=SECRET789>; rel=next"}, {"X-Cursor", "SECRETA"}}));
  EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
}

TEST(LastRecordPaginator, StartsAfterTheLastRecordWhileHasMore) {
  auto p = Make({{"type", "last_record"}, {"has_more_path", "has_more"}});
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(Walk(*p, {EndingWith({{"id", "ch_3"}}, {{"has_more", true}}),
                      EndingWith({{"id", "ch_6"}}, {{"has_more", true}}),
                      EndingWith({{"id", "ch_9"}}, {{"has_more", false}})}),
            (std::vector<std::string>{"", "starting_after=ch_3", "starting_after=ch_6", "stop"}));
  // Without has_more_path: until an empty page; a numeric id is sent as digits.
  auto q = Make({{"type", "last_record"}, {"cursor_field", "n"}, {"cursor_param", "after"}});
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(Walk(*q, {EndingWith({{"n", 10}}), Records(0)}),
            (std::vector<std::string>{"", "after=10", "stop"}));
}

TEST(LastRecordPaginator, SaysWhatDoesNotFit) {
  auto p = Make({{"type", "last_record"}, {"has_more_path", "more"}});
  ASSERT_NE(p, nullptr);
  std::vector<std::string> walked = Walk(*p, {EndingWith({{"id", "x"}}, {{"has_more", true}})});
  EXPECT_TRUE(Contains(walked.back(),
                       "paginator.has_more_path 'more' leads nowhere in the first "
                       "response (an object with keys has_more)"))
      << walked.back();
  auto q = Make({{"type", "last_record"}});
  ASSERT_NE(q, nullptr);
  walked = Walk(*q, {EndingWith({{"name", "x"}})});
  EXPECT_TRUE(Contains(walked.back(),
                       "paginator.cursor_field 'id' is missing from the page's "
                       "last record"))
      << walked.back();
  auto r = Make({{"type", "last_record"}});
  walked = Walk(*r, {EndingWith({{"id", "a"}}), EndingWith({{"id", "a"}})});
  EXPECT_TRUE(Contains(walked.back(), "error: ")) << walked.back();
}

}  // namespace
}  // namespace sqlflow
