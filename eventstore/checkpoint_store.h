// CheckpointStore: the bus's signed checkpoints (eventstore/checkpoint.h) as the bus or a node keeps
// them, in a RocksDB directory of their own (docs/LOG_FORMAT.md, "Checkpoints"). No network here,
// and no judging: whoever adds a checkpoint has checked its signature and its root.
//
// One checkpoint per positie. The same statement again (same positie and root) is answered ok; a
// checkpoint at a positie that already has one with ANOTHER root is kept aside in a family of its
// own ("tegenstrijdig", evidence) and answered Conflict: a bus that signed two roots for one size
// equivocated. A node also keeps there what it refused (a root its replica does not have, a
// signature that is not the bus's): AddEvidence.
//
// Every write is synced unless the options say otherwise (the bus's own copy: see its Checkpointer).
// A failed write (a full disk) stops later writes, which answer Unavailable with its reason
// (WriteError), until Reopen() has closed and opened the store again in place.
// Thread-safe: the bus's fetch thread reads while its main thread adds.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::eventstore {

struct CheckpointStoreOptions {
  bool sync = true;  // fsync every Add and AddEvidence before it returns
};

class CheckpointStore {
 public:
  // Opens or creates the store in `dir`.
  static Status Open(const std::string& dir, std::unique_ptr<CheckpointStore>* out,
                     CheckpointStoreOptions options = {});
  // Opens it to be read only, as an auditor does: a copy of a stopped node's directory or a live
  // one (no lock taken, nothing written). `dir` is the store itself or a data directory holding it
  // in checkpoints/ (a node's or the bus's). InvalidArgument when there is none.
  static Status OpenReadOnly(const std::string& dir, std::unique_ptr<CheckpointStore>* out);
  ~CheckpointStore();
  CheckpointStore(const CheckpointStore&) = delete;
  CheckpointStore& operator=(const CheckpointStore&) = delete;

  // Ok when stored or already there with the same root (the first one stays). Conflict when
  // another root is stored at its positie: then it is kept as evidence. InvalidArgument for positie
  // 0 or a root that is not 32 bytes; Unavailable on a read-only store.
  Status Add(const v1::Checkpoint& checkpoint);
  // Keeps `checkpoint` as evidence only (not as a valid checkpoint); the same bytes twice are kept once.
  Status AddEvidence(const v1::Checkpoint& checkpoint);

  // Every valid checkpoint with positie ≥ vanaf in positie order, at most `limit` (0: all).
  Status List(std::vector<v1::Checkpoint>* out, uint64_t vanaf = 1, size_t limit = 0) const;
  // The evidence in positie order.
  Status ListEvidence(std::vector<v1::Checkpoint>* out) const;
  // The valid checkpoint at exactly `positie`; none also when it cannot be read (List says why).
  std::optional<v1::Checkpoint> At(uint64_t position) const;
  // The valid checkpoint with the highest positie ≤ `positie`; as At when it cannot be read.
  std::optional<v1::Checkpoint> LatestAtOrBefore(uint64_t position) const;
  std::optional<v1::Checkpoint> Latest() const { return LatestAtOrBefore(UINT64_MAX); }

  const std::string& dir() const { return dir_; }

  // Checkpoints newly stored by Add since the store was opened (lock-free, for /metrics).
  uint64_t AddedSinceOpen() const;

  // Ok while writes go on; after a failed write, Unavailable with its reason until a Reopen succeeds.
  Status WriteError() const;
  // After a failed write: closes the store and opens it again in place. Ok at once while writes go
  // on. Unavailable while a probe file of a few MiB cannot be written into its directory (the disk
  // is still full: the store stays stopped and readable); try again later. When the open itself
  // fails the store stays closed and reads find nothing.
  Status Reopen();
  // Writes that failed, and reopens that brought the store back, since it was opened (for /metrics).
  uint64_t WriteFailures() const { return write_failures_.load(std::memory_order_relaxed); }
  uint64_t Reopens() const { return reopens_.load(std::memory_order_relaxed); }

  // A consistent copy of the store into `dir` (must not exist) while it is in use: a RocksDB
  // checkpoint. InvalidArgument when `dir` exists.
  Status Backup(const std::string& dir) const;

 private:
  struct Rocks;
  CheckpointStore(std::string dir, std::unique_ptr<Rocks> rocks);
  static Status OpenRocks(const std::string& dir, bool sync, std::unique_ptr<Rocks>* out);
  // With reopen_mutex_ held (shared or exclusive) and rocks_ open.
  Status Get(uint64_t position, std::optional<v1::Checkpoint>* out) const;
  Status AddEvidenceOpen(const v1::Checkpoint& checkpoint);
  Status Put(int family, const std::string& key, const std::string& value, const std::string& what);

  const std::string dir_;
  // Every call holds it shared; Reopen exclusively, to replace rocks_ (null while a reopen failed).
  mutable std::shared_mutex reopen_mutex_;
  std::unique_ptr<Rocks> rocks_;
  std::atomic<uint64_t> added_{0};
  std::atomic<uint64_t> write_failures_{0};
  std::atomic<uint64_t> reopens_{0};
  mutable std::mutex error_mutex_;
  Status write_error_;  // guarded by error_mutex_; sticky until a Reopen succeeds
};

}  // namespace regiotafel::eventstore
