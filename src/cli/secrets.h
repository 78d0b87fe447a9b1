// Secrets: which settings are credentials, and scrubbing them from anything shown to users —
// logs, plans, errors, `connect list` (SPEC §1: "Secrets never appear in logs, plans or
// errors").
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret_text.h"

namespace sqlflow {

struct Profile;

// A copy of `value` in which, at any depth, the value of every secret key (other than null) is
// replaced by kSecretMask, and every other string has credentials embedded in it masked (see
// MaskCredentialsInText).
nlohmann::ordered_json MaskSecrets(const nlohmann::ordered_json& value);

// The secret values in a params object: string (and number) values of secret keys at any depth,
// and credentials recognisable inside other strings (see MaskCredentialsInText), each at least
// kMinSecretLength long.
std::vector<std::string> CollectSecretValuesInParams(const nlohmann::ordered_json& params);

// The secret values a profile holds, for RedactSecretValues: string values of secret keys in
// connector params (at any depth) and of profile variables with secret names, and passwords in
// URLs anywhere in those. Values shorter than 4 characters are left out — masking every "1" or
// "yes" in a message would make it unreadable, and such values are not real credentials.
// Sorted longest first, without duplicates.
std::vector<std::string> CollectSecretValues(const Profile& profile);

}  // namespace sqlflow
