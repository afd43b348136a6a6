#include "services/organisation/payload_options.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cctype>
#include <charconv>
#include <ctime>
#include <limits>

namespace regiotafel::organisation {

namespace pb = google::protobuf;

namespace {

// "v_nummer" → "v-nummer"
std::string Kebab(std::string_view snake) {
  std::string out(snake);
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

// "geboortedatum" → "GEBOORTEDATUM", "v_nummer" → "V-NUMMER": a part in a PART,PART form.
std::string PartName(std::string_view snake) {
  std::string out = Kebab(snake);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "BrpPersoon" → "persoon": the last word of a CamelCase type name, in lower case.
std::string LastWord(std::string_view camel) {
  size_t start = 0;
  for (size_t i = 1; i < camel.size(); ++i) {
    if (std::isupper(static_cast<unsigned char>(camel[i]))) start = i;
  }
  std::string out(camel.substr(start));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsScalar(const pb::FieldDescriptor* field) {
  return field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE;
}

// The fields of a repeated message's element that the command line fills: its singular scalars.
std::vector<const pb::FieldDescriptor*> Parts(const pb::Descriptor* element) {
  std::vector<const pb::FieldDescriptor*> parts;
  for (int i = 0; i < element->field_count(); ++i) {
    const pb::FieldDescriptor* field = element->field(i);
    if (IsScalar(field) && !field->is_repeated()) parts.push_back(field);
  }
  return parts;
}

// "V-NUMMER,NAAM,GEBOORTEDATUM"
std::string PartsForm(const pb::Descriptor* element) {
  std::string out;
  for (const pb::FieldDescriptor* part : Parts(element)) {
    if (!out.empty()) out += ',';
    out += PartName(part->name());
  }
  return out;
}

// "a,b\,c" → {"a", "b,c"}; "\\" is a backslash.
std::vector<std::string> SplitParts(std::string_view text) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == ',' || text[i + 1] == '\\')) {
      parts.back() += text[++i];
    } else if (text[i] == ',') {
      parts.emplace_back();
    } else {
      parts.back() += text[i];
    }
  }
  return parts;
}

std::string EnumNames(const pb::EnumDescriptor* type) {
  std::string out;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;  // UNSPECIFIED: "not given", never a choice
    if (!out.empty()) out += ", ";
    out += type->value(i)->name();
  }
  return out;
}

template <class Int>
Status ParseInt(const std::string& text, Int* out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (error == std::errc::result_out_of_range) {
    return Status::InvalidArgument("\"" + text + "\" is out of range (" +
                                   std::to_string(std::numeric_limits<Int>::min()) + " to " +
                                   std::to_string(std::numeric_limits<Int>::max()) + ")");
  }
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Status::InvalidArgument("\"" + text + "\" is not a whole number");
  }
  return Status::Ok();
}

// Sets (or, for a repeated field, adds) `field` of `message` from its command-line text.
Status SetValue(pb::Message* message, const pb::FieldDescriptor* field, const std::string& text) {
  const pb::Reflection* r = message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      repeated ? r->AddString(message, field, text) : r->SetString(message, field, text);
      return Status::Ok();
    case pb::FieldDescriptor::CPPTYPE_INT32: {
      int32_t v = 0;
      if (Status s = ParseInt(text, &v); !s.ok()) return s;
      repeated ? r->AddInt32(message, field, v) : r->SetInt32(message, field, v);
      return Status::Ok();
    }
    case pb::FieldDescriptor::CPPTYPE_INT64: {
      int64_t v = 0;
      if (Status s = ParseInt(text, &v); !s.ok()) return s;
      repeated ? r->AddInt64(message, field, v) : r->SetInt64(message, field, v);
      return Status::Ok();
    }
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v = 0;
      if (Status s = ParseInt(text, &v); !s.ok()) return s;
      repeated ? r->AddUInt32(message, field, v) : r->SetUInt32(message, field, v);
      return Status::Ok();
    }
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v = 0;
      if (Status s = ParseInt(text, &v); !s.ok()) return s;
      repeated ? r->AddUInt64(message, field, v) : r->SetUInt64(message, field, v);
      return Status::Ok();
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
      if (text != "true" && text != "false") return Status::InvalidArgument("write true or false");
      repeated ? r->AddBool(message, field, text == "true") : r->SetBool(message, field, text == "true");
      return Status::Ok();
    }
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      // Any case, and a dash for an underscore: "pre-vestiging" is PRE_VESTIGING.
      std::string name = text;
      for (char& c : name)
        c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const pb::EnumValueDescriptor* value = field->enum_type()->FindValueByName(name);
      if (value == nullptr || value->number() == 0) {
        return Status::InvalidArgument("\"" + text + "\" is not one of " + EnumNames(field->enum_type()));
      }
      repeated ? r->AddEnum(message, field, value) : r->SetEnum(message, field, value);
      return Status::Ok();
    }
    default:
      return Status::InvalidArgument("the command line cannot set this kind of field");
  }
}

// Adds one element of a repeated message field from "PART,PART,…".
Status AddElement(pb::Message* message, const pb::FieldDescriptor* field, const std::string& text) {
  const std::vector<const pb::FieldDescriptor*> parts = Parts(field->message_type());
  const std::vector<std::string> values = SplitParts(text);
  if (values.size() > parts.size()) {
    return Status::InvalidArgument("\"" + text + "\" has " + std::to_string(values.size()) +
                                   " parts; the form is " + PartsForm(field->message_type()) +
                                   " (write \\, for a comma inside a part)");
  }
  pb::Message* element = message->GetReflection()->AddMessage(message, field);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) continue;
    if (Status s = SetValue(element, parts[i], values[i]); !s.ok()) {
      return Status::InvalidArgument(PartName(parts[i]->name()) + ": " + s.message());
    }
  }
  return Status::Ok();
}

// The value's form for the help text: the type name after the option and a few words on it. These
// are the value rules of DOMAIN.md §2, recognised by field name, so that they hold for every event.
struct ValueForm {
  std::string type_name;
  std::string help;
};

ValueForm FormOf(const pb::FieldDescriptor* field) {
  const std::string& name = field->name();
  if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
    return {"\"" + PartsForm(field->message_type()) + "\"",
            "repeatable, one per " + LastWord(field->message_type()->name()) +
                "; parts left out at the end stay empty; \\, is a comma inside a part"};
  }
  if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
    return {"NAME", "one of " + EnumNames(field->enum_type())};
  }
  if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) {
    std::string help = name.ends_with("_cent") ? "whole euro cents" : "a whole number";
    if (field->has_presence()) help += "; left out: not given";
    return {"INT", help};
  }
  if (name == "datum") return {"YYYY-MM-DD", "the day it happened (default: today)"};
  if (name.starts_with("datum") || name.ends_with("datum") || name.ends_with("_per")) {
    return {"YYYY-MM-DD", "a date"};
  }
  if (name.ends_with("v_nummer")) return {"V-NUMMER", "10 digits"};
  if (name == "bsn") return {"BSN", "9 digits passing the 11-proef"};
  if (name.find("periode") != std::string::npos) return {"YYYY-HN", "half year: YYYY-H1 or YYYY-H2"};
  if (name.ends_with("gemeente")) return {"ORG", "a gemeente, e.g. gemeente:dordrecht"};
  if (name.ends_with("corporatie")) return {"ORG", "a corporatie, e.g. corporatie:trivire"};
  if (name.ends_with("woning_id")) return {"ID", "letters, digits and ._/- (at most 64)"};
  return {"TEXT", ""};
}

}  // namespace

struct PayloadOptions::FieldOption {
  enum class Default { kNone, kToday, kOwnOrganisation };

  const pb::FieldDescriptor* field = nullptr;
  std::string name;                 // "--woning-id"
  std::string value;                // a singular field
  std::vector<std::string> values;  // a repeated field, one per occurrence
  CLI::Option* option = nullptr;
  Default fallback = Default::kNone;
};

std::string TodayLocal() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

PayloadOptions::PayloadOptions(contract::PayloadCase payload, contract::OrgKind kind)
    : payload_field_(v1::Envelope::descriptor()->FindFieldByNumber(static_cast<int>(payload))), kind_(kind) {}

PayloadOptions::~PayloadOptions() = default;

const std::string& PayloadOptions::event_name() const { return payload_field_->message_type()->name(); }

void PayloadOptions::AddTo(CLI::App& command) {
  const pb::Descriptor* type = payload_field_->message_type();
  for (int i = 0; i < type->field_count(); ++i) {
    const pb::FieldDescriptor* field = type->field(i);
    const bool element_list = field->is_repeated() && !IsScalar(field);
    if (!IsScalar(field) && !element_list) continue;  // a nested message: no payload has one yet
    if (element_list && Parts(field->message_type()).empty()) continue;

    auto option = std::make_unique<FieldOption>();
    option->field = field;
    option->name = "--" + Kebab(field->name());
    std::string names = option->name;
    std::string alias;
    if (element_list) alias = "--" + LastWord(field->message_type()->name());
    if (field->name().ends_with("_id"))
      alias = "--" + Kebab(field->name().substr(0, field->name().size() - 3));
    if (!alias.empty() && alias != option->name && command.get_option_no_throw(alias) == nullptr) {
      names += "," + alias;
    }

    ValueForm form = FormOf(field);
    if (field->name() == "datum") option->fallback = FieldOption::Default::kToday;
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && !field->is_repeated() &&
        field->name() == contract::OrgKindName(kind_)) {
      option->fallback = FieldOption::Default::kOwnOrganisation;
      form.help += " (default: the node's own organisation)";
    }
    const std::string help = form.help.empty() ? field->name() : field->name() + ": " + form.help;

    // The value is checked while parsing, so a typo is a usage error naming the option.
    const pb::Message* prototype = pb::MessageFactory::generated_factory()->GetPrototype(type);
    CLI::Validator check(
        [field, prototype, element_list](std::string& text) -> std::string {
          std::unique_ptr<pb::Message> scratch(prototype->New());
          Status s =
              element_list ? AddElement(scratch.get(), field, text) : SetValue(scratch.get(), field, text);
          return s.ok() ? "" : s.message();
        },
        "");
    if (field->is_repeated()) {
      option->option = command.add_option(names, option->values, help)
                           ->expected(1)
                           ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    } else {
      option->option = command.add_option(names, option->value, help);
    }
    option->option->type_name(form.type_name)->check(check);
    fields_.push_back(std::move(option));
  }
}

Status PayloadOptions::Build(const PayloadDefaults& defaults, v1::Envelope* out) const {
  out->Clear();
  pb::Message* payload = out->GetReflection()->MutableMessage(out, payload_field_);
  for (const std::unique_ptr<FieldOption>& option : fields_) {
    const pb::FieldDescriptor* field = option->field;
    Status s;
    if (field->is_repeated()) {
      for (const std::string& text : option->values) {
        s = IsScalar(field) ? SetValue(payload, field, text) : AddElement(payload, field, text);
        if (!s.ok()) break;
      }
    } else if (option->option->count() > 0) {
      s = SetValue(payload, field, option->value);
    } else if (option->fallback == FieldOption::Default::kToday) {
      s = SetValue(payload, field, defaults.today);
    } else if (option->fallback == FieldOption::Default::kOwnOrganisation && defaults.own_organisation) {
      std::string own;
      if (Status asked = defaults.own_organisation(&own); !asked.ok()) {
        return Status::Unavailable(option->name +
                                   " not given, and its default, the node's own organisation, " +
                                   "is not known: " + asked.message());
      }
      s = SetValue(payload, field, own);
    }
    if (!s.ok()) return Status::InvalidArgument(option->name + ": " + s.message(), field->name());
  }
  return Status::Ok();
}

std::string PayloadOptions::OptionFor(std::string_view field_path) const {
  const std::string prefix = payload_field_->name() + ".";
  if (!field_path.starts_with(prefix)) return "";
  field_path.remove_prefix(prefix.size());
  const std::string_view name = field_path.substr(0, field_path.find_first_of(".["));
  for (const std::unique_ptr<FieldOption>& option : fields_) {
    if (option->field->name() == name) return option->name;
  }
  return "";
}

}  // namespace regiotafel::organisation
