// regiotafel-log: one organisation's events into a local regional log, without the bus.
//
//   regiotafel-log append --data DIR --origin ORG FILE.jsonl   validate, sign, outbox, append
//   regiotafel-log cat    --data DIR [--from N] [--max N] [--json]
//   regiotafel-log head   --data DIR
//
// DIR holds log/ (the EventLog), outbox/<org>/ (each origin's Outbox) and keys/<org>.ed25519.
// `append` makes what is missing; `cat` and `head` only read (eventstore::LogCopy): they create and
// write nothing, and refuse a DIR without a log (exit 1) rather than show an empty one.
#include <google/protobuf/util/time_util.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/bytes.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "contract/identifiers.h"
#include "contract/json.h"
#include "contract/streams.h"
#include "contract/validate.h"
#include "eventstore/event_log.h"
#include "eventstore/log_copy.h"
#include "eventstore/outbox.h"

namespace regiotafel {
namespace {

namespace fs = std::filesystem;
using google::protobuf::util::TimeUtil;

int Fail(const Status& status) {
  std::cerr << "fout: " << status.ToString() << "\n";
  return 1;
}

std::string SlugFile(std::string_view org) {
  std::string name(org);
  std::replace(name.begin(), name.end(), ':', '_');
  return name;
}

// The origin's signing key, made on first use.
Status LoadOrCreateKey(const fs::path& dir, std::string_view org, std::optional<SigningKey>* key) {
  fs::create_directories(dir);
  fs::path file = dir / (SlugFile(org) + ".ed25519");
  if (fs::exists(file)) {
    std::ifstream in(file, std::ios::binary);
    std::string hex((std::istreambuf_iterator<char>(in)), {});
    auto secret = FromHex(hex.substr(0, hex.find_last_not_of("\n") + 1));
    *key = secret ? SigningKey::FromSecret(*secret) : std::nullopt;
    return *key ? Status::Ok() : Status::Corruption("sleutelbestand " + file.string() + " is onleesbaar");
  }
  *key = SigningKey::Generate();
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << ToHex((*key)->secret_key()) << "\n";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  return out ? Status::Ok() : Status::IOError("kan " + file.string() + " niet schrijven");
}

Status OpenLog(const std::string& data, std::unique_ptr<eventstore::EventLog>* log) {
  std::error_code ignored;  // Open says what is wrong with the directory, if anything
  fs::create_directories(data, ignored);
  return eventstore::EventLog::Open((fs::path(data) / "log").string(), {}, log);
}

// The log in DIR/log, opened only to be read. A wrong --data must not read as an empty log.
Status OpenLogToRead(const std::string& data, std::unique_ptr<eventstore::LogCopy>* log) {
  const fs::path dir = fs::path(data) / "log";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("in " + data + " staat geen log: " + dir.string() +
                            " bestaat niet (klopt --data?)");
  }
  Status s = eventstore::LogCopy::Open(dir.string(), log);
  if (s.IsInvalidArgument()) {
    return Status::NotFound("in " + dir.string() + " staat geen log (klopt --data?)");
  }
  return s;
}

// Submits every pending outbox entry to the log, as the bus would, and records the answers.
Status Drain(eventstore::Outbox& outbox, eventstore::EventLog& log) {
  for (;;) {
    std::vector<v1::OutboxEntry> pending = outbox.Pending(1000);
    if (pending.empty()) return Status::Ok();
    std::vector<eventstore::AppendEntry> batch(pending.size());
    for (size_t i = 0; i < pending.size(); ++i) {
      Status s =
          eventstore::AppendEntry::FromSigned(pending[i].envelope(), pending[i].signature(), &batch[i]);
      if (!s.ok()) return s;
    }
    std::vector<eventstore::AppendResult> results;
    if (Status s = log.Append(std::move(batch), &results); !s.ok()) return s;
    for (size_t i = 0; i < pending.size(); ++i) {
      Status s = results[i].status.ok()
                     ? outbox.MarkCommitted(pending[i].event_id(), results[i].position)
                     : outbox.MarkRejected(pending[i].event_id(), results[i].status.message());
      if (!s.ok()) return s;
    }
  }
}

int Append(const std::string& data, const std::string& origin, const std::string& file) {
  if (!contract::ParseOrgId(origin)) {
    return Fail(
        Status::InvalidArgument("onbekende organisatie-id \"" + origin + "\" (vorm: soort:naam)", "origin"));
  }
  std::ifstream in(file);
  if (!in) return Fail(Status::NotFound("kan " + file + " niet openen"));
  std::optional<SigningKey> key;
  std::unique_ptr<eventstore::Outbox> outbox;
  std::unique_ptr<eventstore::EventLog> log;
  if (Status s = LoadOrCreateKey(fs::path(data) / "keys", origin, &key); !s.ok()) return Fail(s);
  std::error_code ignored;  // Open says what is wrong with the directory, if anything
  fs::create_directories(fs::path(data) / "outbox", ignored);
  if (Status s = eventstore::Outbox::Open((fs::path(data) / "outbox" / SlugFile(origin)).string(), &outbox);
      !s.ok())
    return Fail(s);
  if (Status s = OpenLog(data, &log); !s.ok()) return Fail(s);

  auto seal = [&key](std::string_view bytes) { return key->Sign(bytes); };
  int line_number = 0, accepted = 0, refused = 0;
  std::vector<std::string> event_ids;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    v1::Envelope envelope;
    Status s = contract::EnvelopeFromBody(line, &envelope);
    if (s.ok()) {
      if (envelope.event_id().empty()) envelope.set_event_id(NewUuid());
      envelope.set_origin(origin);
      envelope.set_origin_seq(outbox->LastOriginSeq() + 1);  // the outbox assigns the final number
      envelope.set_stream(contract::StreamOf(envelope));
      *envelope.mutable_occurred_at() = TimeUtil::GetCurrentTime();
      s = contract::Validate(envelope);
    }
    v1::OutboxEntry entry;
    if (s.ok()) s = outbox->Add(envelope, /*delen=*/{}, seal, &entry);
    if (!s.ok()) {
      ++refused;
      std::cerr << file << ":" << line_number
                << ": geweigerd: " << (s.field().empty() ? "" : s.field() + ": ") << s.message() << "\n";
      continue;
    }
    ++accepted;
    event_ids.push_back(entry.event_id());
  }
  if (Status s = Drain(*outbox, *log); !s.ok()) return Fail(s);
  for (const std::string& id : event_ids) {
    v1::OutboxEntry entry;
    if (outbox->Get(id, &entry).ok() && entry.state() == v1::OutboxEntry::REJECTED) {
      ++refused;
      --accepted;
      std::cerr << file << ": " << id << ": geweigerd door de log: " << entry.error() << "\n";
    }
  }
  eventstore::LogHead head = log->Head();
  std::cout << origin << ": " << accepted << " vastgelegd, " << refused << " geweigerd; log tot positie "
            << head.position << "\n";
  return refused == 0 ? 0 : 2;
}

int Cat(const std::string& data, uint64_t from, size_t max, bool json) {
  std::unique_ptr<eventstore::LogCopy> log;
  if (Status s = OpenLogToRead(data, &log); !s.ok()) return Fail(s);
  std::vector<v1::LogRecord> records;
  bool readable = true;
  Status scanned = log->Scan(from, [&](std::string_view, std::string_view value) {
    if (records.size() >= max) return false;
    readable = records.emplace_back().ParseFromArray(value.data(), static_cast<int>(value.size()));
    return readable;
  });
  if (!scanned.ok()) return Fail(scanned);
  if (!readable) return Fail(Status::Corruption("onleesbaar record na positie " + std::to_string(from)));
  for (const v1::LogRecord& record : records) {
    v1::Envelope envelope;
    if (!envelope.ParseFromString(record.envelope())) return Fail(Status::Corruption("onleesbare envelope"));
    if (json) {
      std::cout << "{\"position\":" << record.position() << ",\"recorded_at\":\""
                << TimeUtil::ToString(record.recorded_at()) << "\",\"hash\":\"" << ToHex(record.hash())
                << "\",\"envelope\":" << contract::ToJson(envelope) << "}\n";
    } else {
      std::cout << record.position() << "  " << TimeUtil::ToString(record.recorded_at()) << "  "
                << ToHex(record.hash()).substr(0, 12) << "  " << envelope.origin() << "  "
                << envelope.stream() << "  " << contract::PayloadName(envelope.payload_case()) << "\n";
    }
  }
  return 0;
}

int Head(const std::string& data) {
  std::unique_ptr<eventstore::LogCopy> log;
  if (Status s = OpenLogToRead(data, &log); !s.ok()) return Fail(s);
  eventstore::LogHead head;
  if (Status s = log->ClaimedHead(&head); !s.ok()) return Fail(s);
  std::cout << "{\"position\": " << head.position << ", \"hash\": \"" << ToHex(head.hash) << "\"}\n";
  return 0;
}

}  // namespace
}  // namespace regiotafel

int main(int argc, char** argv) {
  CLI::App app{"regiotafel-log: a local regional log without a bus"};
  app.require_subcommand(1);
  std::string data, origin, file;
  uint64_t from = 1;
  size_t max = 1000;
  bool json = false;

  auto* append =
      app.add_subcommand("append", "validate, sign and append a file of event bodies (JSON lines)");
  append->add_option("--data", data, "data directory")->required();
  append->add_option("--origin", origin, "organisation id, e.g. coa:coa")->required();
  append->add_option("file", file, "JSON lines, one POST /api/v1/events body per line")->required();
  auto* cat = app.add_subcommand("cat", "list records");
  cat->add_option("--data", data, "data directory")->required();
  cat->add_option("--from", from, "first position")->check(CLI::PositiveNumber);
  cat->add_option("--max", max, "at most this many records");
  cat->add_flag("--json", json, "one JSON object per record");
  auto* head = app.add_subcommand("head", "position and hash of the last record");
  head->add_option("--data", data, "data directory")->required();

  CLI11_PARSE(app, argc, argv);
  if (*append) return regiotafel::Append(data, origin, file);
  if (*cat) return regiotafel::Cat(data, from, max, json);
  return regiotafel::Head(data);
}
