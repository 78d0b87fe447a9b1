#include "engine/engine_session.h"

namespace sqlflow {

Status ExecuteInTransaction(EngineSession& session, const std::function<Status()>& body) {
  SQLFLOW_RETURN_IF_ERROR(session.Begin());
  Status status = body();
  if (!status.ok()) {
    (void)session.Rollback();  // the body's error is the one worth reporting
    return status;
  }
  status = session.Commit();
  // A failed COMMIT has already ended the transaction; the ROLLBACK only makes sure.
  if (!status.ok()) (void)session.Rollback();
  return status;
}

}  // namespace sqlflow
