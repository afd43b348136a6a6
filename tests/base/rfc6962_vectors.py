#!/usr/bin/env python3
"""Writes tests/base/rfc6962_vectors.h from a copy of transparency-dev/merkle's test vectors.

Run by hand, once, when the vectors change; the build and the tests never read the vectors' folder:
  tests/base/rfc6962_vectors.py /work/shared/testvectors/rfc6962 > tests/base/rfc6962_vectors.h
"""
import base64
import json
import pathlib
import sys


def hex_of(b64):
    return '"' + base64.b64decode(b64 or "").hex() + '"'


def hashes(proof):
    # One hash a line: the file stays within 120 columns.
    return "{" + ",\n      ".join(hex_of(h) for h in (proof or [])) + "}"


def main():
    root = pathlib.Path(sys.argv[1])
    trees = json.loads((root / "trees.json").read_text())
    out = [
        "// RFC 6962 test vectors of transparency-dev/merkle (Apache-2.0), copied from its testdata by",
        "// tests/base/rfc6962_vectors.py: hashes in hex, the files' base64 decoded. Do not edit by hand.",
        "#pragma once",
        "",
        "#include <cstdint>",
        "#include <string_view>",
        "#include <vector>",
        "",
        "namespace regiotafel::merkle::rfc6962 {",
        "",
        "// trees.json: the eight leaf inputs and MTH of the first n of them for n = 0..8.",
        "inline constexpr std::string_view kLeafInputsHex[] = {",
    ]
    out += [f'    "{x}",' for x in trees["leaf_inputs_hex"]]
    out += ["};", "inline constexpr std::string_view kRootsHex[] = {"]
    out += [f'    "{x}",' for x in trees["root_by_size_hex"]]
    out += [
        "};",
        "",
        "struct InclusionVector {",
        "  std::string_view file;  // under inclusion/",
        "  uint64_t leaf_index;",
        "  uint64_t tree_size;",
        "  std::string_view root;",
        "  std::string_view leaf_hash;",
        "  std::vector<std::string_view> proof;",
        "  bool want_err;",
        "};",
        "",
        "struct ConsistencyVector {",
        "  std::string_view file;  // under consistency/",
        "  uint64_t size1;",
        "  uint64_t size2;",
        "  std::string_view root1;",
        "  std::string_view root2;",
        "  std::vector<std::string_view> proof;",
        "  bool want_err;",
        "};",
        "",
        "inline const InclusionVector kInclusionVectors[] = {",
    ]
    for f in sorted((root / "inclusion").rglob("*.json")):
        v = json.loads(f.read_text())
        out.append(f'    {{"{f.relative_to(root / "inclusion")}", {v["leafIdx"]}ull, {v["treeSize"]}ull,')
        out.append(f'     {hex_of(v["root"])},')
        out.append(f'     {hex_of(v["leafHash"])},')
        out.append(f'     {hashes(v["proof"])},')
        out.append(f'     {"true" if v["wantErr"] else "false"}}},')
    out += ["};", "", "inline const ConsistencyVector kConsistencyVectors[] = {"]
    for f in sorted((root / "consistency").rglob("*.json")):
        v = json.loads(f.read_text())
        out.append(f'    {{"{f.relative_to(root / "consistency")}", {v["size1"]}ull, {v["size2"]}ull,')
        out.append(f'     {hex_of(v["root1"])},')
        out.append(f'     {hex_of(v["root2"])},')
        out.append(f'     {hashes(v["proof"])},')
        out.append(f'     {"true" if v["wantErr"] else "false"}}},')
    out += ["};", "", "}  // namespace regiotafel::merkle::rfc6962", ""]
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
