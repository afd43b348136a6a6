#include "services/node/views/read_ahead.h"

#include <google/protobuf/arena.h>

#include <algorithm>
#include <future>
#include <memory>

namespace regiotafel::node {
namespace {

struct Chunk {
  Status status;
  std::unique_ptr<google::protobuf::Arena> arena;  // holds the envelopes
  std::vector<ParsedRecord> records;
};

Chunk ReadChunk(const eventstore::EventLog& log, uint64_t from, uint64_t until, size_t chunk,
                PersonalData* personal_data) {
  Chunk out;
  if (from > until) return out;
  std::vector<v1::LogRecord> records;
  out.status = log.Read(from, std::min<uint64_t>(chunk, until - from + 1), &records);
  if (!out.status.ok()) return out;
  out.arena = std::make_unique<google::protobuf::Arena>();
  out.records.resize(records.size());
  std::vector<uint64_t> positions;  // of the envelopes that parsed, for personal_data
  std::vector<v1::Envelope*> parsed;
  for (size_t i = 0; i < records.size(); ++i) {
    ParsedRecord& r = out.records[i];
    auto* envelope = google::protobuf::Arena::CreateMessage<v1::Envelope>(out.arena.get());
    r.position = records[i].position();
    r.parsed = envelope->ParseFromString(records[i].envelope());
    if (r.parsed) {
      positions.push_back(r.position);
      parsed.push_back(envelope);
    } else {
      envelope->Clear();
    }
    r.envelope = envelope;
  }
  if (personal_data != nullptr) {
    out.status = personal_data->RevealRange(log, positions, parsed);
    if (!out.status.ok()) out.records.clear();
  }
  return out;
}

}  // namespace

Status ReadAhead(const eventstore::EventLog& log, uint64_t from, uint64_t until, size_t chunk,
                 const std::function<bool(std::vector<ParsedRecord>&)>& fold, PersonalData* personal_data) {
  if (chunk == 0) return Status::InvalidArgument("a chunk holds at least one record", "chunk");
  Chunk current = ReadChunk(log, from, until, chunk, personal_data);
  while (current.status.ok() && !current.records.empty()) {
    const uint64_t next = current.records.back().position + 1;
    if (next > until) {  // the last chunk: nothing to read meanwhile
      fold(current.records);
      return Status::Ok();
    }
    std::future<Chunk> ahead = std::async(std::launch::async, [&log, next, until, chunk, personal_data] {
      return ReadChunk(log, next, until, chunk, personal_data);
    });
    const bool go_on = fold(current.records);
    current = ahead.get();  // also when stopping: the thread must not outlive the log reference
    if (!go_on) return Status::Ok();
  }
  return current.status;
}

}  // namespace regiotafel::node
