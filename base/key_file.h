// Files holding one secret key as text (hex or Z85): read trimmed, written new with mode 0600 from
// the first byte on (O_EXCL: never over an existing key) and synced. And files rewritten whole or
// not at all.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "base/signing.h"
#include "base/status.h"

namespace regiotafel {

// NotFound when the file cannot be read; the text without surrounding whitespace.
Status ReadKeyFile(const std::string& path, std::string* text);
// IOError when the file exists already or cannot be written whole.
Status WriteNewKeyFile(const std::string& path, const std::string& text);

// Writes `text` to `path` through a temporary file and a rename, so a reader never sees half; the
// file has `mode` from the first byte on (kOwnerOnly for what holds a secret or a token).
inline constexpr mode_t kOwnerOnly = 0600;
Status WriteFileAtomically(const std::string& path, const std::string& text, mode_t mode = 0644);

// An Ed25519 secret key file: libsodium's 64-byte secret key in hex.
Status LoadSigningKeyFile(const std::string& path, std::optional<SigningKey>* out);

}  // namespace regiotafel
