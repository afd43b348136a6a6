#include "eventstore/checkpoint.h"

#include "base/bytes.h"

namespace regiotafel::eventstore {

std::string CheckpointMessage(const v1::Checkpoint& checkpoint) {
  std::string message = "regiotafel/checkpoint/v1";
  PutBigEndian64(&message, checkpoint.position());
  message += checkpoint.root();
  PutBigEndian64(&message, static_cast<uint64_t>(checkpoint.tijd().seconds()));
  PutBigEndian32(&message, static_cast<uint32_t>(checkpoint.tijd().nanos()));
  return message;
}

v1::Checkpoint SignCheckpoint(const SigningKey& key, uint64_t position, std::string root,
                              const google::protobuf::Timestamp& tijd) {
  v1::Checkpoint checkpoint;
  checkpoint.set_position(position);
  checkpoint.set_root(std::move(root));
  *checkpoint.mutable_tijd() = tijd;
  checkpoint.set_signature(key.Sign(CheckpointMessage(checkpoint)));
  return checkpoint;
}

bool CheckpointSigned(const v1::Checkpoint& checkpoint, std::string_view bus_public_key) {
  return checkpoint.root().size() == 32 &&
         VerifySignature(bus_public_key, CheckpointMessage(checkpoint), checkpoint.signature());
}

}  // namespace regiotafel::eventstore
