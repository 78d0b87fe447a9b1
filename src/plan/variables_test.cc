#include "plan/variables.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

using Vars = std::map<std::string, std::string>;

// The span of a text that starts at line 3, column 5 of p.sf (byte offset 40).
SourceSpan At() { return SourceSpan{"p.sf", 3, 5, 40, 0}; }

VariableScope AllLayers() {
  VariableScope scope;
  scope.SetCliVars({{"v", "cli"}});
  scope.SetProfileVars({{"v", "profile"}, {"p", "profile"}});
  scope.DefineSet("v", "set");
  scope.DefineSet("p", "set");
  scope.DefineSet("s", "set");
  scope.SetEnvironment({{"v", "env"}, {"p", "env"}, {"s", "env"}, {"e", "env"}});
  return scope;
}

// ---- VariableScope ------------------------------------------------------------------------

TEST(VariableScope, CliBeatsProfile) {
  auto found = AllLayers().LookupWithOrigin("v");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->value, "cli");
  EXPECT_EQ(found->origin, VariableOrigin::kCli);
}

TEST(VariableScope, ProfileBeatsSet) {
  auto found = AllLayers().LookupWithOrigin("p");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->value, "profile");
  EXPECT_EQ(found->origin, VariableOrigin::kProfile);
}

TEST(VariableScope, SetBeatsEnvironment) {
  auto found = AllLayers().LookupWithOrigin("s");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->value, "set");
  EXPECT_EQ(found->origin, VariableOrigin::kSet);
}

TEST(VariableScope, EnvironmentBeatsDefault) {
  auto found = AllLayers().Resolve("e", "default");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->value, "env");
  EXPECT_EQ(found->origin, VariableOrigin::kEnvironment);
}

TEST(VariableScope, DefaultWhenNoLayerDefinesTheName) {
  VariableScope scope = AllLayers();
  auto found = scope.Resolve("d", "fallback");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->value, "fallback");
  EXPECT_EQ(found->origin, VariableOrigin::kDefault);
  EXPECT_FALSE(scope.Resolve("d", std::nullopt));
  EXPECT_FALSE(scope.Lookup("d"));
  EXPECT_EQ(scope.Resolve("d", "")->value, "");  // an empty default is a value
}

TEST(VariableScope, EveryLayerBeatsTheDefault) {
  VariableScope scope = AllLayers();
  EXPECT_EQ(scope.Resolve("v", "d")->value, "cli");
  EXPECT_EQ(scope.Resolve("p", "d")->value, "profile");
  EXPECT_EQ(scope.Resolve("s", "d")->value, "set");
}

TEST(VariableScope, LaterSetOverridesEarlierSet) {
  VariableScope scope;
  scope.DefineSet("region", "eu");
  EXPECT_EQ(scope.Lookup("region"), "eu");
  scope.DefineSet("region", "us");
  EXPECT_EQ(scope.Lookup("region"), "us");
}

TEST(VariableScope, NamesAreCaseSensitive) {
  VariableScope scope;
  scope.SetCliVars({{"Region", "eu"}});
  EXPECT_EQ(scope.Lookup("Region"), "eu");
  EXPECT_FALSE(scope.Lookup("region"));
}

TEST(VariableScope, NamesListsEachNameOnce) {
  EXPECT_EQ(AllLayers().Names(), (std::vector<std::string>{"e", "p", "s", "v"}));
}

TEST(VariableOrigin, HasNames) {
  EXPECT_STREQ(ToString(VariableOrigin::kCli), "cli");
  EXPECT_STREQ(ToString(VariableOrigin::kEnvironment), "environment");
  EXPECT_STREQ(ToString(VariableOrigin::kDefault), "default");
}

// ---- ParseCliVars -------------------------------------------------------------------------

TEST(ParseCliVars, JsonValuesBecomeText) {
  auto vars = ParseCliVars(R"( {"a": 1, "b": "x", "c": true, "d": 1.5, "e": -2, "f": false} )");
  ASSERT_TRUE(vars.ok()) << vars.status().ToString();
  EXPECT_EQ(
      *vars,
      (Vars{{"a", "1"}, {"b", "x"}, {"c", "true"}, {"d", "1.5"}, {"e", "-2"}, {"f", "false"}}));
}

TEST(ParseCliVars, JsonRejectsNestedValuesAndNull) {
  EXPECT_EQ(ParseCliVars(R"({"a": {"b": 1}})").status().message(),
            "--vars: the value of 'a' is object; give a string, number or boolean");
  EXPECT_EQ(ParseCliVars(R"({"a": [1]})").status().message(),
            "--vars: the value of 'a' is array; give a string, number or boolean");
  EXPECT_EQ(ParseCliVars(R"({"a": null})").status().message(),
            "--vars: the value of 'a' is null; give a string, number or boolean");
}

TEST(ParseCliVars, JsonSyntaxErrorSaysWhere) {
  auto vars = ParseCliVars(R"({"a": 1,})");
  ASSERT_FALSE(vars.ok());
  EXPECT_EQ(vars.status().message().rfind("--vars is not valid JSON: parse error at line 1", 0), 0u)
      << vars.status().message();
}

TEST(ParseCliVars, JsonRejectsInvalidNames) {
  EXPECT_EQ(ParseCliVars(R"({"a b": 1})").status().message(),
            "invalid variable name 'a b' in --vars: names are letters, digits and _, not "
            "starting with a digit");
}

TEST(ParseCliVars, Pairs) {
  auto vars = ParseCliVars("a=1,b=x, c = hello world ,d=");
  ASSERT_TRUE(vars.ok()) << vars.status().ToString();
  EXPECT_EQ(*vars, (Vars{{"a", "1"}, {"b", "x"}, {"c", "hello world"}, {"d", ""}}));
}

TEST(ParseCliVars, PairsWithQuotedValuesHoldCommas) {
  auto vars = ParseCliVars(R"(b='x, y',c="it's",a=1)");
  ASSERT_TRUE(vars.ok()) << vars.status().ToString();
  EXPECT_EQ(*vars, (Vars{{"a", "1"}, {"b", "x, y"}, {"c", "it's"}}));
}

TEST(ParseCliVars, EmptyInputAndEmptyEntries) {
  EXPECT_TRUE(ParseCliVars("")->empty());
  EXPECT_EQ(*ParseCliVars("a=1,,b=2,"), (Vars{{"a", "1"}, {"b", "2"}}));
}

TEST(ParseCliVars, LaterDuplicateWins) { EXPECT_EQ(*ParseCliVars("a=1,a=2"), (Vars{{"a", "2"}})); }

TEST(ParseCliVars, PairErrorsQuoteTheOffendingPart) {
  EXPECT_EQ(ParseCliVars("a=1,y").status().message(),
            "--vars entry 'y' has no '=': write name=value, and quote a value that holds a "
            "comma (b='x, y')");
  EXPECT_EQ(ParseCliVars("a b=1").status().message(),
            "invalid variable name 'a b' in --vars: names are letters, digits and _, not "
            "starting with a digit");
  EXPECT_EQ(ParseCliVars("=1").status().message(),
            "invalid variable name '' in --vars: names are letters, digits and _, not starting "
            "with a digit");
  EXPECT_EQ(ParseCliVars("a='x").status().message(),
            "--vars: unterminated quote in the value of 'a': 'x");
  EXPECT_EQ(ParseCliVars("a='x'y,b=1").status().message(),
            "--vars: unexpected 'y' after the quoted value of 'a'");
}

// ---- FindVariables ------------------------------------------------------------------------

TEST(FindVariables, NamesDefaultsAndRanges) {
  Diagnostics errors;
  std::string text = "a ${x} b ${ y | d } c ${z|'us east'} ${w|\"}\"} ${e|}";
  auto refs = FindVariables(text, &errors, At());
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(refs.size(), 5u);
  EXPECT_EQ(refs[0].name, "x");
  EXPECT_FALSE(refs[0].default_value);
  EXPECT_EQ(text.substr(refs[0].begin, refs[0].end - refs[0].begin), "${x}");
  EXPECT_EQ(refs[1].name, "y");
  EXPECT_EQ(refs[1].default_value, "d");
  EXPECT_EQ(text.substr(refs[1].begin, refs[1].end - refs[1].begin), "${ y | d }");
  EXPECT_EQ(refs[2].default_value, "us east");
  EXPECT_EQ(refs[3].default_value, "}");
  EXPECT_EQ(refs[4].default_value, "");
}

TEST(FindVariables, DollarWithoutBraceIsText) {
  Diagnostics errors;
  EXPECT_TRUE(FindVariables("SELECT $1, $$x$$, '$'", &errors, At()).empty());
  EXPECT_TRUE(errors.empty());
}

// The single error for `text`, as "line:col: message".
std::string MalformedError(const std::string& text) {
  Diagnostics errors;
  auto refs = FindVariables(text, &errors, At());
  EXPECT_TRUE(refs.empty());
  if (errors.items().size() != 1)
    return "expected one error, got " + std::to_string(errors.items().size());
  const Diagnostic& d = errors.items()[0];
  return std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " + d.message;
}

TEST(FindVariables, MalformedReferencesAreReportedWhereTheyAre) {
  EXPECT_EQ(MalformedError("ab ${"),
            "3:8: unterminated variable reference: '${' has no closing '}'");
  EXPECT_EQ(MalformedError("x\nab ${x"),
            "4:4: unterminated variable reference: '${' has no closing '}'");
  EXPECT_EQ(MalformedError("${}"), "3:5: empty variable name in '${}'");
  EXPECT_EQ(MalformedError("${a b}"),
            "3:9: unexpected 'b' in variable reference; expected '}' or '|'");
  EXPECT_EQ(MalformedError("${a-b}"),
            "3:8: unexpected '-' in variable reference; expected '}' or '|'");
  EXPECT_EQ(MalformedError("${1x}"), "3:7: variable name '1x' must start with a letter or '_'");
  EXPECT_EQ(MalformedError("${|x}"), "3:7: missing variable name before '|'");
  EXPECT_EQ(MalformedError("${-}"), "3:7: invalid character '-' in variable name");
  EXPECT_EQ(MalformedError("${a|'x}"), "3:9: unterminated quoted default in variable reference");
  EXPECT_EQ(MalformedError("${a|'x' y}"), "3:13: expected '}' after the quoted default, found 'y'");
  EXPECT_EQ(MalformedError("${a|${b}}"), "3:9: a default cannot contain another ${…}");
  EXPECT_EQ(MalformedError("${a|x"),
            "3:5: unterminated variable reference: '${' has no closing '}'");
  EXPECT_EQ(MalformedError("${a\n}"),
            "3:8: unexpected end of line in variable reference; expected '}' or '|'");
}

TEST(FindVariables, KeepsGoingAfterAMalformedReference) {
  Diagnostics errors;
  auto refs = FindVariables("${a b} ${ok} ${} ${fine|1}", &errors, At());
  EXPECT_EQ(errors.error_count(), 2u);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].name, "ok");
  EXPECT_EQ(refs[1].name, "fine");
  EXPECT_EQ(errors.items()[0].hint,
            "variable names are letters, digits and _; write ${name} or ${name|default}");
}

// ---- Spans --------------------------------------------------------------------------------

TEST(SpanWithin, AdvancesOverLinesAndColumns) {
  std::string text = "ab\ncd\n\nef";
  EXPECT_EQ(SpanWithin(At(), text, 0, 1).ToString(), "p.sf:3:5");
  EXPECT_EQ(SpanWithin(At(), text, 1, 1).ToString(), "p.sf:3:6");
  EXPECT_EQ(SpanWithin(At(), text, 3, 1).ToString(), "p.sf:4:1");
  EXPECT_EQ(SpanWithin(At(), text, 4, 1).ToString(), "p.sf:4:2");
  EXPECT_EQ(SpanWithin(At(), text, 6, 1).ToString(), "p.sf:5:1");
  SourceSpan s = SpanWithin(At(), text, 8, 2);
  EXPECT_EQ(s.ToString(), "p.sf:6:2");
  EXPECT_EQ(s.offset, 48u);
  EXPECT_EQ(s.length, 2u);
}

TEST(SpanWithin, KeepsAnUnknownLineUnknown) {
  SourceSpan s = SpanWithin(SourceSpan{"p.sf"}, "a\nb", 2, 1);
  EXPECT_FALSE(s.known());
  EXPECT_EQ(s.offset, 2u);
}

TEST(StringContentSpan, SkipsTheOpeningQuote) {
  SourceSpan s = StringContentSpan(SourceSpan{"p.sf", 2, 10, 30, 6});
  EXPECT_EQ(s.ToString(), "p.sf:2:11");
  EXPECT_EQ(s.offset, 31u);
  EXPECT_EQ(s.length, 4u);
}

// ---- SubstituteVariables ------------------------------------------------------------------

TEST(SubstituteVariables, IsTextualAndNeverAddsQuotes) {
  VariableScope scope;
  scope.SetCliVars({{"region", "eu"}, {"n", "7"}, {"meta", "${other}"}});
  std::vector<UnresolvedUse> unresolved;
  ResolvedVariables resolved;
  std::string out = SubstituteVariables(
      "WHERE region = '${region}' AND n > ${n} AND c = ${meta} AND d = '${d|us east}'", At(), scope,
      &unresolved, &resolved);
  EXPECT_EQ(out, "WHERE region = 'eu' AND n > 7 AND c = ${other} AND d = 'us east'");
  EXPECT_TRUE(unresolved.empty());
  ASSERT_EQ(resolved.items.size(), 4u);
  EXPECT_EQ(resolved.items[0].first, "region");
  EXPECT_EQ(resolved.items[0].second.origin, VariableOrigin::kCli);
  EXPECT_EQ(resolved.items[3].first, "d");
  EXPECT_EQ(resolved.items[3].second.origin, VariableOrigin::kDefault);
}

TEST(SubstituteVariables, RecordsEachUnresolvedUseWithItsPlace) {
  std::vector<UnresolvedUse> unresolved;
  std::string text = "SELECT ${a}\nFROM t\n  WHERE x = '${region}' AND y = ${region}";
  std::string out = SubstituteVariables(text, At(), VariableScope(), &unresolved);
  EXPECT_EQ(out, text);
  ASSERT_EQ(unresolved.size(), 3u);
  EXPECT_EQ(unresolved[0].name, "a");
  EXPECT_EQ(unresolved[0].span.ToString(), "p.sf:3:12");
  EXPECT_EQ(unresolved[0].span.length, 4u);
  EXPECT_EQ(unresolved[1].span.ToString(), "p.sf:5:14");
  EXPECT_EQ(unresolved[2].span.ToString(), "p.sf:5:33");
  EXPECT_TRUE(unresolved[2].error.empty());
}

TEST(SubstituteVariables, MalformedReferencesAreUnresolvedWithAnError) {
  std::vector<UnresolvedUse> unresolved;
  EXPECT_EQ(SubstituteVariables("a ${b c} d", At(), VariableScope(), &unresolved), "a ${b c} d");
  ASSERT_EQ(unresolved.size(), 1u);
  EXPECT_EQ(unresolved[0].name, "");
  EXPECT_EQ(unresolved[0].span.ToString(), "p.sf:3:11");
  EXPECT_EQ(unresolved[0].error, "unexpected 'c' in variable reference; expected '}' or '|'");
}

// ---- ApplySet -----------------------------------------------------------------------------

SetStmt MakeSet(std::string name, SetStmt::ValueKind kind, std::string value) {
  SetStmt set;
  set.name.name = std::move(name);
  set.value_kind = kind;
  set.value = std::move(value);
  set.value_span = SourceSpan{"p.sf", 2, 9, 20, 0};
  return set;
}

TEST(ApplySet, ResolvesTheValueFirst) {
  VariableScope scope;
  scope.SetEnvironment({{"HOST", "db1"}});
  std::vector<UnresolvedUse> unresolved;
  ApplySet(MakeSet("v", SetStmt::ValueKind::kString, "${OTHER|d}-${HOST}"), &scope, &unresolved);
  ApplySet(MakeSet("w", SetStmt::ValueKind::kVariable, "${v}"), &scope, &unresolved);
  ApplySet(MakeSet("n", SetStmt::ValueKind::kNumber, "42"), &scope, &unresolved);
  EXPECT_TRUE(unresolved.empty());
  EXPECT_EQ(scope.Lookup("v"), "d-db1");
  EXPECT_EQ(scope.Lookup("w"), "d-db1");
  EXPECT_EQ(scope.Lookup("n"), "42");
}

TEST(ApplySet, AffectsOnlyLaterUses) {
  VariableScope scope;
  std::vector<UnresolvedUse> unresolved;
  ApplySet(MakeSet("r", SetStmt::ValueKind::kString, "eu"), &scope, &unresolved);
  EXPECT_EQ(SubstituteVariables("${r}", At(), scope, &unresolved), "eu");
  ApplySet(MakeSet("r", SetStmt::ValueKind::kString, "us"), &scope, &unresolved);
  EXPECT_EQ(SubstituteVariables("${r}", At(), scope, &unresolved), "us");
}

TEST(ApplySet, CliStillWinsOverSet) {
  VariableScope scope;
  scope.SetCliVars({{"r", "cli"}});
  std::vector<UnresolvedUse> unresolved;
  ApplySet(MakeSet("r", SetStmt::ValueKind::kString, "set"), &scope, &unresolved);
  EXPECT_EQ(scope.Lookup("r"), "cli");
}

TEST(ApplySet, UnresolvedPlaceIsInsideTheQuotes) {
  VariableScope scope;
  std::vector<UnresolvedUse> unresolved;
  ApplySet(MakeSet("v", SetStmt::ValueKind::kString, "x${missing}"), &scope, &unresolved);
  ASSERT_EQ(unresolved.size(), 1u);
  EXPECT_EQ(unresolved[0].span.ToString(), "p.sf:2:11");
}

// ---- ReportUnresolvedVariables ------------------------------------------------------------

TEST(ReportUnresolvedVariables, OneErrorPerNameListingEveryUse) {
  std::vector<UnresolvedUse> unresolved;
  SourceSpan sql{"pipelines/a.sf", 3, 1, 0, 0};
  SubstituteVariables(
      "SELECT * FROM t WHERE ${region} = 1 AND ${day}\n"
      "UNION SELECT ${region}",
      sql, VariableScope(), &unresolved);
  SubstituteVariables("${region}", SourceSpan{"pipelines/a.sf", 9, 2, 0, 0}, VariableScope(),
                      &unresolved);
  unresolved.push_back(unresolved[0]);  // the same place twice is listed once
  Diagnostics errors;
  ReportUnresolvedVariables(unresolved, &errors);
  ASSERT_EQ(errors.items().size(), 2u);
  const Diagnostic& region = errors.items()[0];
  EXPECT_EQ(region.message,
            "undefined variable 'region' used at pipelines/a.sf:3:23, pipelines/a.sf:4:14, "
            "pipelines/a.sf:9:2");
  EXPECT_EQ(region.span.ToString(), "pipelines/a.sf:3:23");
  EXPECT_EQ(region.span.length, 9u);
  EXPECT_EQ(region.hint,
            "define it with --vars region=…, in the profile's variables:, with SET region = …; "
            "or give a default: ${region|value}");
  EXPECT_EQ(errors.items()[1].message, "undefined variable 'day' used at pipelines/a.sf:3:41");
}

TEST(ReportUnresolvedVariables, SuggestsACloseName) {
  VariableScope scope;
  scope.SetProfileVars({{"region", "eu"}});
  std::vector<UnresolvedUse> unresolved;
  SubstituteVariables("${regoin}", At(), scope, &unresolved);
  Diagnostics errors;
  ReportUnresolvedVariables(unresolved, &errors, &scope);
  ASSERT_EQ(errors.items().size(), 1u);
  EXPECT_EQ(errors.items()[0].hint.rfind("did you mean 'region'? Otherwise define it", 0), 0u);
}

TEST(ReportUnresolvedVariables, MalformedReferencesAreReportedOneByOne) {
  std::vector<UnresolvedUse> unresolved;
  SubstituteVariables("${} ${a b}", At(), VariableScope(), &unresolved);
  Diagnostics errors;
  ReportUnresolvedVariables(unresolved, &errors);
  ASSERT_EQ(errors.items().size(), 2u);
  EXPECT_EQ(errors.items()[0].message, "empty variable name in '${}'");
  EXPECT_EQ(errors.items()[0].span.ToString(), "p.sf:3:5");
  EXPECT_EQ(errors.items()[1].span.ToString(), "p.sf:3:13");
}

TEST(ReportUnresolvedVariables, PrintsWithACaretUnderTheFirstUse) {
  SourceTexts texts;
  texts.Add("p.sf", "SET a = 1;\nSELECT ${x};\n");
  std::vector<UnresolvedUse> unresolved;
  SubstituteVariables("SELECT ${x}", SourceSpan{"p.sf", 2, 1, 11, 0}, VariableScope(), &unresolved);
  Diagnostics errors;
  ReportUnresolvedVariables(unresolved, &errors);
  EXPECT_EQ(FormatDiagnostics(errors, texts),
            "p.sf:2:8: error: undefined variable 'x' used at p.sf:2:8\n"
            " 2 | SELECT ${x};\n"
            "   |        ^~~~\n"
            "   = hint: define it with --vars x=…, in the profile's variables:, with SET x = …; "
            "or give a default: ${x|value}\n");
}

// ---- ClassifyValue ------------------------------------------------------------------------

TEST(ClassifyValue, ReadsNumbersBooleansAndText) {
  for (const char* n : {"0", "7", "-12", "3.5", "1e3", "-0.5E-2"}) {
    EXPECT_EQ(ClassifyValue(n), ValueType::kNumber) << n;
  }
  for (const char* b : {"true", "FALSE", "True"}) EXPECT_EQ(ClassifyValue(b), ValueType::kBool);
  for (const char* s : {"", "007", "+1", ".5", "1.", "1e", "-", "us-east", "null", "1 "}) {
    EXPECT_EQ(ClassifyValue(s), ValueType::kString) << s;
  }
}

TEST(IsValidVariableName, FollowsTheNameRule) {
  EXPECT_TRUE(IsValidVariableName("_a1"));
  EXPECT_FALSE(IsValidVariableName("1a"));
  EXPECT_FALSE(IsValidVariableName("a-b"));
  EXPECT_FALSE(IsValidVariableName(""));
}

}  // namespace
}  // namespace sqlflow
