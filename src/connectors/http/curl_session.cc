#include "connectors/http/curl_session.h"

#include <curl/curl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

namespace sqlflow {

namespace {

// Idle handles kept for reuse; more concurrent requests than this simply open more.
constexpr size_t kMaxIdleHandles = 8;

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

struct SlistFreer {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistFreer>;

struct UrlFreer {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

struct CurlStringFreer {
  void operator()(char* s) const { curl_free(s); }
};
using CurlString = std::unique_ptr<char, CurlStringFreer>;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string ErrnoText() { return std::strerror(errno); }

bool IsSuccess(long status) { return status >= 200 && status < 300; }

// The body sent: a string, or a range of a file.
struct BodySource {
  const std::string* memory = nullptr;
  File file;
  uint64_t start = 0;   // the range's start in the file
  uint64_t length = 0;  // bytes in all
  uint64_t sent = 0;    // bytes handed to curl so far
};

// Everything the callbacks of one attempt share.
struct Exchange {
  const std::atomic<bool>* cancelled = nullptr;
  const std::string* response_path = nullptr;
  File response_file;
  BodySource body;
  long status = 0;  // of the response whose headers came last
  HttpResponse response;
  Status local_error;
};

// Moves the file body to `position` bytes into its range.
bool SeekBody(BodySource& body, uint64_t position) {
  if (position > body.length) return false;
  if (body.file && fseeko(body.file.get(), static_cast<off_t>(body.start + position), SEEK_SET)) {
    return false;
  }
  body.sent = position;
  return true;
}

Status OpenBody(const HttpRequest& request, BodySource& body) {
  if (request.body_file.empty()) {
    body.memory = &request.body;
    body.length = request.body.size();
    return Status::OK();
  }
  body.file.reset(std::fopen(request.body_file.c_str(), "rb"));
  if (!body.file) return Status::IoError("cannot read " + request.body_file + ": " + ErrnoText());
  struct stat info {};
  if (fstat(fileno(body.file.get()), &info) != 0) {
    return Status::IoError("cannot read " + request.body_file + ": " + ErrnoText());
  }
  const uint64_t size = static_cast<uint64_t>(info.st_size);
  if (request.body_offset > size || request.body_length > size - request.body_offset) {
    return Status::IoError("cannot send bytes " + std::to_string(request.body_offset) + "-" +
                           std::to_string(request.body_offset + request.body_length) + " of " +
                           request.body_file + ": the file has only " + std::to_string(size) +
                           " bytes (did it change while it was being sent?)");
  }
  body.start = request.body_offset;
  body.length = request.body_length;
  if (!SeekBody(body, 0)) {
    return Status::IoError("cannot read " + request.body_file + ": " + ErrnoText());
  }
  return Status::OK();
}

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  BodySource& body = ex->body;
  const size_t want =
      static_cast<size_t>(std::min<uint64_t>(size * count, body.length - body.sent));
  if (want == 0) return 0;
  if (body.memory != nullptr) {
    std::memcpy(buffer, body.memory->data() + body.sent, want);
    body.sent += want;
    return want;
  }
  const size_t got = std::fread(buffer, 1, want, body.file.get());
  if (got == 0) {
    ex->local_error = Status::IoError(
        "cannot read the request body's file: " +
        (std::ferror(body.file.get()) ? ErrnoText() : std::string("it ended early")));
    return CURL_READFUNC_ABORT;
  }
  body.sent += got;
  return got;
}

int SeekBodyCallback(void* user, curl_off_t offset, int origin) {
  auto* ex = static_cast<Exchange*>(user);
  if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
  return SeekBody(ex->body, static_cast<uint64_t>(offset)) ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL;
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  if (ex->response_file && IsSuccess(ex->status)) {
    if (std::fwrite(data, 1, n, ex->response_file.get()) != n) {
      ex->local_error = Status::IoError("cannot write " + *ex->response_path + ": " + ErrnoText());
      return 0;
    }
  } else {
    ex->response.body.append(data, n);
  }
  ex->response.bytes_received += n;
  return n;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Each response's status line starts its headers afresh: a "100 Continue" or a redirect's
// headers are not the final response's.
size_t ReadHeaderLine(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    ex->response.headers.clear();
    const size_t space = line.find(' ');
    ex->status = space == std::string_view::npos
                     ? 0
                     : std::atol(std::string(line.substr(space + 1, 3)).c_str());
    return n;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // obs-fold: a continuation of the previous header's value.
    if (!ex->response.headers.empty()) {
      ex->response.headers.back().second += " " + std::string(TrimSpace(line));
    }
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;  // the blank line that ends the headers
  ex->response.headers.emplace_back(std::string(TrimSpace(line.substr(0, colon))),
                                    std::string(TrimSpace(line.substr(colon + 1))));
  return n;
}

int CheckCancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* ex = static_cast<Exchange*>(user);
  return ex->cancelled != nullptr && ex->cancelled->load() ? 1 : 0;
}

HeaderList BuildHeaders(const HttpRequest& request) {
  curl_slist* list = nullptr;
  for (const auto& [name, value] : request.headers) {
    // "Name;" is curl's way to send a header with an empty value.
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) break;
    list = grown;
  }
  return HeaderList(list);
}

void SetMethod(CURL* curl, const HttpRequest& request, const BodySource& body) {
  const bool has_body = body.length > 0;
  const auto length = static_cast<curl_off_t>(body.length);
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, length);
  } else if (request.method == "POST" || has_body) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, length);
    if (request.method != "POST") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

void SetOptions(CURL* curl, const HttpRequest& request, Exchange& ex, curl_slist* headers,
                char* error_buffer) {
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM: requests run on many threads
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::chrono::milliseconds(request.connect_timeout).count()));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(request.low_speed_timeout.count()));
  if (request.timeout) {
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout->count()));
  }
  // HTTP/2 over TLS where the server offers it; HTTP/1.1 otherwise.
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  if (request.accept_compressed) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeaderLine);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &ex);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &ex);
  curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, SeekBodyCallback);
  curl_easy_setopt(curl, CURLOPT_SEEKDATA, &ex);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, CheckCancelled);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &ex);
  SetMethod(curl, request, ex.body);
  if (request.sigv4) {
    const AwsSigV4& sig = *request.sigv4;
    const std::string provider = "aws:amz:" + sig.region + ":" + sig.service;
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, provider.c_str());  // curl copies strings
    curl_easy_setopt(curl, CURLOPT_USERNAME, sig.access_key_id.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, sig.secret_access_key.c_str());
  }
}

// Opens what the attempt reads and writes; an error when either cannot be opened.
Status PrepareExchange(const HttpRequest& request, const std::atomic<bool>* cancelled,
                       Exchange& ex) {
  ex.cancelled = cancelled;
  SQLFLOW_RETURN_IF_ERROR(OpenBody(request, ex.body));
  if (!request.response_file.empty()) {
    // Truncated on every attempt: a retry must not append to a failed attempt's bytes. A
    // range of the file is written over from its start instead.
    ex.response_path = &request.response_file;
    bool at_offset = request.response_file_offset.has_value();
    ex.response_file.reset(std::fopen(request.response_file.c_str(), at_offset ? "r+b" : "wb"));
    if (ex.response_file && at_offset &&
        fseeko(ex.response_file.get(), static_cast<off_t>(*request.response_file_offset),
               SEEK_SET) != 0) {
      ex.response_file.reset();
    }
    if (!ex.response_file) {
      return Status::IoError("cannot write " + request.response_file + ": " + ErrnoText());
    }
  }
  return Status::OK();
}

}  // namespace

CurlSession::CurlSession() { InitCurlOnce(); }

CurlSession::~CurlSession() {
  for (void* handle : idle_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* CurlSession::TakeHandle() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      void* handle = idle_.back();
      idle_.pop_back();
      // Keeps the handle's open connections, DNS and TLS session caches; clears the options.
      curl_easy_reset(static_cast<CURL*>(handle));
      return handle;
    }
  }
  return curl_easy_init();
}

void CurlSession::ReturnHandle(void* handle) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdleHandles) {
    idle_.push_back(handle);
  } else {
    curl_easy_cleanup(static_cast<CURL*>(handle));
  }
}

AttemptResult CurlSession::Perform(const HttpRequest& request, const std::atomic<bool>* cancelled) {
  AttemptResult result;
  Exchange ex;
  result.local_error = PrepareExchange(request, cancelled, ex);
  if (!result.local_error.ok()) return result;
  CURL* curl = static_cast<CURL*>(TakeHandle());
  if (curl == nullptr) {
    result.local_error = Status::Internal("libcurl could not create a handle (out of memory?)");
    return result;
  }
  HeaderList headers = BuildHeaders(request);
  char error_buffer[CURL_ERROR_SIZE] = {0};
  SetOptions(curl, request, ex, headers.get(), error_buffer);
  const CURLcode code = curl_easy_perform(curl);
  curl_off_t uploaded = 0;
  curl_easy_getinfo(curl, CURLINFO_SIZE_UPLOAD_T, &uploaded);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  // The handle must not keep pointers into this frame once it is idle.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  ReturnHandle(curl);

  result.bytes_sent = static_cast<uint64_t>(std::max<curl_off_t>(0, uploaded));
  result.curl_code = code;
  result.local_error = std::move(ex.local_error);
  if (code != CURLE_OK) {
    result.curl_error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  }
  ex.response.status = status;
  result.response = std::move(ex.response);
  return result;
}

Result<std::string> HostOfUrl(const std::string& url) {
  std::unique_ptr<CURLU, UrlFreer> handle(curl_url());
  if (!handle) return Status::Internal("libcurl could not parse a URL (out of memory?)");
  CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0);
  if (rc != CURLUE_OK) {
    return Status::Invalid(std::string("not a valid URL: ") + curl_url_strerror(rc));
  }
  char* host = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) {
    return Status::Invalid("not a valid URL: it names no host");
  }
  CurlString host_text(host);
  std::string out = host_text.get();
  char* port = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_PORT, &port, 0) == CURLUE_OK) {
    CurlString port_text(port);
    out += ":" + std::string(port_text.get());
  }
  return out;
}

}  // namespace sqlflow
