#include "privacy/split.h"

#include <sodium.h>

#include "base/sha256.h"
#include "privacy/klassen.h"

namespace regiotafel::privacy {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

constexpr size_t kSaltSize = 32;

const FD* PayloadField(const v1::Envelope& envelope) {
  return envelope.GetReflection()->GetOneofFieldDescriptor(
      envelope, v1::Envelope::descriptor()->FindOneofByName("payload"));
}

// Moves the fields of `klasse` from `from` into `to` (a message of the same type); lists in `to`
// get as many elements as in `from`. True when anything moved.
bool Move(v1::Klasse klasse, pb::Message* from, pb::Message* to) {
  const pb::Descriptor& d = *from->GetDescriptor();
  const pb::Reflection& r = *from->GetReflection();
  bool moved = false;
  for (int i = 0; i < d.field_count(); ++i) {
    const FD* f = d.field(i);
    if (f->cpp_type() == FD::CPPTYPE_STRING && !f->is_repeated() && KlasseOf(*f) == klasse) {
      std::string value = r.GetString(*from, f);
      if (value.empty()) continue;
      r.SetString(to, f, std::move(value));
      r.ClearField(from, f);
      moved = true;
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE && f->is_repeated()) {
      bool any = false;
      for (int k = 0; k < r.FieldSize(*from, f); ++k) {
        any |= Move(klasse, r.MutableRepeatedMessage(from, f, k), r.AddMessage(to, f));
      }
      if (!any) r.ClearField(to, f);
      moved |= any;
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE && r.HasField(*from, f)) {
      if (Move(klasse, r.MutableMessage(from, f), r.MutableMessage(to, f))) {
        moved = true;
      } else {
        r.ClearField(to, f);
      }
    }
  }
  return moved;
}

// Puts the fields of `from` (a part's payload) into `to`; every one must be a field of `klasse`
// that is empty in `to`, in a list element `to` has.
Status Put(v1::Klasse klasse, const pb::Message& from, pb::Message* to) {
  const pb::Reflection& r = *from.GetReflection();
  std::vector<const FD*> fields;
  r.ListFields(from, &fields);
  for (const FD* f : fields) {
    if (f->cpp_type() == FD::CPPTYPE_STRING && !f->is_repeated()) {
      if (KlasseOf(*f) != klasse) {
        return Status::InvalidArgument(
            "het deel bevat " + f->full_name() + ", geen veld van klasse " + std::string(KlasseName(klasse)),
            f->name());
      }
      if (!r.GetString(*to, f).empty()) {
        return Status::InvalidArgument("het event heeft " + f->full_name() + " al", f->name());
      }
      r.SetString(to, f, r.GetString(from, f));
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE && f->is_repeated()) {
      if (r.FieldSize(from, f) > r.FieldSize(*to, f)) {
        return Status::InvalidArgument(
            "het deel heeft meer elementen in " + f->full_name() + " dan het event", f->name());
      }
      for (int k = 0; k < r.FieldSize(from, f); ++k) {
        if (Status s = Put(klasse, r.GetRepeatedMessage(from, f, k), r.MutableRepeatedMessage(to, f, k));
            !s.ok())
          return s;
      }
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
      if (Status s = Put(klasse, r.GetMessage(from, f), r.MutableMessage(to, f)); !s.ok()) return s;
    } else {
      return Status::InvalidArgument(
          "het deel bevat " + f->full_name() + ", een feit en geen persoonsgegeven", f->name());
    }
  }
  return Status::Ok();
}

void Fill(v1::Klasse klasse, const std::string& text, pb::Message* message) {
  const pb::Descriptor& d = *message->GetDescriptor();
  const pb::Reflection& r = *message->GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const FD* f = d.field(i);
    if (f->cpp_type() == FD::CPPTYPE_STRING && !f->is_repeated() && KlasseOf(*f) == klasse) {
      r.SetString(message, f, text);
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE && f->is_repeated()) {
      for (int k = 0; k < r.FieldSize(*message, f); ++k)
        Fill(klasse, text, r.MutableRepeatedMessage(message, f, k));
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE && r.HasField(*message, f)) {
      Fill(klasse, text, r.MutableMessage(message, f));
    }
  }
}

const v1::Commitment* CommitmentFor(const v1::Envelope& envelope, v1::Klasse klasse) {
  for (const v1::Commitment& c : envelope.persoonsgegevens()) {
    if (c.klasse() == klasse) return &c;
  }
  return nullptr;
}

}  // namespace

std::string CommitmentOf(const v1::PersoonsgegevensDeel& deel) {
  return Sha256Of({deel.salt(), deel.velden()});
}

Status Split(v1::Envelope* envelope, std::vector<v1::PersoonsgegevensDeel>* delen) {
  if (envelope->persoonsgegevens_size() > 0) {
    return Status::InvalidArgument("het event is al gesplitst: het heeft al commitments", "persoonsgegevens");
  }
  if (sodium_init() < 0) return Status::Unavailable("libsodium kon niet starten");
  delen->clear();
  const FD* payload = PayloadField(*envelope);
  if (payload == nullptr) return Status::Ok();
  pb::Message* from = envelope->GetReflection()->MutableMessage(envelope, payload);
  for (v1::Klasse klasse : kKlassen) {
    v1::Envelope velden;
    if (!Move(klasse, from, velden.GetReflection()->MutableMessage(&velden, payload))) continue;
    v1::PersoonsgegevensDeel& deel = delen->emplace_back();
    deel.set_klasse(klasse);
    std::string salt(kSaltSize, '\0');
    randombytes_buf(salt.data(), salt.size());
    deel.set_salt(std::move(salt));
    deel.set_velden(velden.SerializeAsString());
    v1::Commitment* commitment = envelope->add_persoonsgegevens();
    commitment->set_klasse(klasse);
    commitment->set_sha256(CommitmentOf(deel));
  }
  return Status::Ok();
}

Status Join(const v1::PersoonsgegevensDeel& deel, v1::Envelope* envelope) {
  const std::string klasse(KlasseName(deel.klasse()));
  const v1::Commitment* commitment = CommitmentFor(*envelope, deel.klasse());
  if (commitment == nullptr) {
    return Status::InvalidArgument(
        "het event " + envelope->event_id() + " heeft geen persoonsgegevens van klasse " + klasse, "klasse");
  }
  if (CommitmentOf(deel) != commitment->sha256()) {
    return Status::InvalidArgument(
        "het deel " + klasse + " van event " + envelope->event_id() + " past niet bij zijn commitment",
        "sha256");
  }
  v1::Envelope velden;
  if (!velden.ParseFromString(deel.velden())) {
    return Status::InvalidArgument(
        "het deel " + klasse + " van event " + envelope->event_id() + " is onleesbaar", "velden");
  }
  v1::Envelope rest = velden;
  rest.clear_payload();
  if (rest.ByteSizeLong() != 0 || velden.payload_case() != envelope->payload_case()) {
    return Status::InvalidArgument("het deel " + klasse + " van event " + envelope->event_id() +
                                       " bevat meer dan velden van zijn payload",
                                   "velden");
  }
  if (velden.payload_case() == v1::Envelope::PAYLOAD_NOT_SET) return Status::Ok();
  const FD* payload = PayloadField(velden);
  v1::Envelope joined = *envelope;
  if (Status s = Put(deel.klasse(), velden.GetReflection()->GetMessage(velden, payload),
                     joined.GetReflection()->MutableMessage(&joined, payload));
      !s.ok())
    return s;
  *envelope = std::move(joined);
  return Status::Ok();
}

void FillKlasse(v1::Klasse klasse, const std::string& text, v1::Envelope* envelope) {
  const FD* payload = PayloadField(*envelope);
  if (payload == nullptr || CommitmentFor(*envelope, klasse) == nullptr) return;
  Fill(klasse, text, envelope->GetReflection()->MutableMessage(envelope, payload));
}

void Withhold(v1::Klasse klasse, v1::Envelope* envelope) {
  const FD* payload = PayloadField(*envelope);
  if (payload == nullptr) return;
  Fill(klasse, "", envelope->GetReflection()->MutableMessage(envelope, payload));
}

}  // namespace regiotafel::privacy
