#include "connectors/rest/rest_page_body.h"

#include <gtest/gtest.h>

#include "connectors/rest/rest_records.h"

namespace sqlflow {
namespace {

// The lines PageBody writes for `text`, with its envelope and count.
struct Parsed {
  bool is_json = false;
  std::string lines;
  RestJson envelope;
  size_t count = 0;
  std::vector<RestJson> first;
};

Result<Parsed> ParseOne(const std::string& text, const std::string& selector = "",
                        std::vector<std::string> paths = {}, bool flatten = false) {
  PageBody body(selector, std::move(paths));
  SQLFLOW_ASSIGN_OR_RETURN(bool is_json, body.Parse(text, "GET /x (page 1)"));
  Parsed out;
  out.is_json = is_json;
  if (!is_json) return out;
  out.count = body.count();
  out.envelope = body.envelope();
  SQLFLOW_RETURN_IF_ERROR(
      body.AppendLines(body.count(), flatten, RecordShape{}, out.lines, &out.first, 2, "w"));
  return out;
}

// What the tree path alone (nlohmann, SelectRecords, RecordLine) writes for the same body.
std::string TreeLines(const std::string& text, const std::string& selector, bool flatten) {
  RestJson body = RestJson::parse(text);
  Result<const RestJson*> records = SelectRecords(body, selector, "w");
  EXPECT_TRUE(records.ok()) << records.status().message();
  std::string lines;
  if (!records.ok() || !(*records)->is_array()) return lines;
  for (const RestJson& r : **records) lines += RecordLine(r, flatten);
  return lines;
}

TEST(RestPageBody, WritesRecordsAsTheTreePathDoesAndKeepsTheRestAsEnvelope) {
  const std::string text = R"({
    "data": [
      {"id": 1, "amount": 3.0, "name": "é\n", "nested": {"a": [1, 2]}},
      {"id": 2, "amount": 1.5e3, "ok": true, "none": null}
    ],
    "meta": {"next": "abc", "total_pages": 7}
  })";
  Result<Parsed> parsed = ParseOne(text, "data");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_TRUE(parsed->is_json);
  EXPECT_EQ(parsed->count, 2u);
  EXPECT_EQ(parsed->lines, TreeLines(text, "data", false));
  EXPECT_EQ(parsed->lines.find("\n{"), parsed->lines.find('\n'));  // one record a line
  // The envelope: every field, the records' places held by nulls.
  EXPECT_EQ(parsed->envelope["meta"]["next"], "abc");
  EXPECT_EQ(parsed->envelope["data"].size(), 2u);
  EXPECT_TRUE(parsed->envelope["data"][0].is_null());
  ASSERT_EQ(parsed->first.size(), 2u);
  EXPECT_EQ(parsed->first[0]["nested"]["a"][1], 2);
  EXPECT_EQ(parsed->envelope.begin().key(), "data");  // field order kept
}

TEST(RestPageBody, FlattensAndWrapsLikeRecordLine) {
  const std::string text = R"({"items": [{"a": {"b": 1, "c": {"d": "x"}}}, 5, "s"]})";
  for (bool flatten : {false, true}) {
    Result<Parsed> parsed = ParseOne(text, "", {}, flatten);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->count, 3u);  // the one array of the body, found without a selector
    EXPECT_EQ(parsed->lines, TreeLines(text, "", flatten));
  }
}

TEST(RestPageBody, NumbersSimdjsonRefusesTakeTheTreePath) {
  const std::string text = R"([{"id": 123456789012345678901234567890}, {"id": 1}])";
  Result<Parsed> parsed = ParseOne(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->count, 2u);
  EXPECT_EQ(parsed->lines, TreeLines(text, "", false));
}

TEST(RestPageBody, PathsIntoTheRecordsKeepThemInTheEnvelope) {
  const std::string text = R"({"results": [{"id": 1}, {"id": 2}], "n": 2})";
  // An index in the selector, and a paginator reading inside the records.
  Result<Parsed> indexed = ParseOne(R"({"pages": [{"results": [{"id": 1}]}]})", "pages.0.results");
  ASSERT_TRUE(indexed.ok()) << indexed.status().message();
  EXPECT_EQ(indexed->lines, "{\"id\":1}\n");
  Result<Parsed> read = ParseOne(text, "results", {"results.1.id"});
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->envelope["results"][1]["id"], 2);
  EXPECT_EQ(read->lines, TreeLines(text, "results", false));
  Result<Parsed> other = ParseOne(text, "results", {"n", "resultsX"});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->envelope["results"][1].is_null());
}

TEST(RestPageBody, RepeatedRecordsKeyFollowsTheTreePath) {
  // nlohmann keeps the last of a repeated key: so must the records written.
  const std::string text = R"({"data": [{"id": 1}], "data": [{"id": 2}, {"id": 3}]})";
  Result<Parsed> parsed = ParseOne(text, "data");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->lines, TreeLines(text, "data", false));
  EXPECT_EQ(parsed->count, 2u);
}

TEST(RestPageBody, NullRecordsAndNotJson) {
  Result<Parsed> none = ParseOne(R"({"data": null, "more": false})", "data");
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_EQ(none->count, 0u);
  EXPECT_EQ(none->lines, "");
  Result<Parsed> html = ParseOne("<html>hi</html>");
  ASSERT_TRUE(html.ok());
  EXPECT_FALSE(html->is_json);
}

TEST(RestPageBody, SelectorErrorsAreSelectRecordsErrors) {
  for (const auto& [text, selector] :
       std::vector<std::pair<std::string, std::string>>{{R"({"items": [], "meta": {}})", "data"},
                                                        {R"({"data": {"a": 1}})", "data"},
                                                        {R"({"a": [1], "b": [2]})", ""},
                                                        {R"("text")", ""}}) {
    Result<Parsed> parsed = ParseOne(text, selector);
    ASSERT_FALSE(parsed.ok()) << text;
    RestJson body = RestJson::parse(text);
    Result<const RestJson*> tree = SelectRecords(body, selector, "GET /x (page 1)");
    ASSERT_FALSE(tree.ok());
    EXPECT_EQ(parsed.status().message(), tree.status().message());
  }
}

TEST(RestPageBody, PaginatorBodyPathsIncludeDefaults) {
  EXPECT_EQ(PaginatorBodyPaths({{"type", "page_number"}, {"total_path", "meta.pages"}}),
            std::vector<std::string>{"meta.pages"});
  EXPECT_EQ(PaginatorBodyPaths({{"type", "cursor"}}), std::vector<std::string>{"cursors.next"});
  EXPECT_EQ(PaginatorBodyPaths({{"type", "json_link"}}), std::vector<std::string>{"next"});
  EXPECT_TRUE(PaginatorBodyPaths(nullptr).empty());
}

}  // namespace
}  // namespace sqlflow
