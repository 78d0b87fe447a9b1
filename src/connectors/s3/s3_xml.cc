#include "connectors/s3/s3_xml.h"

#include <tinyxml2.h>

#include <charconv>
#include <chrono>
#include <cstring>

namespace sqlflow {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

// The element's name without a namespace prefix ("s3:Key" -> "Key").
std::string_view LocalName(const XMLElement& element) {
  std::string_view name = element.Name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

const XMLElement* Child(const XMLElement& parent, std::string_view name) {
  for (const XMLElement* child = parent.FirstChildElement(); child != nullptr;
       child = child->NextSiblingElement()) {
    if (LocalName(*child) == name) return child;
  }
  return nullptr;
}

std::string TextOf(const XMLElement* element) {
  if (element == nullptr || element->GetText() == nullptr) return "";
  return element->GetText();
}

std::string ChildText(const XMLElement& parent, std::string_view name) {
  return TextOf(Child(parent, name));
}

// The start of a body for a message: one line, at most 200 bytes.
std::string Excerpt(const std::string& body) {
  std::string excerpt = body.substr(0, 200);
  for (char& c : excerpt) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return body.size() > excerpt.size() ? excerpt + "…" : excerpt;
}

// Parses `xml` into `doc` and returns its root when its local name is `root_name`.
Result<const XMLElement*> ParseRoot(const std::string& xml, const char* root_name,
                                    const std::string& what, XMLDocument* doc) {
  if (doc->Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
    return Status::IoError(what + " is not XML (" + doc->ErrorStr() + "): '" + Excerpt(xml) + "'");
  }
  const XMLElement* root = doc->RootElement();
  if (root == nullptr || LocalName(*root) != root_name) {
    return Status::IoError(what + " is not a " + root_name + " document: '" + Excerpt(xml) + "'");
  }
  return root;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// encoding-type=url: S3 form-encodes keys ('+' for a space, %XX for other bytes).
std::string UrlDecode(const std::string& text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      decoded += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      decoded += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

bool ParseDigits(std::string_view text, size_t at, size_t count, int* value) {
  if (at + count > text.size()) return false;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const char* begin = text.data() + at;
  auto [end, error] = std::from_chars(begin, begin + count, *value);
  return error == std::errc() && end == begin + count;
}

// The offset part of an ISO 8601 time after the seconds: ".fff" then 'Z' or ±HH:MM.
bool ParseFractionAndOffset(std::string_view text, size_t at, int64_t* micros) {
  int64_t fraction_us = 0;
  if (at < text.size() && text[at] == '.') {
    int64_t scale = 100000;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, scale /= 10) {
      fraction_us += (text[at] - '0') * scale;
    }
  }
  int64_t offset_s = 0;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int hours = 0, minutes = 0;
    if (!ParseDigits(text, at + 1, 2, &hours) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !ParseDigits(text, at + 4, 2, &minutes)) {
      return false;
    }
    offset_s = (text[at] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
    at += 6;
  } else if (at < text.size() && text[at] == 'Z') {
    ++at;
  }
  if (at != text.size()) return false;
  *micros += fraction_us - offset_s * 1000000;
  return true;
}

Status ListError(const std::string& problem) {
  return Status::IoError("S3 ListObjectsV2 response: " + problem);
}

Result<S3Object> ParseContents(const XMLElement& contents, bool url_encoded) {
  S3Object object;
  const XMLElement* key = Child(contents, "Key");
  if (key == nullptr) return ListError("an object (<Contents>) has no <Key>");
  object.key = url_encoded ? UrlDecode(TextOf(key)) : TextOf(key);
  std::string size = ChildText(contents, "Size");
  auto [end, error] = std::from_chars(size.data(), size.data() + size.size(), object.size);
  if (size.empty() || error != std::errc() || end != size.data() + size.size()) {
    return ListError("object '" + object.key + "' has the size '" + size +
                     "', not a number of bytes");
  }
  object.last_modified = ChildText(contents, "LastModified");
  if (!ParseIso8601Us(object.last_modified, &object.last_modified_us)) {
    return ListError("object '" + object.key + "' has LastModified '" + object.last_modified +
                     "', not an ISO 8601 time such as 2025-06-01T10:00:00.000Z");
  }
  object.etag = UnquoteEtag(ChildText(contents, "ETag"));
  return object;
}

// Text content: quotes stay as they are (as in the S3 API reference's ETag examples).
void AppendEscaped(const std::string& text, std::string* xml) {
  for (char c : text) {
    switch (c) {
      case '&':
        *xml += "&amp;";
        break;
      case '<':
        *xml += "&lt;";
        break;
      case '>':
        *xml += "&gt;";
        break;
      default:
        *xml += c;
    }
  }
}

}  // namespace

bool ParseIso8601Us(const std::string& text, int64_t* micros) {
  // YYYY-MM-DDTHH:MM:SS
  int year, month, day, hour, minute, second;
  if (text.size() < 19 || !ParseDigits(text, 0, 4, &year) || text[4] != '-' ||
      !ParseDigits(text, 5, 2, &month) || text[7] != '-' || !ParseDigits(text, 8, 2, &day) ||
      (text[10] != 'T' && text[10] != 't') || !ParseDigits(text, 11, 2, &hour) || text[13] != ':' ||
      !ParseDigits(text, 14, 2, &minute) || text[16] != ':' || !ParseDigits(text, 17, 2, &second)) {
    return false;
  }
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                   std::chrono::day(day)};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return false;
  int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  *micros = ((days * 24 + hour) * 60 + minute) * 60 * 1000000LL + second * 1000000LL;
  return ParseFractionAndOffset(text, 19, micros);
}

std::string UnquoteEtag(const std::string& etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    return etag.substr(1, etag.size() - 2);
  }
  return etag;
}

Result<S3ListPage> ParseListObjectsV2(const std::string& xml) {
  XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  SQLFLOW_ASSIGN_OR_RETURN(const XMLElement* root,
                           ParseRoot(xml, "ListBucketResult", "S3 ListObjectsV2 response", &doc));
  bool url_encoded = ChildText(*root, "EncodingType") == "url";
  S3ListPage page;
  for (const XMLElement* child = root->FirstChildElement(); child != nullptr;
       child = child->NextSiblingElement()) {
    std::string_view name = LocalName(*child);
    if (name == "Contents") {
      SQLFLOW_ASSIGN_OR_RETURN(S3Object object, ParseContents(*child, url_encoded));
      page.objects.push_back(std::move(object));
    } else if (name == "CommonPrefixes") {
      std::string prefix = ChildText(*child, "Prefix");
      page.common_prefixes.push_back(url_encoded ? UrlDecode(prefix) : prefix);
    }
  }
  page.is_truncated = ChildText(*root, "IsTruncated") == "true";
  page.next_continuation_token = ChildText(*root, "NextContinuationToken");
  if (page.is_truncated && page.next_continuation_token.empty()) {
    return ListError(
        "the listing is truncated but has no NextContinuationToken, so it cannot go on; the "
        "server does not implement ListObjectsV2 paging");
  }
  return page;
}

S3ErrorXml ParseS3Error(const std::string& xml) {
  S3ErrorXml error;
  XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) return error;
  const XMLElement* root = doc.RootElement();
  if (root == nullptr || LocalName(*root) != "Error") return error;
  error.code = ChildText(*root, "Code");
  error.message = ChildText(*root, "Message");
  error.region = ChildText(*root, "Region");
  error.bucket = ChildText(*root, "BucketName");
  if (error.bucket.empty()) error.bucket = ChildText(*root, "Bucket");
  error.key = ChildText(*root, "Key");
  error.endpoint = ChildText(*root, "Endpoint");
  error.request_id = ChildText(*root, "RequestId");
  if (error.region.empty()) {
    // "… the region 'us-east-1' is wrong; expecting 'eu-west-1'"
    static constexpr std::string_view kExpecting = "expecting '";
    size_t at = error.message.find(kExpecting);
    if (at != std::string::npos) {
      size_t start = at + kExpecting.size();
      size_t end = error.message.find('\'', start);
      if (end != std::string::npos) error.region = error.message.substr(start, end - start);
    }
  }
  return error;
}

Result<std::string> ParseInitiateMultipartUpload(const std::string& xml) {
  XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  SQLFLOW_ASSIGN_OR_RETURN(
      const XMLElement* root,
      ParseRoot(xml, "InitiateMultipartUploadResult", "S3 CreateMultipartUpload response", &doc));
  std::string upload_id = ChildText(*root, "UploadId");
  if (upload_id.empty()) {
    return Status::IoError("S3 CreateMultipartUpload response has no UploadId: '" + Excerpt(xml) +
                           "'");
  }
  return upload_id;
}

std::string CompleteMultipartUploadXml(
    const std::vector<std::pair<int, std::string>>& part_number_etags) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (const auto& [part_number, etag] : part_number_etags) {
    xml += "<Part><PartNumber>" + std::to_string(part_number) + "</PartNumber><ETag>";
    AppendEscaped("\"" + UnquoteEtag(etag) + "\"", &xml);
    xml += "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  return xml;
}

}  // namespace sqlflow
