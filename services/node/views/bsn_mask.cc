#include "services/node/views/bsn_mask.h"

#include <google/protobuf/descriptor.h>

namespace regiotafel::node {
namespace {

namespace pb = google::protobuf;
constexpr std::string_view kMask = "*******";

}  // namespace

bool ShowsBsn(contract::OrgKind kind) {
  switch (kind) {
    case contract::OrgKind::kGemeente:
    case contract::OrgKind::kCoa:
    case contract::OrgKind::kVluchtelingenwerk:
      return true;
    case contract::OrgKind::kCorporatie:
    case contract::OrgKind::kRegio:
      return false;
  }
  return false;  // a kind added later sees no BSN until it is decided here
}

std::string MaskBsn(std::string_view bsn) {
  std::string out(kMask);
  if (bsn.size() >= 3) out.append(bsn.substr(bsn.size() - 2));
  return out;
}

void MaskBsns(pb::Message* message) {
  const pb::Descriptor* descriptor = message->GetDescriptor();
  const pb::Reflection* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const pb::FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int j = 0; j < reflection->FieldSize(*message, field); ++j)
          MaskBsns(reflection->MutableRepeatedMessage(message, field, j));
      } else if (reflection->HasField(*message, field)) {
        MaskBsns(reflection->MutableMessage(message, field));
      }
    } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && field->name() == "bsn") {
      if (field->is_repeated()) {
        for (int j = 0; j < reflection->FieldSize(*message, field); ++j)
          reflection->SetRepeatedString(message, field, j,
                                        MaskBsn(reflection->GetRepeatedString(*message, field, j)));
      } else if (const std::string bsn = reflection->GetString(*message, field); !bsn.empty()) {
        reflection->SetString(message, field, MaskBsn(bsn));
      }
    }
  }
}

}  // namespace regiotafel::node
