// The files of the region's class keys (docs/PRIVACY.md, "Keys"), JSON in protobuf's mapping of
// KlasseSleutels (persoonsgegevens.proto):
//   the region's file   every class's key pairs of every epoch, secret halves included: kept by
//                        whoever holds the region's keys (the launcher keeps it in its keys/);
//   an organisation's    every public half, and the secret halves of the classes its kind may read,
//                        each sealed to the organisation's Curve25519 key; its node reads it.
// An organisation that joins later gets every epoch of its classes, so it reads the history its
// kind may read.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "contract/identifiers.h"
#include "privacy/seal.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"

namespace regiotafel::config {

// NotFound when there is no file; InvalidArgument (naming the file) when it is not such a file.
Status ReadKlasseSleutels(const std::string& path, v1::KlasseSleutels* out);
std::string KlasseSleutelsJson(const v1::KlasseSleutels& sleutels);

// Epoch 1 of every class (privacy::kKlassen), secret halves included: a new region's file.
v1::KlasseSleutels NewRegionSleutels();
// The next epoch of `klasse` added to a region's file (a rotation: docs/PRIVACY.md).
void Rotate(v1::Klasse klasse, v1::KlasseSleutels* region);

// What an organisation of `kind` with Curve public key `curve_public` gets of the region's file.
Status SleutelsFor(const v1::KlasseSleutels& region, contract::OrgKind kind, std::string_view curve_public,
                   v1::KlasseSleutels* out);

// The keyring of an organisation's file (or the region's own), its sealed secrets opened with the
// organisation's Curve key pair.
Status KeyringOf(const v1::KlasseSleutels& sleutels, std::string_view curve_public,
                 std::string_view curve_secret, privacy::Keyring* out);

}  // namespace regiotafel::config
