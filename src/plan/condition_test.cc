#include "plan/condition.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

// A condition written at line 4, column 4 of p.sf (after `IF `), byte offset 50.
SqlText Cond(std::string text) { return SqlText{std::move(text), SourceSpan{"p.sf", 4, 4, 50, 0}}; }

VariableScope Vars() {
  VariableScope scope;
  scope.SetCliVars({{"env", "dev"},
                    {"region", "us-east"},
                    {"n", "10"},
                    {"nine", "09"},
                    {"on", "true"},
                    {"off", "False"},
                    {"one", "1"},
                    {"zero", "0"},
                    {"empty", ""},
                    {"word", "xyz"},
                    {"sneaky", "true OR true"},
                    {"day", "2024-01-05"}});
  return scope;
}

// The condition's value, or a failure naming the error.
testing::AssertionResult Holds(const std::string& text) {
  Result<bool> r = EvaluateCondition(Cond(text), Vars());
  if (!r.ok()) return testing::AssertionFailure() << text << " -> " << r.status().ToString();
  return *r ? testing::AssertionSuccess() : testing::AssertionFailure() << text << " is false";
}

// The error of a condition as "line:col: message".
std::string ErrorOf(const std::string& text) {
  Result<bool> r = EvaluateCondition(Cond(text), Vars());
  if (r.ok()) return "no error";
  return r.status().ToString();
}

TEST(EvaluateCondition, EqualityOperators) {
  EXPECT_TRUE(Holds("${env} == 'dev'"));
  EXPECT_TRUE(Holds("${env} = 'dev'"));
  EXPECT_TRUE(Holds("${env} != 'prod'"));
  EXPECT_TRUE(Holds("${env} <> 'prod'"));
  EXPECT_FALSE(Holds("${env} == 'prod'"));
  EXPECT_FALSE(Holds("${env} <> 'dev'"));
}

TEST(EvaluateCondition, OrderingOperatorsOnNumbers) {
  EXPECT_TRUE(Holds("${n} > 9"));  // as numbers, not as text ("10" < "9")
  EXPECT_TRUE(Holds("${n} >= 10"));
  EXPECT_TRUE(Holds("${n} <= 10.0"));
  EXPECT_TRUE(Holds("${n} < 10.5"));
  EXPECT_FALSE(Holds("${n} < 10"));
  EXPECT_FALSE(Holds("${n} > 10"));
  EXPECT_TRUE(Holds("-3 < -2.5"));
  EXPECT_TRUE(Holds("1e3 == 1000"));
  EXPECT_TRUE(Holds("${nine} < 10"));  // leading zeros still read as a number
  EXPECT_TRUE(Holds("9007199254740993 > 9007199254740992"));  // integers compare exactly
}

TEST(EvaluateCondition, NumbersCompareAsNumbersQuotedOrNot) {
  EXPECT_TRUE(Holds("'10' > '9'"));
  EXPECT_TRUE(Holds("${n} == '10.0'"));
  EXPECT_TRUE(Holds("1.0 = 1"));
}

TEST(EvaluateCondition, TextComparesCaseSensitively) {
  EXPECT_FALSE(Holds("'Prod' == 'prod'"));
  EXPECT_TRUE(Holds("'Prod' != 'prod'"));
  EXPECT_TRUE(Holds("${env} == \"dev\""));
  EXPECT_TRUE(Holds("'abc' < 'abd'"));
  EXPECT_TRUE(Holds("${day} >= 2024-01-01 AND ${day} < '2024-02-01'"));  // ISO dates as text
  EXPECT_FALSE(Holds("${n} == ten"));
}

TEST(EvaluateCondition, BooleansCompareAsBooleans) {
  EXPECT_TRUE(Holds("${on} == true"));
  EXPECT_TRUE(Holds("${off} == false"));  // "False"
  EXPECT_TRUE(Holds("TRUE == 'true'"));
  EXPECT_TRUE(Holds("'False' = false"));
  EXPECT_TRUE(Holds("true != false"));
  EXPECT_TRUE(Holds("${one} == true"));  // a number against a boolean: non-zero is true
  EXPECT_TRUE(Holds("${zero} == false"));
  EXPECT_FALSE(Holds("${word} == true"));  // text against a boolean: compared as text
  EXPECT_TRUE(Holds("${word} != false"));
}

TEST(EvaluateCondition, BareWordsAreText) {
  EXPECT_TRUE(Holds("${region} == us-east"));
  EXPECT_TRUE(Holds("v1.2 == 'v1.2'"));
  EXPECT_TRUE(Holds("s3://bucket/x == 's3://bucket/x'"));
  EXPECT_TRUE(Holds("${region|x} == us-${missing|east}"));  // a word may splice variables
}

TEST(EvaluateCondition, StringsSpliceVariablesAndUnescapeDoubledQuotes) {
  EXPECT_TRUE(Holds("'${env}' == 'dev'"));
  EXPECT_TRUE(Holds("'${x|\"it's\"}' == \"it's\""));  // the default's quotes nest inside
  EXPECT_TRUE(Holds("'it''s' == \"it's\""));
  EXPECT_TRUE(Holds("\"say \"\"hi\"\"\" == 'say \"hi\"'"));
}

TEST(EvaluateCondition, SpecExample) {
  EXPECT_FALSE(Holds("${env|dev} == 'prod' AND ${full|false} == true"));
  VariableScope scope;
  scope.SetCliVars({{"env", "prod"}, {"full", "true"}});
  Result<bool> r = EvaluateCondition(Cond("${env|dev} == 'prod' AND ${full|false} == true"), scope);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
}

TEST(EvaluateCondition, BareOperandTruth) {
  EXPECT_TRUE(Holds("${on}"));
  EXPECT_TRUE(Holds("${one}"));
  EXPECT_TRUE(Holds("2.5"));
  EXPECT_FALSE(Holds("${off}"));
  EXPECT_FALSE(Holds("${zero}"));
  EXPECT_FALSE(Holds("${empty}"));
  EXPECT_FALSE(Holds("${full_refresh|false}"));
  EXPECT_FALSE(Holds("''"));
}

TEST(EvaluateCondition, KeywordsInAnyCase) {
  EXPECT_TRUE(Holds("true and true"));
  EXPECT_TRUE(Holds("false Or true"));
  EXPECT_TRUE(Holds("nOt false"));
}

TEST(EvaluateCondition, AndBindsTighterThanOr) {
  EXPECT_TRUE(Holds("true OR false AND false"));    // true OR (false AND false)
  EXPECT_FALSE(Holds("false AND false OR false"));  // (false AND false) OR false
  EXPECT_TRUE(Holds("false AND false OR true"));
}

TEST(EvaluateCondition, NotBindsTighterThanAndButLooserThanComparison) {
  EXPECT_FALSE(Holds("NOT false AND false"));  // (NOT false) AND false
  EXPECT_TRUE(Holds("NOT ${env} == 'prod'"));  // NOT (env == 'prod')
  EXPECT_TRUE(Holds("NOT NOT true"));
  EXPECT_TRUE(Holds("NOT (false OR false) AND true"));
}

TEST(EvaluateCondition, NestedParentheses) {
  EXPECT_TRUE(Holds("((${env} == 'dev') AND (NOT (${n} < 5 OR (false))))"));
  EXPECT_FALSE(Holds("(true OR false) AND false"));
  EXPECT_TRUE(Holds("(${n}) == 10"));
  EXPECT_TRUE(Holds("(1 == 1) == true"));
}

TEST(EvaluateCondition, SpansLinesAndSkipsComments) {
  EXPECT_TRUE(Holds("${env} == 'dev' -- development only\n  AND /* size */ ${n} > 1"));
}

TEST(EvaluateCondition, VariableValuesAreNeverEvaluated) {
  EXPECT_EQ(ErrorOf("${sneaky}"), "p.sf:4:4: condition value 'true OR true' is not true or false");
  EXPECT_TRUE(Holds("${sneaky} == 'true OR true'"));
}

// ---- Errors, each at the offending token ----

TEST(EvaluateCondition, UnresolvedVariableListsEveryUse) {
  EXPECT_EQ(ErrorOf("${mode} == 'a' OR\n  ${mode} == 'b'"),
            "p.sf:4:4: undefined variable 'mode' used at p.sf:4:4, p.sf:5:3");
}

TEST(EvaluateCondition, UnresolvedVariablesGoToTheCallersList) {
  std::vector<UnresolvedUse> unresolved;
  Diagnostics errors;
  ResolvedVariables resolved;
  auto r = EvaluateCondition(Cond("${env} == x AND '${mode}' == y"), Vars(), &unresolved, &errors,
                             &resolved);
  EXPECT_FALSE(r);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(unresolved.size(), 1u);
  EXPECT_EQ(unresolved[0].name, "mode");
  EXPECT_EQ(unresolved[0].span.ToString(), "p.sf:4:21");
  ASSERT_EQ(resolved.items.size(), 1u);
  EXPECT_EQ(resolved.items[0].first, "env");
}

TEST(EvaluateCondition, SyntaxErrorsAreFoundEvenWithUnresolvedVariables) {
  std::vector<UnresolvedUse> unresolved;
  Diagnostics errors;
  EXPECT_FALSE(EvaluateCondition(Cond("${mode} == "), Vars(), &unresolved, &errors));
  EXPECT_EQ(unresolved.size(), 1u);
  ASSERT_EQ(errors.items().size(), 1u);
  EXPECT_EQ(errors.items()[0].message, "expected a value after '=='");
}

TEST(EvaluateCondition, TruthErrorsNameTheValue) {
  Diagnostics errors;
  std::vector<UnresolvedUse> unresolved;
  EXPECT_FALSE(EvaluateCondition(Cond("true AND ${word}"), Vars(), &unresolved, &errors));
  ASSERT_EQ(errors.items().size(), 1u);
  EXPECT_EQ(errors.items()[0].span.ToString(), "p.sf:4:13");
  EXPECT_EQ(errors.items()[0].message, "condition value 'xyz' is not true or false");
  EXPECT_EQ(errors.items()[0].hint, "compare it, e.g. ${env} == 'xyz'");
}

TEST(EvaluateCondition, SyntaxErrorPositions) {
  EXPECT_EQ(ErrorOf(""), "p.sf:4:4: the condition is empty");
  EXPECT_EQ(ErrorOf("  -- nothing"), "p.sf:4:4: the condition is empty");
  EXPECT_EQ(ErrorOf("${env} == 'dev"), "p.sf:4:14: unterminated string in condition");
  EXPECT_EQ(ErrorOf("a ==\n b;"), "p.sf:5:3: unexpected character ';' in condition");
  EXPECT_EQ(ErrorOf("a && b"), "p.sf:4:6: unexpected '&&'");
  EXPECT_EQ(ErrorOf("a || b"), "p.sf:4:6: unexpected '||'");
  EXPECT_EQ(ErrorOf("!a"), "p.sf:4:4: unexpected '!'");
  EXPECT_EQ(ErrorOf("$x == 1"), "p.sf:4:4: unexpected character '$' in condition");
  EXPECT_EQ(ErrorOf("/* open"), "p.sf:4:4: unterminated comment");
}

TEST(EvaluateCondition, DanglingOperators) {
  EXPECT_EQ(ErrorOf("${env} =="), "p.sf:4:11: expected a value after '=='");
  EXPECT_EQ(ErrorOf("true AND"), "p.sf:4:9: expected a value after 'AND'");
  EXPECT_EQ(ErrorOf("NOT"), "p.sf:4:4: expected a value after 'NOT'");
  EXPECT_EQ(ErrorOf("AND true"), "p.sf:4:4: expected a value, found 'AND'");
  EXPECT_EQ(ErrorOf("== 1"), "p.sf:4:4: expected a value, found '=='");
  EXPECT_EQ(ErrorOf("true OR\n  or false"), "p.sf:5:3: expected a value, found 'or'");
  EXPECT_EQ(ErrorOf("()"), "p.sf:4:5: expected a value, found ')'");
}

TEST(EvaluateCondition, UnbalancedParentheses) {
  EXPECT_EQ(ErrorOf("(true AND (false)"), "p.sf:4:4: unclosed '(' in condition");
  EXPECT_EQ(ErrorOf("true)"), "p.sf:4:8: unmatched ')' in condition");
  EXPECT_EQ(ErrorOf("(true false)"), "p.sf:4:10: expected AND, OR or a comparison before 'false'");
  EXPECT_EQ(ErrorOf("(true) (false)"), "p.sf:4:11: unexpected '(' in condition");
}

TEST(EvaluateCondition, AdjacentValues) {
  EXPECT_EQ(ErrorOf("${region} == us east"),
            "p.sf:4:20: expected AND, OR or a comparison before 'east'");
}

TEST(EvaluateCondition, ChainedComparison) {
  EXPECT_EQ(ErrorOf("1 < ${n} < 20"), "p.sf:4:13: comparisons cannot be chained");
}

TEST(EvaluateCondition, OrderingNeedsTwoNumbersOrTwoTexts) {
  EXPECT_EQ(ErrorOf("${n} < abc"), "p.sf:4:9: cannot order '10' and 'abc' with '<'");
  EXPECT_EQ(ErrorOf("true >= false"), "p.sf:4:9: cannot order 'true' and 'false' with '>='");
}

TEST(EvaluateCondition, MalformedVariable) {
  EXPECT_EQ(ErrorOf("${a b} == 1"),
            "p.sf:4:8: unexpected 'b' in variable reference; expected '}' or '|'");
  EXPECT_EQ(ErrorOf("${env == 1"),
            "p.sf:4:10: unexpected '=' in variable reference; expected '}' or '|'");
  EXPECT_EQ(ErrorOf("1 == ${"),
            "p.sf:4:9: unterminated variable reference: '${' has no closing '}'");
}

TEST(EvaluateCondition, NestingUpToTheLimit) {
  EXPECT_TRUE(Holds(std::string(64, '(') + "true" + std::string(64, ')')));
  std::string nots;
  for (int i = 0; i < 64; ++i) nots += "NOT ";
  EXPECT_TRUE(Holds(nots + "true"));
  // Parentheses and NOTs count together, and only while they are open.
  EXPECT_TRUE(Holds(std::string(40, '(') + "NOT NOT true" + std::string(40, ')') + " AND " +
                    std::string(60, '(') + "true" + std::string(60, ')')));
}

TEST(EvaluateCondition, NestingPastTheLimitIsAnErrorNotACrash) {
  // 7,000 parentheses or 20,000 NOTs overflowed the stack before nesting was bounded.
  EXPECT_EQ(ErrorOf(std::string(7000, '(') + "true" + std::string(7000, ')')),
            "p.sf:4:68: the condition is nested too deeply");
  std::string nots;
  for (int i = 0; i < 20000; ++i) nots += "NOT ";
  EXPECT_EQ(ErrorOf(nots + "true"), "p.sf:4:260: the condition is nested too deeply");
  EXPECT_EQ(ErrorOf(std::string(32, '(') + "NOT " + std::string(32, '(') + "true"),
            "p.sf:4:71: the condition is nested too deeply");
}

TEST(EvaluateCondition, NestingErrorSaysTheLimit) {
  Diagnostics errors;
  std::vector<UnresolvedUse> unresolved;
  EvaluateCondition(Cond(std::string(65, '(') + "true" + std::string(65, ')')), Vars(), &unresolved,
                    &errors);
  ASSERT_EQ(errors.items().size(), 1u);
  EXPECT_EQ(errors.items()[0].hint, "nest at most 64 levels of parentheses and NOT");
}

}  // namespace
}  // namespace sqlflow
