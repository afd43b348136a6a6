// RegionLayout: where a region's files live under its data directory DIR. `up` makes them, `down`
// and `status` find the processes again from them alone (without the region's TOML file).
//
//   DIR/region.json                       the endpoints and tokens, for people and scripts (DOMAIN.md
//                                         §6; mode 0600: it holds the tokens)
//   DIR/keys/<stem>.ed25519, <stem>.curve each organisation's secret keys, made once (mode 0600;
//                                         services/keygen/organisation_keys.h); keys/bus.curve and
//                                         keys/bus.ed25519 the bus's (sockets; signed checkpoints)
//   DIR/keys/<stem>.token                 each node's HTTP API token (schrijven), made once (mode 0600)
//   DIR/config/bus.toml, trust.toml       the bus's configuration and its trust file
//   DIR/config/<stem>.toml                each node's configuration
//   DIR/bus/                              the regional log (bus/log)
//   DIR/nodes/<stem>/                     each node's outbox and replica
//   DIR/logs/<stem>.log                   each process's output, appended to
//   DIR/run/<stem>.pid                    the pid of each running process
//
// <stem> is "bus" for the bus and the organisation id with ':' as '_' for a node
// ("gemeente_dordrecht"): a colon is awkward in file names, and neither kinds nor slugs contain '_',
// so the stem turns back into the id.
#pragma once

#include <string>
#include <string_view>

namespace regiotafel::region {

class RegionLayout {
 public:
  static constexpr std::string_view kBus = "bus";

  explicit RegionLayout(const std::string& data_dir);  // made absolute and canonical

  // "gemeente:dordrecht" → "gemeente_dordrecht"; "bus" stays "bus".
  static std::string Stem(std::string_view name);
  // The reverse: "gemeente_dordrecht" → "gemeente:dordrecht".
  static std::string NameOf(std::string_view stem);

  const std::string& data_dir() const { return data_dir_; }
  std::string RegionJson() const { return data_dir_ + "/region.json"; }
  std::string KeysDir() const { return data_dir_ + "/keys"; }
  std::string ConfigDir() const { return data_dir_ + "/config"; }
  std::string LogsDir() const { return data_dir_ + "/logs"; }
  std::string RunDir() const { return data_dir_ + "/run"; }
  std::string BusData() const { return data_dir_ + "/bus"; }
  std::string TrustFile() const { return ConfigDir() + "/trust.toml"; }
  // The region's class keys, secret halves included (docs/PRIVACY.md): the launcher's alone.
  std::string RegionKlasseSleutels() const { return KeysDir() + "/regio.klassesleutels.json"; }

  std::string TokenFile(std::string_view stem) const;
  std::string KlasseSleutelsFile(std::string_view stem) const;  // what one organisation holds of them
  std::string ConfigFile(std::string_view stem) const;
  std::string LogFile(std::string_view stem) const;
  std::string PidFile(std::string_view stem) const;
  std::string NodeData(std::string_view stem) const;

 private:
  std::string data_dir_;
};

}  // namespace regiotafel::region
