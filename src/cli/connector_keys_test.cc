#include "cli/connector_keys.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "connectors/connector_registry.h"

namespace sqlflow {
namespace {

Profile ProfileWith(const std::string& type, const std::string& params_json) {
  Profile profile;
  profile.file = "profiles/dev.yml";
  ConnectorSettings settings;
  settings.name = "wh";
  settings.type = type;
  settings.params =
      std::make_shared<const nlohmann::ordered_json>(nlohmann::ordered_json::parse(params_json));
  profile.connectors["wh"] = settings;
  return profile;
}

TEST(ConnectorKeysTest, AMisspelledCredentialIsFlaggedWithASuggestionAndNoValue) {
  ConnectorCatalog catalog = BuildConnectorCatalog();
  std::vector<std::string> warnings = CheckConnectorKeys(
      ProfileWith("POSTGRES", R"({"host": "db", "pasword": "hunter2-secret"})"), catalog);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "profiles/dev.yml: connectors.wh.params.pasword: POSTGRES connectors have no "
            "parameter 'pasword'; did you mean 'password'? (a key this close to a credential "
            "name is treated as one: its value is never shown)");
}

TEST(ConnectorKeysTest, AnUnknownKeyFarFromAnyParamPointsAtConnectList) {
  ConnectorCatalog catalog = BuildConnectorCatalog();
  std::vector<std::string> warnings =
      CheckConnectorKeys(ProfileWith("POSTGRES", R"({"host": "db", "colour": "blue"})"), catalog);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "profiles/dev.yml: connectors.wh.params.colour: POSTGRES connectors have no parameter "
            "'colour'; `sqlflow connect list` lists the parameters of each type");
}

TEST(ConnectorKeysTest, KnownKeysAndUnknownTypesAreLeftAlone) {
  ConnectorCatalog catalog = BuildConnectorCatalog();
  EXPECT_TRUE(
      CheckConnectorKeys(ProfileWith("POSTGRES", R"({"host": "db", "password": "x"})"), catalog)
          .empty());
  EXPECT_TRUE(CheckConnectorKeys(ProfileWith("NOSUCH", R"({"anything": 1})"), catalog).empty());
}

}  // namespace
}  // namespace sqlflow
