// Secret text: which settings are credentials, and masking credentials in text shown to users
// (SPEC §1: "Secrets never appear in logs, plans or errors"). The JSON-aware masking and the
// profile's secrets are in cli/secrets.h.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sqlflow {

inline constexpr std::string_view kSecretMask = "********";

// True for credential keys, compared case-insensitively with '-' read as '_': `password`
// (and `passwd`), anything containing `secret`, `token` or `credential`, and `api_key`,
// `access_key`, `private_key`, `authorization` anywhere in the key (`db_password`,
// `aws_secret_access_key`, `access_key_id`, an `Authorization` header). A key one typo away from
// one of these names is secret too (`pasword`, `acess_key`). Ordinary keys such as `key`,
// `primary_key`, `cursor_field` are not secret.
bool IsSecretKey(std::string_view key);

// Values shorter than this are not collected as secrets: masking every "1" or "yes" in a
// message would make it unreadable, and such values are not real credentials.
inline constexpr size_t kMinSecretLength = 4;

// `text` with credentials that can be recognised by their shape masked: the password of a URL
// (`postgresql://user:pw@host` → `postgresql://user:********@host`) and the value given to a
// secret key as `name=value` (libpq `password=pw`, query strings `?token=abc&x=1`), as
// `"name": value` (JSON, as in PARAMS) or as `name: value` first on a line (YAML, also inside a
// diagnostic's excerpt ` 4 |   password: pw`). A value that is only a `${NAME}` reference is
// kept: it is not a secret, and errors about it must show it.
std::string MaskCredentialsInText(std::string_view text);

// `text` with every occurrence of each of `secret_values` replaced by kSecretMask (longest values
// first, so that a secret containing another is masked whole). Empty values are ignored.
std::string RedactSecretValues(std::string text, const std::vector<std::string>& secret_values);

// The credentials MaskCredentialsInText would mask in `text`, in order.
std::vector<std::string> FindCredentialsInText(std::string_view text);

}  // namespace sqlflow
