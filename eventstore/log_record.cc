// The event log's record encoding: RecordHash (the hash chain of docs/LOG_FORMAT.md), and reading an
// envelope's event id and stream off the wire (ParseIds, AppendEntry::FromSigned).
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <string>
#include <string_view>
#include <utility>

#include "base/bytes.h"
#include "base/sha256.h"
#include "eventstore/event_log.h"
#include "eventstore/internal/event_log_impl.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::eventstore {

namespace internal {

bool ParseIds(std::string_view envelope, std::string_view* event_id, std::string_view* stream) {
  using google::protobuf::internal::WireFormatLite;
  constexpr uint32_t kEventIdTag =
      WireFormatLite::MakeTag(v1::Envelope::kEventIdFieldNumber, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  constexpr uint32_t kStreamTag =
      WireFormatLite::MakeTag(v1::Envelope::kStreamFieldNumber, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(envelope.data()),
                                            static_cast<int>(envelope.size()));
  *event_id = {};
  *stream = {};
  while (const uint32_t tag = in.ReadTag()) {
    if (tag == kEventIdTag || tag == kStreamTag) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) return false;
      const size_t offset = static_cast<size_t>(in.CurrentPosition());
      if (length > envelope.size() - offset) return false;
      *(tag == kEventIdTag ? event_id : stream) = envelope.substr(offset, length);
      in.Skip(static_cast<int>(length));
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return in.ConsumedEntireMessage() && in.ExpectAtEnd();
}

}  // namespace internal

std::string RecordHash(std::string_view previous_hash, const v1::LogRecord& record) {
  std::string fixed;  // position ‖ seconds ‖ nanos ‖ envelope length
  fixed.reserve(24);
  PutBigEndian64(&fixed, record.position());
  PutBigEndian64(&fixed, static_cast<uint64_t>(record.recorded_at().seconds()));
  PutBigEndian32(&fixed, static_cast<uint32_t>(record.recorded_at().nanos()));
  PutBigEndian32(&fixed, static_cast<uint32_t>(record.envelope().size()));
  std::string signature_length;
  PutBigEndian32(&signature_length, static_cast<uint32_t>(record.signature().size()));
  return Sha256()
      .Update(previous_hash)
      .Update(fixed)
      .Update(record.envelope())
      .Update(signature_length)
      .Update(record.signature())
      .Finish();
}

Status AppendEntry::FromSigned(std::string envelope, std::string signature, AppendEntry* out) {
  AppendEntry entry;
  std::string_view event_id, stream;
  if (!internal::ParseIds(envelope, &event_id, &stream)) {
    return Status::Corruption("event log: the envelope bytes do not parse as an Envelope");
  }
  entry.event_id = event_id;
  entry.stream = stream;
  entry.envelope = std::move(envelope);
  entry.signature = std::move(signature);
  *out = std::move(entry);
  return Status::Ok();
}

}  // namespace regiotafel::eventstore
