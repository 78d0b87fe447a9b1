// ScriptedHttpServer: test/servers/scripted_http_server.py, a real HTTP/1.1 server with
// scripted answers (/status/503, /flaky/2/503, /retry-after/5, /echo, /bytes/N, /slow/S,
// /hits/..., /last-body/..., /reply/CODE, and for the REST source's auth /oauth/token/...,
// /auth/echo, /auth/require/TOKEN; see the script), run as a child process on a free port of
// 127.0.0.1 for the HTTP client's and the REST auth's integration tests; StartTls() runs it as an
// HTTPS server instead (for the TLS failure tests). Killed when the object dies; it also exits by
// itself when this process dies (it watches its stdin, a pipe held here).
// Thread-safety: const methods may be called from any thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace sqlflow::test {

class ScriptedHttpServer {
 public:
  // Starts the server and waits until it listens. An IoError when it does not start.
  static Result<std::unique_ptr<ScriptedHttpServer>> Start();
  // The same server speaking HTTPS only, with the certificate in PEM file `cert_file` and its
  // private key in PEM file `key_file`. An IoError when it does not start (a bad file included).
  static Result<std::unique_ptr<ScriptedHttpServer>> StartTls(const std::string& cert_file,
                                                              const std::string& key_file);
  ~ScriptedHttpServer();
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  int port() const { return port_; }
  // "127.0.0.1:<port>", as HttpClient's messages name the server.
  std::string host() const;
  // "http://127.0.0.1:<port>" + `path` (which starts with '/'); "https://…" when started by
  // StartTls().
  std::string Url(const std::string& path) const;

 private:
  enum class Scheme { kHttp, kHttps };
  ScriptedHttpServer(pid_t pid, int stdin_fd, Scheme scheme)
      : pid_(pid), stdin_fd_(stdin_fd), scheme_(scheme) {}
  // Runs the script with `options` before its port argument.
  static Result<std::unique_ptr<ScriptedHttpServer>> Launch(std::vector<std::string> options,
                                                            Scheme scheme);

  pid_t pid_;
  int stdin_fd_;
  Scheme scheme_;
  int port_ = 0;
};

// A self-signed certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1, valid one day) and its
// key, written by the openssl CLI as PEM files into directory `dir`.
struct SelfSignedCertificate {
  std::string cert_file;  // <dir>/cert.pem
  std::string key_file;   // <dir>/key.pem
};
// An IoError when openssl is missing or fails.
Result<SelfSignedCertificate> MakeSelfSignedCertificate(const std::string& dir);

// A TCP port on 127.0.0.1 that nothing listens on right now (connecting to it is refused).
Result<int> UnusedLocalPort();

}  // namespace sqlflow::test
