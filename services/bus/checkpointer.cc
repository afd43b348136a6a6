#include "services/bus/checkpointer.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "base/bytes.h"
#include "eventstore/checkpoint.h"

namespace regiotafel::bus {
namespace {

constexpr size_t kRebuildChunk = 10'000;
constexpr uint64_t kRebuildReport = 250'000;  // a progress line every so many records

}  // namespace

Status Checkpointer::Open(const std::string& dir, SigningKey key, CheckpointerOptions options,
                          const eventstore::EventLog& log, std::unique_ptr<Checkpointer>* out) {
  // Not synced (docs/BUS.md, "The bus", step 3, has what an fsync here cost): a checkpoint only ever
  // covers records already synced in the log, so one lost with the machine is no loss: the nodes keep
  // theirs, and the bus signs the same root again if it must.
  std::unique_ptr<eventstore::CheckpointStore> store;
  if (Status s = eventstore::CheckpointStore::Open(dir, &store, {.sync = false}); !s.ok()) return s;
  std::unique_ptr<Checkpointer> checkpointer(new Checkpointer(std::move(key), options, std::move(store)));
  if (Status s = checkpointer->Rebuild(log); !s.ok()) return s;
  *out = std::move(checkpointer);
  return Status::Ok();
}

Checkpointer::Checkpointer(SigningKey key, CheckpointerOptions options,
                           std::unique_ptr<eventstore::CheckpointStore> store)
    : key_(std::move(key)), options_(options), store_(std::move(store)) {}

Status Checkpointer::Rebuild(const eventstore::EventLog& log) {
  const uint64_t head = log.Head().position;
  // The last checkpoint this bus signed before it stopped: the log must still have its root.
  const std::optional<v1::Checkpoint> latest = store_->Latest();
  if (latest && latest->position() > head) {
    spdlog::critical(
        "checkpoints: the bus signed a checkpoint at positie {}, but its log ends at {}: the log lost "
        "records it had (restored from an older copy?); the nodes will refuse what follows",
        latest->position(), head);
  }
  if (head >= kRebuildReport) spdlog::info("checkpoints: rebuilding the Merkle tree over {} records", head);
  while (range_.size() < head) {
    std::vector<v1::LogRecord> records;
    if (Status s = log.Read(range_.size() + 1, kRebuildChunk, &records); !s.ok()) return s;
    if (records.empty())
      return Status::Corruption("checkpoints: the log has no record at " + std::to_string(range_.size() + 1));
    for (const v1::LogRecord& record : records) {
      Append(record);
      if (latest && range_.size() == latest->position() && range_.Root() != latest->root()) {
        spdlog::critical(
            "checkpoints: the log's root at positie {} is {}, the bus signed {} there: the log was "
            "rewritten after that checkpoint",
            latest->position(), ToHex(range_.Root()), ToHex(latest->root()));
      }
      if (range_.size() % kRebuildReport == 0) {
        spdlog::info("checkpoints: Merkle tree at positie {} of {}", range_.size(), head);
      }
    }
  }
  last_position_ = latest ? std::min(latest->position(), head) : 0;
  return Status::Ok();
}

void Checkpointer::Append(const v1::LogRecord& record) { range_.Append(merkle::LeafHash(record.hash())); }

Checkpointer::Clock::time_point Checkpointer::TimeDue() const {
  return range_.size() > last_position_ ? last_at_ + options_.interval : Clock::time_point::max();
}

std::optional<v1::Checkpoint> Checkpointer::IfDue(Clock::time_point now) {
  const uint64_t position = range_.size();
  if (position <= last_position_) return std::nullopt;
  if (position % options_.elke != 0 && now < last_at_ + options_.interval) return std::nullopt;
  v1::Checkpoint checkpoint = eventstore::SignCheckpoint(key_, position, range_.Root(),
                                                         google::protobuf::util::TimeUtil::GetCurrentTime());
  if (Status s = store_->Add(checkpoint); !s.ok()) {
    spdlog::error("checkpoints: storing the checkpoint at positie {}: {}", position, s.ToString());
  }
  last_position_ = position;
  last_at_ = now;
  return checkpoint;
}

}  // namespace regiotafel::bus
