#include "pipeline_runner/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace sqlflow::test {
namespace {

using Clock = std::chrono::steady_clock;

// A file descriptor closed when the object dies.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

Status ErrnoStatus(const std::string& what) {
  return Status::IoError(what + ": " + std::strerror(errno));
}

std::vector<std::string> BuildEnvironment(const ChildOptions& options) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : options.env) {
    if (value) {
      vars[name] = *value;
    } else {
      vars.erase(name);
    }
  }
  std::vector<std::string> out;
  for (const auto& [name, value] : vars) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Runs in the forked child: only async-signal-safe calls until execve.
[[noreturn]] void ExecChild(const char* program, char** argv, char** envp, const char* cwd,
                            int devnull, int out_fd, int err_fd) {
  setpgid(0, 0);
  if (dup2(devnull, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
      dup2(out_fd, STDERR_FILENO) < 0 || (cwd[0] != '\0' && chdir(cwd) != 0)) {
    int err = errno;
    (void)!write(err_fd, &err, sizeof err);
    _exit(127);
  }
  execve(program, argv, envp);
  int err = errno;
  (void)!write(err_fd, &err, sizeof err);
  _exit(127);
}

// Reads `fd` until end of file or `deadline`; false on timeout. `on_output` sees the output so
// far after each read.
template <typename OnOutput>
bool ReadUntilEof(int fd, Clock::time_point deadline, std::string& out, OnOutput on_output) {
  char buffer[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return ready < 0;  // a poll error ends reading like EOF would
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buffer, static_cast<size_t>(n));
    on_output(out);
  }
}

// Waits for `pid` to exit until `deadline`; false on timeout.
bool WaitUntil(pid_t pid, Clock::time_point deadline, int& status) {
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void FillExit(int status, ChildResult& result) {
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
}

}  // namespace

Result<ChildResult> RunChildProcess(const ChildOptions& options) {
  std::vector<std::string> argv_strings{options.program};
  argv_strings.insert(argv_strings.end(), options.args.begin(), options.args.end());
  std::vector<std::string> env_strings = BuildEnvironment(options);
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<char*> envp = Pointers(env_strings);

  Fd devnull(open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (devnull.get() < 0) return ErrnoStatus("open /dev/null");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return ErrnoStatus("pipe");
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return ErrnoStatus("pipe");
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  auto deadline = Clock::now() + options.timeout;
  pid_t pid = fork();
  if (pid < 0) return ErrnoStatus("fork");
  if (pid == 0) {
    ExecChild(options.program.c_str(), argv.data(), envp.data(), options.cwd.c_str(), devnull.get(),
              out_write.get(), err_write.get());
  }
  setpgid(pid, pid);  // also done by the child; whichever runs first wins the race
  out_write.Close();
  err_write.Close();

  int exec_errno = 0;
  ssize_t n;
  do {
    n = read(err_read.get(), &exec_errno, sizeof exec_errno);
  } while (n < 0 && errno == EINTR);
  if (n == sizeof exec_errno) {
    int status;
    waitpid(pid, &status, 0);
    return Status::IoError("cannot start " + options.program +
                           (options.cwd.empty() ? "" : " in " + options.cwd) + ": " +
                           std::strerror(exec_errno));
  }

  ChildResult result;
  int status = 0;
  bool interrupted = options.interrupt_when_output_contains.empty();
  auto maybe_interrupt = [&](const std::string& output) {
    if (interrupted || output.find(options.interrupt_when_output_contains) == std::string::npos) {
      return;
    }
    std::this_thread::sleep_for(options.interrupt_delay);
    kill(pid, SIGINT);
    interrupted = true;
  };
  bool finished = ReadUntilEof(out_read.get(), deadline, result.output, maybe_interrupt) &&
                  WaitUntil(pid, deadline, status);
  if (!finished) {
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    result.timed_out = true;
  }
  FillExit(status, result);
  return result;
}

std::string FormatCommand(const std::string& program, const std::vector<std::string>& args) {
  std::string out = program;
  for (const std::string& arg : args) {
    bool plain = !arg.empty() && arg.find_first_of(" \t'\"") == std::string::npos;
    out += ' ';
    if (plain) {
      out += arg;
    } else if (arg.find('\'') == std::string::npos) {
      out += "'" + arg + "'";
    } else {
      out += "\"" + arg + "\"";
    }
  }
  return out;
}

}  // namespace sqlflow::test
