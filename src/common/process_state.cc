#include "common/process_state.h"

#include <signal.h>

#include <cerrno>
#include <fstream>
#include <string>

namespace sqlflow {

bool ProcessEnded(pid_t pid) {
  if (kill(pid, 0) == -1) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  // "<pid> (<command>) <state> …": the command may hold spaces and parentheses.
  size_t close = line.rfind(") ");
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

}  // namespace sqlflow
