// Outbox: a node's durable queue of its own envelopes until the bus has decided on each.
//
// Add() assigns the next origin sequence number (1, 2, 3…), serializes and seals (signs) the
// envelope, and stores it synced before returning, so "accepted" to a person means it survives a
// crash. A sender takes Pending() in order and records the bus's answer with MarkCommitted or
// MarkRejected. Everything survives a restart. Thread-safe.
//
// An envelope may come with its sealed parts ("delen": its personal data, opaque bytes here). They
// are kept only until the bus has decided: a decision drops them, and Purge() removes their bytes
// from the outbox's files.
//
// A failed write (a full disk) stops every later write, because the state on disk is then unknown:
// they answer Unavailable with the reason (WriteError) until Reopen() has closed and opened the
// outbox again in place, which reads that state back from disk. Reads go on from memory meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::eventstore {

class Outbox {
 public:
  // Returns the signature over the serialized envelope bytes.
  using Sealer = std::function<std::string(std::string_view envelope_bytes)>;

  static Status Open(const std::string& dir, std::unique_ptr<Outbox>* out);

  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;
  ~Outbox();

  // One envelope for AddAll, with its sealed parts (OutboxEntry.delen; may be empty).
  struct Item {
    v1::Envelope envelope;
    std::vector<std::string> delen;
  };

  // Sets envelope.origin_seq to the next number, serializes, seals and stores it with `delen`. When
  // the event id is already in the outbox with the same payload, answers the stored entry
  // (idempotent; `delen` are not compared, being sealed afresh each time, and the stored ones stay);
  // with another payload, Conflict. `stored` receives the entry as stored.
  Status Add(v1::Envelope envelope, std::vector<std::string> delen, const Sealer& seal,
             v1::OutboxEntry* stored);

  // Add for many envelopes, in order, in ONE synced write (a file's lines, an import's rows): each
  // gets its own Status in `results` and, when ok, its entry in `stored` (both as long as
  // `items`). An event id already in the outbox, or earlier in `items`, answers that entry
  // with the same payload and Conflict with another, as Add. The new ones get consecutive
  // origin_seqs. A non-ok return means the write failed and none of them was added.
  Status AddAll(std::vector<Item> items, const Sealer& seal, std::vector<v1::OutboxEntry>* stored,
                std::vector<Status>* results);

  // Up to `max` pending entries, oldest (lowest origin_seq) first.
  std::vector<v1::OutboxEntry> Pending(size_t max) const;
  size_t PendingCount() const;

  // Records the bus's decision, and drops the entry's delen. NotFound for an unknown id; a second,
  // equal decision is ok; a different decision for an entry already decided is Conflict.
  Status MarkCommitted(std::string_view event_id, uint64_t position);
  Status MarkRejected(std::string_view event_id, std::string_view error);

  // One decision of the bus, for MarkDecided.
  struct Decision {
    std::string event_id;
    v1::OutboxEntry::State state = v1::OutboxEntry::STATE_UNSPECIFIED;  // COMMITTED or REJECTED
    uint64_t position = 0;                                              // when COMMITTED
    std::string error;                                                  // when REJECTED
  };
  // Records many decisions (a sender's whole SubmitReply) in ONE synced write instead of one each.
  // Every decision is checked as MarkCommitted/MarkRejected check it and gets its own Status in
  // `results` (NotFound, Conflict, InvalidArgument, or ok); the ok ones are written together. A
  // non-ok return means the write failed and none of them was recorded.
  Status MarkDecided(const std::vector<Decision>& decisions, std::vector<Status>* results);

  // Makes the bytes of the delen that decisions dropped leave the outbox's files: flushes its
  // memtable (the write-ahead log that held them is deleted) and rewrites its table files. Blocks
  // for as long as that takes (the outbox is small); copies made earlier by Backup keep theirs.
  Status Purge();

  // The entry for an event id; NotFound when this outbox never had it.
  Status Get(std::string_view event_id, v1::OutboxEntry* out) const;

  uint64_t LastOriginSeq() const;

  // Decisions recorded since this outbox was opened (a repeated, equal decision not counted again);
  // lock-free, for /metrics.
  uint64_t CommittedSinceOpen() const;
  uint64_t RejectedSinceOpen() const;

  // Ok while writes go on; after a failed write, Unavailable with its reason (no entry's content)
  // until a Reopen succeeds.
  Status WriteError() const;
  // After a failed write: closes the outbox and opens it again in place (RocksDB replays what reached
  // its write-ahead log), so the pending entries and the last origin_seq are what the disk holds.
  // Ok at once while writes go on. Unavailable while a probe file of a few MiB cannot be written
  // into its directory (the disk is still full: the outbox stays stopped and readable); try again
  // later. When the open itself fails the outbox stays stopped and Get answers Unavailable.
  Status Reopen();
  // Writes that failed, and reopens that brought the outbox back, since it was opened (for /metrics).
  uint64_t WriteFailures() const;
  uint64_t Reopens() const;

  // A consistent copy of the outbox as it is now into `dir` (must not exist), while it is in use:
  // a consistent copy of the open database (internal/rocks_backup.h). InvalidArgument when `dir` exists.
  Status Backup(const std::string& dir) const;

 private:
  class Impl;
  explicit Outbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace regiotafel::eventstore
