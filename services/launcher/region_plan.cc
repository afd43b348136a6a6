#include "services/launcher/region_plan.h"

#include <unistd.h>

#include <filesystem>

namespace regiotafel::region {
namespace {

namespace fs = std::filesystem;

std::string Tcp(int port) { return "tcp://127.0.0.1:" + std::to_string(port); }

}  // namespace

Status FindExecutable(const std::string& name, std::string* path) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return Status::NotFound("cannot tell where regiotafel-region is installed: " + ec.message());
  const fs::path candidate = self.parent_path() / name;
  if (access(candidate.c_str(), X_OK) != 0) {
    return Status::NotFound("cannot find " + name + " beside " + self.parent_path().string() +
                            " (build it first: deploy/setup)");
  }
  *path = candidate.lexically_normal().string();
  return Status::Ok();
}

Status PlanRegion(const config::RegionConfig& config, const RegionLayout& layout, RegionPlan* out) {
  RegionPlan plan;
  plan.naam = config.naam;
  plan.heartbeat = config.heartbeat;
  plan.drempels = config.drempels;
  plan.bewaartermijn_jaren = config.bewaartermijn_jaren;
  const int base = config.port_base;
  plan.submit = Tcp(base);
  plan.publish = Tcp(base + 1);
  plan.fetch = Tcp(base + 2);
  plan.metrics = "127.0.0.1:" + std::to_string(base + 3);

  std::string bus_binary;
  if (Status s = FindExecutable("regiotafel-bus", &bus_binary); !s.ok()) return s;
  plan.bus.name = plan.bus.stem = std::string(RegionLayout::kBus);
  plan.bus.argv = {bus_binary, "--config", layout.ConfigFile(plan.bus.stem)};
  plan.bus.ports = {
      {base, "bus submit"}, {base + 1, "bus publish"}, {base + 2, "bus fetch"}, {base + 3, "bus metrics"}};

  for (size_t i = 0; i < config.organisaties.size(); ++i) {
    const std::string& org = config.organisaties[i];
    const std::string kind = org.substr(0, org.find(':'));
    std::string binary;
    if (Status s = FindExecutable("regiotafel-" + kind, &binary); !s.ok()) return s;
    ProcessPlan node;
    node.name = org;
    node.stem = RegionLayout::Stem(org);
    node.argv = {binary, "serve", "--config", layout.ConfigFile(node.stem)};
    const int port = base + config::kNodePortOffset + static_cast<int>(i);
    node.ports = {{port, "HTTP of " + org}};
    node.url = "http://127.0.0.1:" + std::to_string(port);
    plan.nodes.push_back(std::move(node));
  }
  *out = std::move(plan);
  return Status::Ok();
}

}  // namespace regiotafel::region
