// ScriptedHttpServer: test/servers/scripted_http_server.py, a real HTTP/1.1 server with
// scripted answers (/status/503, /flaky/2/503, /retry-after/5, /echo, /bytes/N, /slow/S,
// /hits/..., /last-body/..., /reply/CODE, and for the REST source's auth /oauth/token/...,
// /auth/echo, /auth/require/TOKEN; see the script), run as a child process on a free port of
// 127.0.0.1 for the HTTP client's and the REST auth's integration tests. Killed when the object
// dies; it also exits by itself when this process dies (it watches its stdin, a pipe held here).
// Thread-safety: const methods may be called from any thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "common/status.h"

namespace sqlflow::test {

class ScriptedHttpServer {
 public:
  // Starts the server and waits until it listens. An IoError when it does not start.
  static Result<std::unique_ptr<ScriptedHttpServer>> Start();
  ~ScriptedHttpServer();
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  int port() const { return port_; }
  // "127.0.0.1:<port>", as HttpClient's messages name the server.
  std::string host() const;
  // "http://127.0.0.1:<port>" + `path` (which starts with '/').
  std::string Url(const std::string& path) const;

 private:
  ScriptedHttpServer(pid_t pid, int stdin_fd, int port)
      : pid_(pid), stdin_fd_(stdin_fd), port_(port) {}

  pid_t pid_;
  int stdin_fd_;
  int port_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now (connecting to it is refused).
Result<int> UnusedLocalPort();

}  // namespace sqlflow::test
