// Paths the tests need: the source tree and the built sqlflow binary.
#pragma once

namespace sqlflow::test {

inline const char* SourceDir() { return SQLFLOW_SOURCE_DIR; }
inline const char* SqlflowBinary() { return SQLFLOW_BINARY; }

}  // namespace sqlflow::test
