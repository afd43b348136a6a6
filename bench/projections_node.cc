// projections_bench's node (projections_bench.h): a regiotafel-node process that catches the log up
// from a bus in the bench's process, its memory as it goes, and its answers over HTTP.
#include <httplib.h>

#include <cctype>
#include <memory>
#include <random>
#include <regex>
#include <thread>

#include "base/date.h"
#include "bench/child_process.h"
#include "bench/die.h"
#include "bench/local_bus.h"
#include "bench/node_process.h"
#include "bench/projections_bench.h"

namespace regiotafel::bench {

NodeResult MeasureNode(const Config& config, const std::string& bus_dir, const Workload& w) {
  NodeResult result;
  LocalBus bus(LocalBus::Loopback(bus_dir));
  const auto begin = Clock::now();
  auto node = std::make_unique<NodeProcess>(config.data_dir + "/node", "gemeente:dordrecht", *bus);
  const pid_t pid = node->pid();
  const std::string& log = node->log();
  httplib::Client client("127.0.0.1", node->port());
  client.set_keep_alive(true);
  client.set_read_timeout(300, 0);
  const std::string head = std::to_string(w.events);
  auto get = [&](const std::string& path, std::string* body = nullptr) {
    auto response = client.Get(path);
    if (!response) return -1;
    if (body != nullptr) *body = response->body;
    return response->status;
  };

  // Caught up: the replica at the head…
  const std::regex position(R"("position"\s*:\s*(\d+))");
  for (;;) {
    std::string body;
    if (get("/api/v1/log/head", &body) == 200) {
      std::smatch m;
      if (std::regex_search(body, m, position) && std::stoull(m[1]) >= w.events) break;
    }
    if (SecondsSince(begin) > kPatience.count()) Die("the node's replica did not catch up:\n" + ReadLog(log));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling another process's progress
  }
  result.catchup_seconds = SecondsSince(begin);
  // … and the views applied up to it: a dossier at positie = head waits for that (and costs a
  // single-dossier fold, no region view).
  const std::string peildatum = FormatDate(w.last_day);
  const std::string dossier_path =
      "/api/v1/dossiers/" + w.v_nummers.front() + "?positie=" + head + "&peildatum=" + peildatum;
  for (int status = 0; status != 200;) {
    status = get(dossier_path);
    if (status != 200 && status != 503) Die("GET " + dossier_path + ": " + std::to_string(status));
    if (SecondsSince(begin) > kPatience.count()) Die("the node's views did not catch up:\n" + ReadLog(log));
  }
  result.views_seconds = SecondsSince(begin);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the follower and views go idle
  result.caught_up = ReadMemory(pid);

  // Region views over HTTP. Six new peildatums, one view each: every one computes its view (ViewHost
  // keeps what fits its budget). Then each view again at the last of them (cached, after one
  // unmeasured request that makes its JSON), and single dossiers.
  auto path_of = [&](const std::string& view, int32_t day) {
    std::string lower = view;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "/api/v1/" + lower + "?positie=" + head + "&peildatum=" + FormatDate(day);
  };
  int32_t day = w.last_day;
  for (size_t k = 0; k < kViews.size(); ++k) {
    day = w.last_day - 30 * static_cast<int32_t>(k);
    const auto t = Clock::now();
    if (get(path_of(kViews[k], day)) != 200) Die("GET " + path_of(kViews[k], day) + " failed");
    result.cold_ms.push_back(MsSince(t));
    if (k == 0) result.one_view = SettledMemory(pid);
    if (k == 3) result.full_cache = SettledMemory(pid);
  }
  for (const std::string& view : kViews) {
    if (get(path_of(view, day)) != 200) Die("GET " + path_of(view, day) + " failed");
    std::vector<double> times;
    for (int i = 0; i < 10; ++i) {
      const auto t = Clock::now();
      if (get(path_of(view, day)) != 200) Die("GET " + path_of(view, day) + " failed");
      times.push_back(MsSince(t));
    }
    result.cached_ms.push_back(std::move(times));
  }
  std::mt19937 rng(3);
  for (int i = 0; i < 20; ++i) {
    const std::string path = "/api/v1/dossiers/" + w.v_nummers[rng() % w.v_nummers.size()] +
                             "?positie=" + head +
                             "&peildatum=" + FormatDate(w.last_day - static_cast<int32_t>(rng() % 365));
    const auto t = Clock::now();
    const int status = get(path);
    if (status != 200 && status != 404) Die("GET " + path + ": " + std::to_string(status));
    result.dossier_ms.push_back(MsSince(t));
  }
  for (const PageKind& page : kPages) {
    std::vector<double> times;
    for (int i = 0; i < 20; ++i) {
      const std::string path = PagePath(page) + "&positie=" + head +
                               "&peildatum=" + FormatDate(w.last_day - 1 - static_cast<int32_t>(rng() % 365));
      const auto t = Clock::now();
      if (get(path) != 200) Die("GET " + path + " failed");
      times.push_back(MsSince(t));
    }
    result.page_ms.push_back(std::move(times));
  }
  result.end = SettledMemory(pid);

  node.reset();
  Check(bus.Stop(), "the bus");
  return result;
}

}  // namespace regiotafel::bench
