// Inclusion and consistency proofs over the log's Merkle tree (RFC 6962; the leaves are the
// records' chain hashes, docs/AUDIT.md): made from a verified copy of the log, checked with nothing
// but the proof itself and, for its checkpoint, the bus's public key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/merkle.h"
#include "base/status.h"
#include "eventstore/record_source.h"
#include "regiotafel/v1/audit.pb.h"

namespace regiotafel::audit {

// That record `positie` is in the log of its first `grootte` records; `tree` is over the copy's
// verified leaves. InvalidArgument for a positie or grootte out of range.
Status ProveInclusion(const eventstore::RecordSource& log, const merkle::Tree& tree, uint64_t position,
                      uint64_t grootte, v1::InclusionProof* out);
// That the log of `oud` records is a prefix of the log of `nieuw` (1 ≤ oud ≤ nieuw ≤ tree size).
Status ProveConsistency(const merkle::Tree& tree, uint64_t oud, uint64_t nieuw, v1::ConsistencyProof* out);

// Empty when the proof holds; else what is wrong with it. With `bus_key` (32 bytes), a checkpoint
// in the proof must be signed by it; without, a checkpoint's signature is not checked.
std::optional<std::string> CheckInclusion(const v1::InclusionProof& proof,
                                          std::optional<std::string_view> bus_key);
std::optional<std::string> CheckConsistency(const v1::ConsistencyProof& proof,
                                            std::optional<std::string_view> bus_key);

// Empty when `checkpoint` is the bus's (signed by bus_key, when given) for a tree of `grootte`
// records with `root`; else what is wrong.
std::optional<std::string> CheckCheckpoint(const v1::Checkpoint& checkpoint, uint64_t grootte,
                                           std::string_view root, std::optional<std::string_view> bus_key);

}  // namespace regiotafel::audit
