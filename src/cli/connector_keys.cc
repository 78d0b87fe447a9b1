#include "cli/connector_keys.h"

#include <nlohmann/json.hpp>

#include "common/edit_distance.h"
#include "common/secret_text.h"

namespace sqlflow {

std::vector<std::string> CheckConnectorKeys(const Profile& profile,
                                            const ConnectorCatalog& catalog) {
  std::vector<std::string> warnings;
  for (const auto& [name, connector] : profile.connectors) {
    const ConnectorSpec* spec = catalog.FindSource(connector.type);
    if (spec == nullptr || connector.params == nullptr || !connector.params->is_object()) continue;
    for (const auto& [key, value] : connector.params->items()) {
      if (spec->FindParam(key) != nullptr) continue;
      std::string warning = profile.file + ": connectors." + name + ".params." + key + ": " +
                            spec->type + " connectors have no parameter '" + key + "'";
      if (std::optional<std::string> close = SuggestClosest(key, spec->ParamNames())) {
        warning += "; did you mean '" + *close + "'?";
      } else {
        warning += "; `sqlflow connect list` lists the parameters of each type";
      }
      if (IsSecretKey(key)) {
        warning +=
            " (a key this close to a credential name is treated as one: its value is "
            "never shown)";
      }
      warnings.push_back(std::move(warning));
    }
  }
  return warnings;
}

}  // namespace sqlflow
