// The bus's signed checkpoints (docs/AUDIT.md): the log's Merkle root at a size, signed with the
// bus's own Ed25519 key. The signed bytes:
//
//   "regiotafel/checkpoint/v1" ‖ be64(positie) ‖ root (32) ‖ be64(tijd.seconds) ‖ be32(tijd.nanos)
//
// The root is RFC 6962's tree hash over merkle::LeafHash(record.hash) of records 1 … positie.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <string_view>

#include "base/signing.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::eventstore {

std::string CheckpointMessage(const v1::Checkpoint& checkpoint);
v1::Checkpoint SignCheckpoint(const SigningKey& key, uint64_t position, std::string root,
                              const google::protobuf::Timestamp& tijd);
// Whether `checkpoint` carries the signature of the key `bus_public_key` over its fields.
bool CheckpointSigned(const v1::Checkpoint& checkpoint, std::string_view bus_public_key);

}  // namespace regiotafel::eventstore
