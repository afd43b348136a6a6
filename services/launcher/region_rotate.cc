#include <filesystem>
#include <ostream>

#include "privacy/klassen.h"
#include "services/config/klasse_sleutels.h"
#include "services/launcher/region_commands.h"
#include "services/launcher/region_files.h"
#include "services/launcher/region_layout.h"

namespace regiotafel::region {

int RegionRotate(const std::string& data_dir, const std::vector<std::string>& klassen, std::ostream& out,
                 std::ostream& err) {
  if (!std::filesystem::is_directory(data_dir)) {
    err << "regiotafel-region roteer: " << data_dir << " bestaat niet\n";
    return 2;
  }
  const RegionLayout layout(data_dir);
  v1::KlasseSleutels region;
  if (Status s = config::ReadKlasseSleutels(layout.RegionKlasseSleutels(), &region); !s.ok()) {
    err << "regiotafel-region roteer: " << s.message() << "\n";
    return 2;
  }
  std::vector<v1::Klasse> rotate;
  for (const std::string& name : klassen) {
    const std::optional<v1::Klasse> klasse = privacy::KlasseNamed(name);
    if (!klasse) {
      err << "regiotafel-region roteer: onbekende klasse \"" << name
          << "\" (identiteit, bsn of toelichting)\n";
      return 2;
    }
    rotate.push_back(*klasse);
  }
  if (rotate.empty()) rotate.assign(privacy::kKlassen.begin(), privacy::kKlassen.end());
  for (v1::Klasse klasse : rotate) config::Rotate(klasse, &region);
  if (Status s =
          WriteFileAtomically(layout.RegionKlasseSleutels(), config::KlasseSleutelsJson(region), kOwnerOnly);
      !s.ok()) {
    err << "regiotafel-region roteer: " << s.message() << "\n";
    return 1;
  }
  out << "nieuwe klassesleutels gemaakt; `down` en `up` geven ze aan de organisaties van het regiobestand "
         "(wie daar niet meer in staat, leest niets wat daarna verzegeld wordt)\n";
  return 0;
}

}  // namespace regiotafel::region
