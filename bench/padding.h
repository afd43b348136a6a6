// Envelopes of one exact size, as the benches that write events make them: a text field padded with
// words picked at random (text that compresses about as well as real names and addresses, unlike a
// run of one letter).
#pragma once

#include <google/protobuf/message.h>

#include <cstddef>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <string_view>

namespace regiotafel::bench {

// Sets a text field of `envelope` through `set` to words drawn from `words` by `rng`, as much of them as
// makes the serialized envelope `size` bytes. Length prefixes may grow on the way, so it converges in a
// few tries; the caller checks the size.
inline void PadToSize(const google::protobuf::Message& envelope, size_t size,
                      std::span<const std::string_view> words, std::mt19937_64& rng,
                      const std::function<void(const std::string&)>& set) {
  std::string text;
  while (text.size() < size) {
    text.append(words[rng() % words.size()]);
    text.push_back(' ');
  }
  size_t length = 1;
  for (int attempt = 0; attempt < 8; ++attempt) {
    set(text.substr(0, length));
    const size_t now = envelope.ByteSizeLong();
    if (now == size) break;
    length = length + size - now;
  }
}

}  // namespace regiotafel::bench
