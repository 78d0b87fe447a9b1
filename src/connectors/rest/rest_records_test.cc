#include "connectors/rest/rest_records.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connectors/rest/rest_config.h"
#include "connectors/rest/rest_fan_out.h"
#include "connectors/rest/rest_pages.h"
#include "connectors/rest/rest_source.h"

namespace sqlflow {
namespace {

using ::testing::HasSubstr;
using Json = RestJson;

TEST(SelectRecordsTest, TheSelectorTheBodyOrItsOneArray) {
  Json body = Json::parse(R"({"data": {"items": [{"id": 1}, {"id": 2}]}, "meta": {}})");
  auto selected = SelectRecords(body, "data.items", "here");
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ((*selected)->size(), 2u);

  Json array = Json::parse(R"([{"id": 1}])");
  ASSERT_TRUE(SelectRecords(array, "", "here").ok());
  EXPECT_EQ((*SelectRecords(array, "", "here"))->size(), 1u);

  Json one = Json::parse(R"({"results": [{"id": 1}], "count": 1})");
  ASSERT_TRUE(SelectRecords(one, "", "here").ok());
  // A null at the selector is a page without records.
  Json none = Json::parse(R"({"data": null})");
  ASSERT_TRUE(SelectRecords(none, "data", "here").ok());
  EXPECT_TRUE((*SelectRecords(none, "data", "here"))->is_null());
}

TEST(SelectRecordsTest, ErrorsSayWhatTheBodyHolds) {
  Json body = Json::parse(R"({"data": [], "links": {"next": null}})");
  auto missing = SelectRecords(body, "items", "GET /x (page 1)");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "GET /x (page 1): data_selector 'items' matches nothing in the response, which is an "
            "object with keys data, links; set \"data_selector\" to the path of the records array");
  auto not_array = SelectRecords(body, "links", "here");
  ASSERT_FALSE(not_array.ok());
  EXPECT_THAT(not_array.status().message(), HasSubstr("leads to an object with keys next"));
  Json two = Json::parse(R"({"a": [1], "b": [2]})");
  auto ambiguous = SelectRecords(two, "", "here");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_THAT(ambiguous.status().message(), HasSubstr("cannot tell where the records are"));
}

TEST(RecordLineTest, FlattensNestedObjectsInFieldOrderAndWrapsScalars) {
  Json record = Json::parse(R"({"id": 1, "address": {"city": "Oslo", "geo": {"lat": 1.5}},
                                "tags": ["a"], "empty": {}})");
  EXPECT_EQ(RecordLine(record, true),
            R"({"id":1,"address.city":"Oslo","address.geo.lat":1.5,"tags":["a"],"empty":{}})"
            "\n");
  EXPECT_EQ(RecordLine(record, false), record.dump() + "\n");
  EXPECT_EQ(RecordLine(Json(7), false), "{\"value\":7}\n");
}

TEST(RestStartValueTest, TimestampsGoOutAsIso8601Utc) {
  EXPECT_EQ(RestSource::StartValueFor("2024-01-01 10:00:00"), "2024-01-01T10:00:00Z");
  EXPECT_EQ(RestSource::StartValueFor("2024-01-01 10:00:00.25+00"), "2024-01-01T10:00:00.25Z");
  EXPECT_EQ(RestSource::StartValueFor("2024-01-01T10:00:00Z"), "2024-01-01T10:00:00Z");
  // A TIMESTAMPTZ's text in the session's zone goes out in UTC, across a day and a year.
  EXPECT_EQ(RestSource::StartValueFor("2024-05-19 22:00:00+02"), "2024-05-19T20:00:00Z");
  EXPECT_EQ(RestSource::StartValueFor("2023-12-31 21:30:00.5-04:30"), "2024-01-01T02:00:00.5Z");
  EXPECT_EQ(RestSource::StartValueFor("2024-01-01 01:00:00+05:45"), "2023-12-31T19:15:00Z");
  EXPECT_EQ(RestSource::StartValueFor("12345"), "12345");
  EXPECT_EQ(RestSource::StartValueFor("2024-01-01"), "2024-01-01");
}

TEST(RestPagesTest, UrlEncodingAndSecretScrubbing) {
  EXPECT_EQ(UrlEncode("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~");
  EXPECT_EQ(ScrubSecrets("token abcdef in text", {"abcdef"}), "token ******** in text");
}

TEST(RestConfigTest, ReadsParamsAndRefusesBadOnes) {
  nlohmann::ordered_json params = nlohmann::ordered_json::parse(
      R"({"base_url": "https://api.example.com/v2/", "path": "tickets",
      "params": {"status": "open", "limit": 50, "all": true}, "sync_mode": "incremental",
      "cursor_field": "updated_at", "incremental": {"param": "since", "initial_value": "2024"},
      "max_pages": 3, "timeout": 2.5,
      "response_actions": [{"status_code": 404, "action": "ignore"}]})");
  auto config = ReadRestConfig(params, "/p", "SOURCE t");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->base_url, "https://api.example.com/v2");
  EXPECT_EQ(config->path, "/tickets");
  ASSERT_EQ(config->params.size(), 3u);
  EXPECT_EQ(config->params[1].second, "50");
  EXPECT_EQ(config->params[2].second, "true");
  EXPECT_TRUE(config->incremental);
  EXPECT_EQ(config->incremental_param, "since");
  EXPECT_EQ(config->initial_value, "2024");
  EXPECT_EQ(config->max_pages, 3);
  EXPECT_EQ(config->timeout.count(), 2500);
  EXPECT_EQ(config->staging_root, "/p/target/rest-staging");
  ASSERT_EQ(config->response_actions.size(), 1u);

  auto error = [](const char* text) {
    auto result = ReadRestConfig(nlohmann::ordered_json::parse(text), "/p", "SOURCE t");
    return result.ok() ? std::string("ok") : result.status().message();
  };
  EXPECT_THAT(error(R"({})"), HasSubstr("SOURCE t: a REST source needs \"base_url\""));
  EXPECT_THAT(error(R"({"base_url": "ftp://x"})"), HasSubstr("must start with https://"));
  EXPECT_THAT(error(R"({"base_url": "https://x", "method": "PUT"})"),
              HasSubstr("method 'PUT' is not supported"));
  EXPECT_THAT(error(R"({"base_url": "https://x", "json": {"a": 1}})"),
              HasSubstr("a \"json\" body needs \"method\": \"POST\""));
  EXPECT_THAT(error(R"({"base_url": "https://x", "params": {"a": {"b": 1}}})"),
              HasSubstr("params.a must be a string, number or boolean"));
  EXPECT_THAT(error(R"({"base_url": "https://x", "response_actions": [{"status_code": 500,
              "action": "retry"}]})"),
              HasSubstr("response action 'retry' is not supported"));
  EXPECT_THAT(error(R"({"base_url": "https://x", "sync_mode": "incremental"})"),
              HasSubstr("needs \"cursor_field\""));
  EXPECT_THAT(error(R"({"base_url": "https://x", "incremental": {"since": "x"}})"),
              HasSubstr("incremental.since is not a setting"));
}

}  // namespace
}  // namespace sqlflow

namespace sqlflow {
namespace {

TEST(ShapeRecord, PathLiftAndFieldsMakeTheRow) {
  RecordShape event{"data.object", "", {{"updated", "created"}, {"type", "type"}}};
  Result<RestJson> row =
      ShapeRecord(RestJson::parse(R"({"id": "evt_1", "created": 170, "type": "customer.updated",
                          "data": {"object": {"id": "cus_1", "created": 100, "email": "a@b"}}})"),
                  event, "w");
  ASSERT_TRUE(row.ok()) << row.status().message();
  EXPECT_EQ(
      row->dump(),
      R"({"id":"cus_1","created":100,"email":"a@b","updated":170,"type":"customer.updated"})");

  RecordShape hubspot{"", "properties", {}};
  row = ShapeRecord(RestJson::parse(R"({"id": "7", "properties": {"email": "x", "id": "shadow"},
                                        "archived": false})"),
                    hubspot, "w");
  ASSERT_TRUE(row.ok()) << row.status().message();
  EXPECT_EQ(row->dump(), R"({"id":"7","archived":false,"email":"x"})");  // the record's id wins
}

TEST(ShapeRecord, SaysWhenTheShapeDoesNotFit) {
  Result<RestJson> missing =
      ShapeRecord(RestJson::parse(R"({"id": 1})"), RecordShape{"data.object", "", {}}, "p: page 1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "p: page 1: record.path 'data.object' leads to nothing in a record, which is an object "
            "with keys id; set record.path to the object each item holds");
  Result<RestJson> flat =
      ShapeRecord(RestJson::parse(R"({"p": [1]})"), RecordShape{"", "p", {}}, "p: page 1");
  ASSERT_FALSE(flat.ok());
  EXPECT_EQ(flat.status().message(),
            "p: page 1: record.lift 'p' is an array of 1 items in a record, not an object");
}

}  // namespace
}  // namespace sqlflow

namespace sqlflow {
namespace {

TEST(ExplodeRecord, OneRowPerElementWithPrefixedFields) {
  RecordShape shape;
  shape.explode = "line_items";
  shape.explode_prefix = "line_item_";
  Result<std::vector<RestJson>> rows = ExplodeRecord(
      RestJson::parse(R"({"id": 1, "line_items": [{"id": 10, "qty": 2}, {"id": 11, "qty": 1}]})"),
      shape, "w");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].dump(), R"({"id":1,"line_item_id":10,"line_item_qty":2})");
  EXPECT_EQ((*rows)[1].dump(), R"({"id":1,"line_item_id":11,"line_item_qty":1})");
  // No line items: the record stays, as one row.
  rows = ExplodeRecord(RestJson::parse(R"({"id": 2, "line_items": []})"), shape, "w");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].dump(), R"({"id":2})");
  rows = ExplodeRecord(RestJson::parse(R"({"id": 3, "line_items": 5})"), shape, "w");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            "w: record.explode 'line_items' is a number in a record, not a list");
}

TEST(ExplodeRecord, EachMakesTheListsElementsTheRowsWithTheRecordsFields) {
  RecordShape shape;
  shape.each = "variants";
  shape.fields = {{"product_updated_at", "updated_at"}};
  Result<RestJson> record = ShapeRecord(
      RestJson::parse(R"({"id": 1, "updated_at": "T1", "variants": [{"id": 10}, {"id": 11}]})"),
      shape, "w");
  ASSERT_TRUE(record.ok()) << record.status().message();
  Result<std::vector<RestJson>> rows = ExplodeRecord(*record, shape, "w");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].dump(), R"({"id":10,"product_updated_at":"T1"})");
  EXPECT_EQ((*rows)[1].dump(), R"({"id":11,"product_updated_at":"T1"})");
  // An empty, null or absent list: no row at all (a product without variants adds none).
  for (const char* text :
       {R"({"id": 2, "variants": []})", R"({"id": 2, "variants": null})", R"({"id": 2})"}) {
    rows = ExplodeRecord(RestJson::parse(text), shape, "w");
    ASSERT_TRUE(rows.ok()) << text;
    EXPECT_TRUE(rows->empty()) << text;
  }
  rows = ExplodeRecord(RestJson::parse(R"({"id": 3, "variants": [1]})"), shape, "w");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(), "w: record.each 'variants' holds a number, not objects");
  rows = ExplodeRecord(RestJson::parse(R"({"id": 3, "variants": {}})"), shape, "w");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            "w: record.each 'variants' is an empty object in a record, not a list");
}

TEST(RestConfigTest, RecordEachAndExplodeExcludeEachOther) {
  Result<RestConfig> config = ReadRestConfig(
      Json::parse(R"({"base_url": "http://x", "record": {"each": "a", "explode": "b"}})"), "/p",
      "l");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("record.each and record.explode cannot both"));
  config = ReadRestConfig(Json::parse(R"({"base_url": "http://x", "record": {"each": "a"}})"), "/p",
                          "l");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->record.each, "a");
}

TEST(RestFanOut, ChildConfigTakesTheParentsValueAndCarriedColumns) {
  RestFanOut fan_out;
  fan_out.placeholder = "{order_id}";
  RestConfig child;
  child.path = "/orders/{order_id}/transactions.json";
  child.params = {{"ids", "{order_id}"}, {"limit", "250"}};
  RestConfig config = ChildConfig(fan_out, child, "45 00", {{"order_updated_at", "T1"}});
  EXPECT_EQ(config.path, "/orders/45%2000/transactions.json");  // URL-encoded in the path
  EXPECT_EQ(config.params[0].second, "45 00");                  // the query encodes it later
  EXPECT_EQ(config.params[1].second, "250");
  ASSERT_EQ(config.record.values.size(), 1u);
  EXPECT_EQ(config.record.values[0].first, "order_updated_at");
  EXPECT_EQ(config.record.values[0].second, "T1");
  // A parent deleted since it was listed: its children's 404 holds no records.
  ASSERT_EQ(config.response_actions.size(), 1u);
  EXPECT_EQ(config.response_actions[0].status_code, 404);
  EXPECT_EQ(config.response_actions[0].action, "ignore");
}

}  // namespace
}  // namespace sqlflow
