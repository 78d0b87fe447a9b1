#include "plan/json_resolve.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sqlflow {
namespace {

using Kind = JsonValue::Kind;

// Hand-built relaxed-JSON values, as the parser would make them; every value sits on line 2,
// at the column given (a string's span starts at its opening quote).
JsonValue Value(Kind kind, std::string text = "", uint32_t column = 1) {
  JsonValue v;
  v.kind = kind;
  v.text = std::move(text);
  v.span = SourceSpan{"p.sf", 2, column, 100 + column, 0};
  return v;
}
JsonValue Str(std::string text, uint32_t column = 1) {
  return Value(Kind::kString, std::move(text), column);
}
JsonValue Var(std::string text, uint32_t column = 1) {
  return Value(Kind::kVariable, std::move(text), column);
}
JsonValue Num(std::string text) { return Value(Kind::kNumber, std::move(text)); }
JsonValue Bool(bool b) {
  JsonValue v = Value(Kind::kBool);
  v.bool_value = b;
  return v;
}
JsonValue Object(std::vector<std::pair<std::string, JsonValue>> members) {
  JsonValue v = Value(Kind::kObject);
  for (auto& [key, value] : members) {
    v.members.push_back({key, SourceSpan{"p.sf", 1, 5, 5, 0}, std::move(value)});
  }
  return v;
}

VariableScope Vars() {
  VariableScope scope;
  scope.SetCliVars({{"dir", "/data"},
                    {"n", "7"},
                    {"neg", "-3"},
                    {"ratio", "1.5"},
                    {"big", "1e3"},
                    {"yes", "TRUE"},
                    {"no", "false"},
                    {"zip", "007"},
                    {"nothing", "null"},
                    {"name", "eu"},
                    {"quoted", "\"x\""}});
  return scope;
}

// `value` resolved and printed as JSON; fails the test on unresolved uses.
std::string Resolve(const JsonValue& value) {
  std::vector<UnresolvedUse> unresolved;
  std::string out = ResolveJson(value, Vars(), &unresolved).dump();
  EXPECT_TRUE(unresolved.empty()) << out;
  return out;
}

TEST(ResolveJson, StringsSpliceTextually) {
  EXPECT_EQ(Resolve(Str("${dir}/orders.csv")), R"("/data/orders.csv")");
  EXPECT_EQ(Resolve(Str("${n}")), R"("7")");  // inside a string, a number stays text
  EXPECT_EQ(Resolve(Str("${quoted}|${missing|d}")), R"("\"x\"|d")");
}

TEST(ResolveJson, BareVariablesBecomeTypedLiterals) {
  EXPECT_EQ(Resolve(Var("${n}")), "7");
  EXPECT_EQ(Resolve(Var("${neg}")), "-3");
  EXPECT_EQ(Resolve(Var("${ratio}")), "1.5");
  EXPECT_EQ(Resolve(Var("${big}")), "1000.0");
  EXPECT_EQ(Resolve(Var("${yes}")), "true");
  EXPECT_EQ(Resolve(Var("${no}")), "false");
  EXPECT_EQ(Resolve(Var("${name}")), R"("eu")");
  EXPECT_EQ(Resolve(Var("${zip}")), R"("007")");       // not JSON number syntax: text
  EXPECT_EQ(Resolve(Var("${nothing}")), R"("null")");  // variables give no null
  EXPECT_EQ(Resolve(Var("${limit|100}")), "100");
  EXPECT_EQ(Resolve(Var("${label|'us east'}")), R"("us east")");
}

TEST(ResolveJson, BareIntegersKeepTheirType) {
  nlohmann::ordered_json j;
  std::vector<UnresolvedUse> unresolved;
  j = ResolveJson(Var("${n}"), Vars(), &unresolved);
  EXPECT_TRUE(j.is_number_integer());
  j = ResolveJson(Var("${ratio}"), Vars(), &unresolved);
  EXPECT_TRUE(j.is_number_float());
}

TEST(ResolveJson, NumberLiteralsFromTheirText) {
  std::vector<UnresolvedUse> unresolved;
  nlohmann::ordered_json j = ResolveJson(Num("-42"), Vars(), &unresolved);
  EXPECT_TRUE(j.is_number_integer());
  EXPECT_EQ(j.get<int64_t>(), -42);
  j = ResolveJson(Num("18446744073709551615"), Vars(), &unresolved);
  EXPECT_TRUE(j.is_number_unsigned());
  j = ResolveJson(Num("1.25"), Vars(), &unresolved);
  EXPECT_TRUE(j.is_number_float());
  EXPECT_EQ(j.get<double>(), 1.25);
  EXPECT_EQ(ResolveJson(Num("2E2"), Vars(), &unresolved).dump(), "200.0");
  EXPECT_TRUE(unresolved.empty());
}

TEST(ResolveJson, NumberOutOfRangeIsAnError) {
  std::vector<UnresolvedUse> unresolved;
  EXPECT_EQ(ResolveJson(Num("1e999"), Vars(), &unresolved).dump(), R"("1e999")");
  ASSERT_EQ(unresolved.size(), 1u);
  EXPECT_EQ(unresolved[0].error, "number 1e999 is out of range");
  Diagnostics errors;
  ReportUnresolvedVariables(unresolved, &errors);
  EXPECT_EQ(errors.ToStatus().ToString(), "p.sf:2:1: number 1e999 is out of range");
}

TEST(ResolveJson, LiteralsNullAndBooleans) {
  EXPECT_EQ(Resolve(Value(Kind::kNull)), "null");
  EXPECT_EQ(Resolve(Bool(true)), "true");
  EXPECT_EQ(Resolve(Bool(false)), "false");
}

TEST(ResolveJson, ObjectsKeepTheUsersOrder) {
  JsonValue params = Object({{"path", Str("${dir}/x.csv")},
                             {"has_header", Bool(true)},
                             {"delimiter", Str(";")},
                             {"batch", Var("${n}")}});
  EXPECT_EQ(Resolve(params),
            R"({"path":"/data/x.csv","has_header":true,"delimiter":";","batch":7})");
}

TEST(ResolveJson, KeysSpliceVariables) {
  EXPECT_EQ(Resolve(Object({{"col_${name}", Num("1")}})), R"({"col_eu":1})");
}

TEST(ResolveJson, ArraysAndNesting) {
  JsonValue array = Value(Kind::kArray);
  array.items = {Var("${n}"), Str("a"), Object({{"z", Value(Kind::kNull)}, {"a", Var("${no}")}})};
  EXPECT_EQ(Resolve(Object({{"items", array}, {"empty", Value(Kind::kArray)}})),
            R"({"items":[7,"a",{"z":null,"a":false}],"empty":[]})");
  EXPECT_EQ(Resolve(Object({})), "{}");
}

TEST(ResolveJson, UnresolvedUsesAreRecordedAndKeptAsWritten) {
  std::vector<UnresolvedUse> unresolved;
  JsonValue params = Object({{"path", Str("in/${missing}.csv", 12)}, {"n", Var("${count}", 30)}});
  EXPECT_EQ(ResolveJson(params, Vars(), &unresolved).dump(),
            R"({"path":"in/${missing}.csv","n":"${count}"})");
  ASSERT_EQ(unresolved.size(), 2u);
  EXPECT_EQ(unresolved[0].name, "missing");
  EXPECT_EQ(unresolved[0].span.ToString(), "p.sf:2:16");  // quote at 12, `in/` then `${`
  EXPECT_EQ(unresolved[0].span.length, 10u);
  EXPECT_EQ(unresolved[1].name, "count");
  EXPECT_EQ(unresolved[1].span.ToString(), "p.sf:2:30");
  EXPECT_EQ(unresolved[1].span.length, 8u);
}

TEST(ResolveJson, MalformedBareVariableIsAnError) {
  std::vector<UnresolvedUse> unresolved;
  EXPECT_EQ(ResolveJson(Var("${a b}", 20), Vars(), &unresolved).dump(), R"("${a b}")");
  ASSERT_EQ(unresolved.size(), 1u);
  EXPECT_EQ(unresolved[0].name, "");
  EXPECT_EQ(unresolved[0].span.ToString(), "p.sf:2:24");
  EXPECT_EQ(unresolved[0].error, "unexpected 'b' in variable reference; expected '}' or '|'");
}

TEST(ResolveJson, RecordsTheVariablesUsed) {
  std::vector<UnresolvedUse> unresolved;
  ResolvedVariables resolved;
  ResolveJson(Object({{"a", Var("${n}")}, {"b", Str("${dir}${n}")}}), Vars(), &unresolved,
              &resolved);
  ASSERT_EQ(resolved.items.size(), 2u);
  EXPECT_EQ(resolved.items[0].first, "n");
  EXPECT_EQ(resolved.items[1].first, "dir");
  EXPECT_EQ(resolved.items[1].second.value, "/data");
}

}  // namespace
}  // namespace sqlflow
