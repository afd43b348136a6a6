// Helpers for the view and audit tests: a real EventLog in a temporary directory that is appended to
// as the bus and follower would (event id, stream, origin sequence, a stand-in signature) and that
// signals its new head like ReplicaFollower::WaitForPosition; and a varied region of events to fold.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/uuid.h"
#include "contract/json.h"
#include "contract/streams.h"
#include "eventstore/event_log.h"
#include "projections/projection.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_events.h"

namespace regiotafel::views_testing {

using Clock = std::chrono::steady_clock;
using testing::TempDir;

class TestReplica {
 public:
  // Opens (creates) the log in `dir`; fails the test when it cannot.
  explicit TestReplica(const std::string& dir) {
    Status s = eventstore::EventLog::Open(dir, eventstore::EventLogOptions{.sync = false}, &log_);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }

  const eventstore::EventLog& log() const { return *log_; }
  uint64_t head() const { return log_->Head().position; }

  // Appends the envelopes in order and wakes the waiters; returns the new head.
  uint64_t Append(const std::vector<v1::Envelope>& envelopes) {
    std::vector<eventstore::AppendEntry> batch;
    for (v1::Envelope e : envelopes) {
      e.set_event_id(NewUuid());
      e.set_stream(contract::StreamOf(e));
      e.set_origin_seq(++origin_seq_[e.origin()]);
      e.mutable_occurred_at()->set_seconds(1'767'225'600);
      std::string bytes = e.SerializeAsString();
      eventstore::AppendEntry entry;
      Status s = eventstore::AppendEntry::FromSigned(std::move(bytes), std::string(64, 's'), &entry);
      EXPECT_TRUE(s.ok()) << s.ToString();
      batch.push_back(std::move(entry));
    }
    std::vector<eventstore::AppendResult> results;
    Status s = log_->Append(std::move(batch), &results);
    EXPECT_TRUE(s.ok()) << s.ToString();
    for (const auto& r : results) EXPECT_TRUE(r.status.ok()) << r.status.ToString();
    { std::lock_guard lock(mutex_); }
    advanced_.notify_all();
    return head();
  }

  // As ReplicaFollower::WaitForPosition: true once the head is at `position`; false at `deadline`.
  bool WaitForPosition(uint64_t position, Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return advanced_.wait_until(lock, deadline, [&] { return head() >= position; });
  }

  // A Projection that applied records 1..`positie` of this log afresh.
  projections::Projection Fold(uint64_t position, const projections::Drempels& drempels = {}) const {
    projections::Projection projection(drempels);
    std::vector<v1::LogRecord> records;
    Status s = log_->Read(1, position, &records);
    EXPECT_TRUE(s.ok()) << s.ToString();
    for (const v1::LogRecord& r : records) {
      if (r.position() > position) break;
      Status applied = projection.Apply(r);
      EXPECT_TRUE(applied.ok()) << applied.ToString();
    }
    return projection;
  }

 private:
  std::unique_ptr<eventstore::EventLog> log_;
  std::map<std::string, uint64_t> origin_seq_;
  std::mutex mutex_;
  std::condition_variable advanced_;
};

// `households` households through the whole process, dated from January 2026 on, with taakstelling,
// a woning each, corporatie figures and a few signals; every household adds about ten events.
inline std::vector<v1::Envelope> Region(int households, int first = 0) {
  using namespace projections::testing;
  std::vector<v1::Envelope> out;
  out.push_back(Taakstelling("2026-01-02", kDordrecht, "2026-H1", 20));
  out.push_back(Taakstelling("2026-01-02", kZwijndrecht, "2026-H1", 10, -3));
  out.push_back(CorporatieAfspraak("2026-01-02", kTrivire, "2026-H1", 12));
  out.push_back(VrijgekomenWoningen("2026-01-03", kTrivire, kDordrecht, "2026-H1", 40));
  for (int i = first; i < first + households; ++i) {
    char v[16];
    std::snprintf(v, sizeof v, "30%08d", i);
    const std::string gemeente = i % 3 == 0 ? kZwijndrecht : kDordrecht;
    const std::string woning = "W-" + std::to_string(i);
    const auto day = [&](int offset) { return FormatDate(*ParseDate("2026-01-05") + (i % 40) + offset); };
    out.push_back(Aanmelding(day(0), v, gemeente, i % 3, i % 2));
    if (i % 5 == 4) continue;  // stays GEKOPPELD
    out.push_back(
        WoningAangeboden(day(5), woning, kTrivire, i % 4 == 0 ? kZwijndrecht : gemeente, 3, day(10)));
    out.push_back(Reservering(day(20), v, woning, kTrivire, 1 + i % 3));
    if (i % 7 == 6) continue;  // stays GERESERVEERD
    out.push_back(Huurcontract(day(30), v, woning, kTrivire, day(35), 1 + i % 3));
    out.push_back(Uitstroom(day(36), v, 1 + i % 3));
    if (i % 4 != 1) out.push_back(BrpInschrijving(day(40), v, gemeente));
    out.push_back(BegeleidingFase(day(41), v, v1::BegeleidingFase::PRE_VESTIGING));
    if (i % 6 == 2) out.push_back(Signaal(day(50), v, "s" + std::to_string(i)));
    if (i % 9 == 3) out.push_back(DossierGesloten(day(60), v));
  }
  return out;
}

}  // namespace regiotafel::views_testing
