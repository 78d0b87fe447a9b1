// Checks the params of the profile's connectors against what their connector types declare, so
// that a misspelled key (`pasword:`) is flagged where it is written, by every verb, instead of
// being passed on silently (`connect list`, `connect test`) or noticed only by a SOURCE using it.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "cli/profile.h"
#include "common/connector_spec.h"

namespace sqlflow {

// One warning per unknown key of a connector whose type the catalog knows:
//   profiles/dev.yml: connectors.wh.params.pasword: POSTGRES connectors have no parameter
//   'pasword'; did you mean 'password'? (a key this close to a credential name is treated as
//   one: its value is never shown)
// Connectors of unknown types are left to the planner, which reports the type.
std::vector<std::string> CheckConnectorKeys(const Profile& profile,
                                            const ConnectorCatalog& catalog);

}  // namespace sqlflow
