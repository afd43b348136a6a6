// Helper process for outbox_test. Two modes:
//
//   outbox_child add <dir> <secret key hex> <count>
//     Adds `count` envelopes and prints the event id of each Add that returned ok, one line per
//     write(2), until done or killed.
//   outbox_child write-error <dir> <secret key hex>
//     Adds one envelope, then limits the process's file size (RLIMIT_FSIZE) so that the next, large
//     envelope's WAL write fails with EFBIG, a real I/O error from the kernel. Prints what the
//     outbox answers afterwards as "<what> <value>" lines; then, with no file allowed to grow (a
//     full disk), and again with the limit raised (room again), what Reopen answers. A process of
//     its own because the limit would hit every other test too.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "eventstore/outbox.h"

namespace regiotafel {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "outbox_child: %s\n", message.c_str());
  return 1;
}

// The whole line in one write(2): a pipe write under PIPE_BUF bytes is atomic, so the parent never
// reads half a line.
bool WriteLine(const std::string& text) {
  std::string line = text + "\n";
  return write(STDOUT_FILENO, line.data(), line.size()) == static_cast<ssize_t>(line.size());
}

v1::Envelope Uitstroom(long i, size_t padding = 0) {
  v1::Envelope envelope;
  envelope.set_event_id(NewUuid());
  envelope.set_origin("coa:coa");
  envelope.set_stream("dossier/V" + std::to_string(i));
  envelope.mutable_uitstroom()->set_datum("2025-03-01");
  envelope.mutable_uitstroom()->set_v_nummer("V" + std::to_string(i) + std::string(padding, '0'));
  envelope.mutable_uitstroom()->set_personen(2);
  return envelope;
}

const char* CodeName(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kIOError:
      return "io_error";
    case Status::Code::kUnavailable:
      return "unavailable";
    default:
      return "other";
  }
}

int AddUntilKilled(eventstore::Outbox& outbox, const eventstore::Outbox::Sealer& seal, long count) {
  for (long i = 0; i < count; ++i) {
    v1::OutboxEntry stored;
    if (Status s = outbox.Add(Uitstroom(i), {}, seal, &stored); !s.ok()) return Fail(s.ToString());
    if (!WriteLine(stored.event_id())) return Fail("stdout closed");
  }
  return 0;
}

int WriteError(const std::string& dir, eventstore::Outbox& outbox, const eventstore::Outbox::Sealer& seal) {
  v1::OutboxEntry first;
  if (Status s = outbox.Add(Uitstroom(1), {}, seal, &first); !s.ok()) return Fail(s.ToString());
  // The limit lies 16 KiB past the largest file (RocksDB's info LOG, which must keep working), and
  // the next envelope is 64 KiB, so only its WAL write crosses it.
  uintmax_t largest = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.is_regular_file()) largest = std::max(largest, file.file_size());
  }
  signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails with EFBIG instead of killing us
  rlimit original{};
  if (getrlimit(RLIMIT_FSIZE, &original) != 0) return Fail("getrlimit failed");
  rlimit limit{largest + 16 * 1024, original.rlim_max};  // the hard limit stays: raised again below
  if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return Fail("setrlimit failed");

  v1::OutboxEntry ignored;
  Status failed = outbox.Add(Uitstroom(2, 64 * 1024), {}, seal, &ignored);
  WriteLine(std::string("failed_add ") + CodeName(failed));
  WriteLine("last_origin_seq " + std::to_string(outbox.LastOriginSeq()));
  WriteLine("pending " + std::to_string(outbox.PendingCount()));
  WriteLine(std::string("next_add ") + CodeName(outbox.Add(Uitstroom(3), {}, seal, &ignored)));
  WriteLine(std::string("mark ") + CodeName(outbox.MarkCommitted(first.event_id(), 1)));
  WriteLine("pending_after_mark " + std::to_string(outbox.PendingCount()));
  WriteLine(std::string("write_error ") + CodeName(outbox.WriteError()));

  // The disk full: no file may grow, so reopening cannot work either; the outbox stays stopped.
  rlimit full{1, original.rlim_max};
  if (setrlimit(RLIMIT_FSIZE, &full) != 0) return Fail("setrlimit failed");
  WriteLine(std::string("reopen_full ") + (outbox.Reopen().ok() ? "ok" : "failed"));
  WriteLine(std::string("write_error_full ") + CodeName(outbox.WriteError()));
  WriteLine(std::string("get_full ") + CodeName(outbox.Get(first.event_id(), &ignored)));
  WriteLine("pending_full " + std::to_string(outbox.PendingCount()));
  WriteLine(std::string("add_full ") + CodeName(outbox.Add(Uitstroom(4), {}, seal, &ignored)));

  // Room again: Reopen reads the state back from disk, and writes go on.
  if (setrlimit(RLIMIT_FSIZE, &original) != 0) return Fail("setrlimit failed");
  WriteLine(std::string("reopen ") + CodeName(outbox.Reopen()));
  WriteLine(std::string("write_error_after ") + CodeName(outbox.WriteError()));
  WriteLine("pending_after " + std::to_string(outbox.PendingCount()));
  WriteLine(std::string("add_after ") + CodeName(outbox.Add(Uitstroom(5), {}, seal, &ignored)));
  WriteLine("origin_seq_after " + std::to_string(ignored.origin_seq()));
  WriteLine(std::string("mark_after ") + CodeName(outbox.MarkCommitted(first.event_id(), 1)));
  WriteLine("counts " + std::to_string(outbox.WriteFailures()) + "/" + std::to_string(outbox.Reopens()));
  return 0;
}

}  // namespace
}  // namespace regiotafel

int main(int argc, char** argv) {
  using namespace regiotafel;
  const std::string mode = argc > 1 ? argv[1] : "";
  if (!((mode == "add" && argc == 5) || (mode == "write-error" && argc == 4))) {
    return Fail(
        "usage: outbox_child add <dir> <secret key hex> <count> | write-error <dir> <secret key hex>");
  }
  auto secret = FromHex(argv[3]);
  std::optional<SigningKey> key = secret ? SigningKey::FromSecret(*secret) : std::nullopt;
  if (!key) return Fail("the secret key is not 64 bytes of hex");
  auto seal = [&](std::string_view bytes) { return key->Sign(bytes); };

  std::unique_ptr<eventstore::Outbox> outbox;
  if (Status s = eventstore::Outbox::Open(argv[2], &outbox); !s.ok()) return Fail(s.ToString());
  if (mode == "add") return AddUntilKilled(*outbox, seal, std::strtol(argv[4], nullptr, 10));
  return WriteError(argv[2], *outbox, seal);
}
