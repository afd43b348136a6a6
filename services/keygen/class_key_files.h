// The class key files of a region that runs without regiotafel-region (docs/OPERATIONS.md, "Class
// keys"; what they hold: docs/PRIVACY.md, "Keys"). In `dir`:
//   regio.klassesleutels.json              the region's file: made once with epoch 1 of every class,
//                                          given the next epoch of each class in `rotate`;
//   <organisatie>.klassesleutels.json      for every organisation of the trust file that has a Curve
//                                          key: what its kind may read, sealed to its newest Curve key,
//                                          rewritten every time (a newcomer gets every epoch).
// Every file mode 0600, written whole or not at all.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "base/status.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"

namespace regiotafel::keys {

// `out` names each file written. The region's file is read when it exists; nothing is written when
// it or the trust file cannot be read.
Status WriteKlasseSleutelFiles(const std::string& trust_file, const std::string& dir,
                               const std::vector<v1::Klasse>& rotate, std::ostream& out);

}  // namespace regiotafel::keys
