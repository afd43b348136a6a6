#include "services/audit/proofs.h"

#include <vector>

#include "base/bytes.h"
#include "eventstore/checkpoint.h"
#include "eventstore/event_log.h"

namespace regiotafel::audit {
namespace {

std::vector<std::string_view> Views(const google::protobuf::RepeatedPtrField<std::string>& hashes) {
  return std::vector<std::string_view>(hashes.begin(), hashes.end());
}

template <typename Hashes>
void CopyInto(const std::vector<std::string>& from, Hashes* to) {
  for (const std::string& h : from) to->Add(std::string(h));
}

}  // namespace

Status ProveInclusion(const eventstore::RecordSource& log, const merkle::Tree& tree, uint64_t position,
                      uint64_t grootte, v1::InclusionProof* out) {
  if (grootte == 0 || grootte > tree.size()) {
    return Status::InvalidArgument("de log heeft " + std::to_string(tree.size()) + " geverifieerde records",
                                   "grootte");
  }
  if (position == 0 || position > grootte) {
    return Status::InvalidArgument(
        "positie " + std::to_string(position) + " ligt niet in 1 … " + std::to_string(grootte), "positie");
  }
  out->Clear();
  // The record and its predecessor, for its chain hash.
  std::vector<v1::LogRecord> records;
  Status failed;
  Status scanned = log.Scan(position > 1 ? position - 1 : 1, [&](std::string_view, std::string_view value) {
    records.emplace_back();
    if (!records.back().ParseFromArray(value.data(), static_cast<int>(value.size())))
      failed = Status::Corruption("het record is onleesbaar");
    return failed.ok() && records.back().position() < position;
  });
  if (!scanned.ok()) return scanned;
  if (!failed.ok()) return failed;
  if (records.empty() || records.back().position() != position) {
    return Status::Corruption("record " + std::to_string(position) + " is niet te lezen");
  }
  *out->mutable_record() = records.back();
  out->set_vorige_hash(position > 1 ? records.front().hash() : std::string(32, '\0'));
  out->set_grootte(grootte);
  out->set_root(tree.RootAt(grootte));
  CopyInto(tree.PathAt(position - 1, grootte), out->mutable_pad());
  return Status::Ok();
}

Status ProveConsistency(const merkle::Tree& tree, uint64_t oud, uint64_t nieuw, v1::ConsistencyProof* out) {
  if (oud == 0 || oud > nieuw || nieuw > tree.size()) {
    return Status::InvalidArgument(
        "nodig: 1 ≤ van ≤ tot ≤ " + std::to_string(tree.size()) + " (de geverifieerde records)", "van");
  }
  out->Clear();
  out->set_oude_grootte(oud);
  out->set_oude_root(tree.RootAt(oud));
  out->set_nieuwe_grootte(nieuw);
  out->set_nieuwe_root(tree.RootAt(nieuw));
  CopyInto(tree.ConsistencyProof(oud, nieuw), out->mutable_bewijs());
  return Status::Ok();
}

std::optional<std::string> CheckCheckpoint(const v1::Checkpoint& checkpoint, uint64_t grootte,
                                           std::string_view root, std::optional<std::string_view> bus_key) {
  if (checkpoint.position() != grootte) {
    return "het controlepunt geldt voor " + std::to_string(checkpoint.position()) +
           " records, het bewijs voor " + std::to_string(grootte);
  }
  if (checkpoint.root() != root) return "het controlepunt van de bus draagt een andere root";
  if (bus_key && !eventstore::CheckpointSigned(checkpoint, *bus_key))
    return "het controlepunt is niet door de bus getekend";
  return std::nullopt;
}

std::optional<std::string> CheckInclusion(const v1::InclusionProof& proof,
                                          std::optional<std::string_view> bus_key) {
  const v1::LogRecord& record = proof.record();
  if (record.position() == 0 || record.position() > proof.grootte()) {
    return "positie " + std::to_string(record.position()) + " ligt niet in een log van " +
           std::to_string(proof.grootte()) + " records";
  }
  if (proof.vorige_hash().size() != merkle::kHashSize || proof.root().size() != merkle::kHashSize) {
    return "een hash in het bewijs is geen 32 bytes";
  }
  if (eventstore::RecordHash(proof.vorige_hash(), record) != record.hash()) {
    return "de hash van het record klopt niet met zijn inhoud";
  }
  std::optional<std::string> root = merkle::RootFromPath(record.position() - 1, proof.grootte(),
                                                         merkle::LeafHash(record.hash()), Views(proof.pad()));
  if (!root || *root != proof.root())
    return "het pad leidt niet naar de root: het record zit niet in deze log";
  if (proof.has_controlepunt())
    return CheckCheckpoint(proof.controlepunt(), proof.grootte(), proof.root(), bus_key);
  return std::nullopt;
}

std::optional<std::string> CheckConsistency(const v1::ConsistencyProof& proof,
                                            std::optional<std::string_view> bus_key) {
  if (!merkle::VerifyConsistency(proof.oude_grootte(), proof.nieuwe_grootte(), proof.oude_root(),
                                 proof.nieuwe_root(), Views(proof.bewijs()))) {
    return "het bewijs toont niet dat de log van " + std::to_string(proof.oude_grootte()) +
           " records het begin is van die van " + std::to_string(proof.nieuwe_grootte());
  }
  if (proof.has_oud_controlepunt()) {
    if (auto wrong =
            CheckCheckpoint(proof.oud_controlepunt(), proof.oude_grootte(), proof.oude_root(), bus_key))
      return "oud " + *wrong;
  }
  if (proof.has_nieuw_controlepunt()) {
    if (auto wrong =
            CheckCheckpoint(proof.nieuw_controlepunt(), proof.nieuwe_grootte(), proof.nieuwe_root(), bus_key))
      return "nieuw " + *wrong;
  }
  return std::nullopt;
}

}  // namespace regiotafel::audit
