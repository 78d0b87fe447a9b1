#include "connectors/rest/rest_web_link.h"

#include <gtest/gtest.h>

namespace sqlflow {
namespace {

std::vector<std::string> Rels(const WebLink& link) { return link.rels; }

TEST(ParseLinkHeaderTest, OneLink) {
  auto links = ParseLinkHeader("<https://api.example.com/items?page=2>; rel=\"next\"");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].target, "https://api.example.com/items?page=2");
  EXPECT_EQ(Rels(links[0]), std::vector<std::string>{"next"});
}

TEST(ParseLinkHeaderTest, SeveralLinksAndUnquotedRel) {
  auto links = ParseLinkHeader(
      "<https://x/items?page=1>; rel=prev, <https://x/items?page=3>;rel=next ,"
      "<https://x/items?page=9>  ;  rel = \"last\"");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].rels, std::vector<std::string>{"prev"});
  EXPECT_EQ(links[1].target, "https://x/items?page=3");
  EXPECT_EQ(links[1].rels, std::vector<std::string>{"next"});
  EXPECT_EQ(links[2].target, "https://x/items?page=9");
  EXPECT_EQ(links[2].rels, std::vector<std::string>{"last"});
}

TEST(ParseLinkHeaderTest, RelListIsLowerCased) {
  auto links = ParseLinkHeader("</p/2>; REL=\"Next  Last\"");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].rels, (std::vector<std::string>{"next", "last"}));
}

TEST(ParseLinkHeaderTest, QuotedParamsMayHoldCommasSemicolonsAndEscapes) {
  auto links = ParseLinkHeader(
      "</a>; title=\"one, two; \\\"three\\\"\"; rel=\"next\", </b>; rel=\"last\"; "
      "title*=UTF-8'de'n%c3%a4chstes");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].target, "/a");
  EXPECT_EQ(links[0].rels, std::vector<std::string>{"next"});
  EXPECT_EQ(links[1].target, "/b");
  EXPECT_EQ(links[1].rels, std::vector<std::string>{"last"});
}

TEST(ParseLinkHeaderTest, ACommaInsideTheTargetIsPartOfIt) {
  auto links = ParseLinkHeader("<https://x/items?ids=1,2,3>; rel=\"next\"");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].target, "https://x/items?ids=1,2,3");
}

TEST(ParseLinkHeaderTest, OnlyTheFirstRelCounts) {
  auto links = ParseLinkHeader("</a>; rel=\"prev\"; rel=\"next\"");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].rels, std::vector<std::string>{"prev"});
}

TEST(ParseLinkHeaderTest, MalformedPiecesAreSkipped) {
  auto links = ParseLinkHeader("garbage; rel=next, </ok>; rel=next, <unterminated; rel=next");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].target, "/ok");
  EXPECT_TRUE(ParseLinkHeader("").empty());
  EXPECT_TRUE(ParseLinkHeader("  ,  ").empty());
  auto no_rel = ParseLinkHeader("</x>");
  ASSERT_EQ(no_rel.size(), 1u);
  EXPECT_TRUE(no_rel[0].rels.empty());
}

TEST(FindLinkTargetTest, SearchesEveryLinkHeaderIgnoringCase) {
  HttpHeaders headers = {
      {"Content-Type", "application/json"},
      {"link", "</items?page=1>; rel=\"first\""},
      {"LINK", "</items?page=1>; rel=\"prev\", </items?page=3>; rel=\"NEXT last\""}};
  EXPECT_EQ(FindLinkTarget(headers, "next"), "/items?page=3");
  EXPECT_EQ(FindLinkTarget(headers, "Last"), "/items?page=3");
  EXPECT_EQ(FindLinkTarget(headers, "first"), "/items?page=1");
  EXPECT_EQ(FindLinkTarget(headers, "self"), std::nullopt);
  EXPECT_EQ(FindLinkTarget({{"X-Link", "</a>; rel=next"}}, "next"), std::nullopt);
}

TEST(FindHeaderTest, FirstMatchIgnoringCase) {
  HttpHeaders headers = {{"X-Next-Cursor", "a"}, {"x-next-cursor", "b"}};
  ASSERT_NE(FindHeader(headers, "x-NEXT-cursor"), nullptr);
  EXPECT_EQ(*FindHeader(headers, "x-NEXT-cursor"), "a");
  EXPECT_EQ(FindHeader(headers, "next"), nullptr);
}

// RFC 3986 §5.4: the reference resolution examples.
TEST(ResolveUrlTest, Rfc3986NormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q"},  // fragments are never sent
      {"g#s", "http://a/b/c/g"},
      {"g?y#s", "http://a/b/c/g?y"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
  };
  for (const auto& [reference, expected] : cases) {
    EXPECT_EQ(ResolveUrl(base, reference), expected) << reference;
  }
}

TEST(ResolveUrlTest, Rfc3986AbnormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"http:g", "http:g"},
  };
  for (const auto& [reference, expected] : cases) {
    EXPECT_EQ(ResolveUrl(base, reference), expected) << reference;
  }
}

TEST(ResolveUrlTest, ApiShapedLinks) {
  const std::string base = "https://api.example.com/v2/items?page=1&status=open";
  EXPECT_EQ(ResolveUrl(base, "/v2/items?page=2"), "https://api.example.com/v2/items?page=2");
  EXPECT_EQ(ResolveUrl(base, "?page=2"), "https://api.example.com/v2/items?page=2");
  EXPECT_EQ(ResolveUrl(base, "items?page=2"), "https://api.example.com/v2/items?page=2");
  EXPECT_EQ(ResolveUrl(base, "https://cdn.example.net/p/2"), "https://cdn.example.net/p/2");
  EXPECT_EQ(ResolveUrl(base, "//other.example.com/x"), "https://other.example.com/x");
  EXPECT_EQ(ResolveUrl("http://127.0.0.1:8080", "items?page=2"),
            "http://127.0.0.1:8080/items?page=2");
  EXPECT_EQ(ResolveUrl("http://127.0.0.1:8080/api/", "items"), "http://127.0.0.1:8080/api/items");
}

}  // namespace
}  // namespace sqlflow
