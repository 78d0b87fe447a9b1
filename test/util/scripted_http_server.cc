#include "util/scripted_http_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "util/test_paths.h"

namespace sqlflow::test {

namespace {

// Generous: a cold python3 on a loaded 2-core machine can take seconds to start.
constexpr int kStartTimeoutMs = 30000;

// Debian's python3 starts fastest; any python3 on PATH will do.
std::string PythonExecutable() {
  return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

// The server's first line of output ("port N"), or an error when it does not come in time.
Result<int> ReadPort(int fd) {
  std::string line;
  while (line.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, kStartTimeoutMs);
    if (ready <= 0) {
      return Status::IoError("scripted_http_server.py did not say its port within 30 s");
    }
    char buffer[128];
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) return Status::IoError("scripted_http_server.py exited before listening");
    line.append(buffer, static_cast<size_t>(n));
  }
  if (!line.starts_with("port ")) {
    return Status::IoError("scripted_http_server.py said '" + line + "', not its port");
  }
  return std::atoi(line.c_str() + 5);
}

[[noreturn]] void ExecServer(int stdin_fd, int stdout_fd, const std::vector<char*>& argv) {
  dup2(stdin_fd, STDIN_FILENO);
  dup2(stdout_fd, STDOUT_FILENO);
  execvp(argv[0], argv.data());
  _exit(127);
}

}  // namespace

Result<std::unique_ptr<ScriptedHttpServer>> ScriptedHttpServer::Start() {
  return Launch({}, Scheme::kHttp);
}

Result<std::unique_ptr<ScriptedHttpServer>> ScriptedHttpServer::StartTls(
    const std::string& cert_file, const std::string& key_file) {
  return Launch({"--tls", cert_file, key_file}, Scheme::kHttps);
}

Result<std::unique_ptr<ScriptedHttpServer>> ScriptedHttpServer::Launch(
    std::vector<std::string> options, Scheme scheme) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0) return Status::IoError(std::strerror(errno));
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return Status::IoError(std::strerror(errno));
  }
  std::string python = PythonExecutable();
  std::string script = std::string(SourceDir()) + "/test/servers/scripted_http_server.py";
  std::string flag = "--exit-on-stdin-eof";
  std::string port = "0";
  std::vector<char*> argv = {python.data(), script.data(), flag.data()};
  for (std::string& option : options) argv.push_back(option.data());
  argv.push_back(port.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) ExecServer(in[0], out[1], argv);
  close(in[0]);
  close(out[1]);
  if (pid < 0) {
    close(in[1]);
    close(out[0]);
    return Status::IoError(std::string("fork failed: ") + std::strerror(errno));
  }
  // Owns the child from here: the destructor kills it whatever happens next.
  auto server = std::unique_ptr<ScriptedHttpServer>(new ScriptedHttpServer(pid, in[1], scheme));
  Result<int> listening = ReadPort(out[0]);
  close(out[0]);
  if (!listening.ok()) return listening.status();
  server->port_ = *listening;
  return server;
}

ScriptedHttpServer::~ScriptedHttpServer() {
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  close(stdin_fd_);
}

std::string ScriptedHttpServer::host() const { return "127.0.0.1:" + std::to_string(port_); }

std::string ScriptedHttpServer::Url(const std::string& path) const {
  return (scheme_ == Scheme::kHttps ? "https://" : "http://") + host() + path;
}

Result<SelfSignedCertificate> MakeSelfSignedCertificate(const std::string& dir) {
  SelfSignedCertificate made{dir + "/cert.pem", dir + "/key.pem"};
  std::vector<std::string> args = {
      "openssl",  "req",           "-x509",   "-newkey",
      "rsa:2048", "-nodes",        "-keyout", made.key_file,
      "-out",     made.cert_file,  "-days",   "1",
      "-subj",    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    // openssl's progress dots and prompts would clutter the test's output.
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  if (pid < 0) return Status::IoError(std::string("fork failed: ") + std::strerror(errno));
  int wait_status = 0;
  if (waitpid(pid, &wait_status, 0) != pid || !WIFEXITED(wait_status) ||
      WEXITSTATUS(wait_status) != 0) {
    return Status::IoError("openssl req could not make a self-signed certificate in " + dir +
                           " (is the openssl CLI installed?)");
  }
  return made;
}

Result<int> UnusedLocalPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IoError(std::string("socket() failed: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);  // bound but never listening: connections to it are refused meanwhile
  if (port < 0) return Status::IoError("cannot find a free TCP port on 127.0.0.1");
  return port;
}

}  // namespace sqlflow::test
