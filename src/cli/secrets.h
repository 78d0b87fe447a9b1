// Secrets: which settings are credentials, and scrubbing them from anything shown to users —
// logs, plans, errors, `connect list` (SPEC §1: "Secrets never appear in logs, plans or
// errors").
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sqlflow {

struct Profile;

inline constexpr std::string_view kSecretMask = "********";

// True for credential keys, compared case-insensitively with '-' read as '_': `password`
// (and `passwd`), anything containing `secret`, `token` or `credential`, and `api_key`,
// `access_key`, `private_key` anywhere in the key (`db_password`, `aws_secret_access_key`,
// `access_key_id`). Ordinary keys such as `key`, `primary_key`, `cursor_field` are not secret.
bool IsSecretKey(std::string_view key);

// A copy of `value` in which, at any depth, the value of every secret key (other than null) is
// replaced by kSecretMask, and every other string has credentials embedded in it masked (see
// MaskCredentialsInText).
nlohmann::ordered_json MaskSecrets(const nlohmann::ordered_json& value);

// `text` with credentials that can be recognised by their shape masked: the password of a URL
// (`postgresql://user:pw@host` → `postgresql://user:********@host`) and the value of
// `name=value` pairs whose name is a secret key (libpq `password=pw`, query strings
// `?token=abc&x=1`).
std::string MaskCredentialsInText(std::string_view text);

// `text` with every occurrence of each of `secret_values` replaced by kSecretMask (longest values
// first, so that a secret containing another is masked whole). Empty values are ignored.
std::string RedactSecretValues(std::string text, const std::vector<std::string>& secret_values);

// The secret values a profile holds, for RedactSecretValues: string values of secret keys in
// connector params (at any depth) and of profile variables with secret names, and passwords in
// URLs anywhere in those. Values shorter than 4 characters are left out — masking every "1" or
// "yes" in a message would make it unreadable, and such values are not real credentials.
// Sorted longest first, without duplicates.
std::vector<std::string> CollectSecretValues(const Profile& profile);

}  // namespace sqlflow
