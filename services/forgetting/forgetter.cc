#include "services/forgetting/forgetter.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "contract/streams.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::forgetting {
namespace {

constexpr size_t kChunk = 4096;

// The positions of the records of `stream` up to `until`.
Status PositionsOf(const eventstore::EventLog& log, const std::string& stream, uint64_t until,
                   std::vector<uint64_t>* positions) {
  std::vector<v1::LogRecord> records;
  for (uint64_t version = 1;; version += records.size()) {
    records.clear();
    if (Status s = log.ReadStream(stream, version, kChunk, &records); !s.ok()) return s;
    for (const v1::LogRecord& record : records) {
      if (record.position() > until) return Status::Ok();
      positions->push_back(record.position());
    }
    if (records.size() < kChunk) return Status::Ok();
  }
}

}  // namespace

Forgetter::Forgetter(eventstore::EventLog& log, eventstore::Outbox* outbox, WaitForPosition wait)
    : log_(log), outbox_(outbox), wait_(std::move(wait)) {}

Forgetter::~Forgetter() { Stop(); }

Status Forgetter::CatchUp() {
  const uint64_t head = log_.Head().position;
  std::vector<v1::LogRecord> records;
  for (uint64_t from = log_.ErasureCursor() + 1; from <= head; from += records.size()) {
    records.clear();
    if (Status s = log_.Read(from, std::min<uint64_t>(kChunk, head - from + 1), &records); !s.ok()) return s;
    if (records.empty()) break;
    // Every dossier forgotten in this chunk, erased in one go: a bulk `vergeet --bestand` costs one
    // compaction per chunk, not one per dossier.
    std::vector<uint64_t> erase;
    size_t dossiers = 0;
    for (const v1::LogRecord& record : records) {
      v1::Envelope envelope;
      if (!envelope.ParseFromString(record.envelope()) || !envelope.has_dossier_vergeten()) continue;
      if (Status s = PositionsOf(log_, contract::StreamOf(envelope), record.position(), &erase); !s.ok())
        return s;
      ++dossiers;
      spdlog::info("vergeten: dossier {} (event {}, positie {})", envelope.dossier_vergeten().v_nummer(),
                   envelope.event_id(), record.position());
    }
    if (!erase.empty()) {
      std::sort(erase.begin(), erase.end());
      erase.erase(std::unique(erase.begin(), erase.end()), erase.end());
      if (Status s = log_.EraseParts(erase); !s.ok()) return s;
      if (outbox_ != nullptr) {
        if (Status s = outbox_->Purge(); !s.ok()) return s;
      }
      spdlog::info("vergeten: de persoonsgegevens van {} records van {} dossiers gewist", erase.size(),
                   dossiers);
    }
    if (Status s = log_.SetErasureCursor(records.back().position()); !s.ok()) return s;
  }
  return Status::Ok();
}

void Forgetter::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void Forgetter::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Forgetter::Notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_all();
}

void Forgetter::Run() {
  for (;;) {
    if (Status s = CatchUp(); !s.ok()) {
      spdlog::error("vergeten: {}; over een minuut opnieuw", s.ToString());
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, std::chrono::minutes(1), [this] { return stop_; })) return;
      continue;
    }
    const uint64_t next = log_.ErasureCursor() + 1;
    if (wait_) {
      // A bounded wait, so that Stop() is seen; an error above is tried again after it.
      wait_(next, Clock::now() + std::chrono::seconds(1));
      std::lock_guard lock(mutex_);
      if (stop_) return;
    } else {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return notified_ || stop_; });
      if (stop_) return;
      notified_ = false;
    }
  }
}

}  // namespace regiotafel::forgetting
