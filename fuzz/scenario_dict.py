#!/usr/bin/env python3
"""Writes the libFuzzer dictionary of fuzz_scenario to stdout: fuzz/yaml.dict (YAML syntax), the
scenario's own keys and the Chinese keys and values of libtax/messages/glossary.yaml (section
scenario:), so the fuzzer builds Chinese scenarios from whole words rather than byte by byte.
scripts/fuzz.sh runs it before each fuzz_scenario run (the glossary is read afresh: never stale).
libFuzzer reads only printable ASCII between the quotes: other bytes are written as \\xNN.
  /usr/bin/python3 fuzz/scenario_dict.py > build-fuzz/fuzz_scenario.dict
"""
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def entry(text: str) -> str:
    out = []
    for b in text.encode("utf-8"):
        c = chr(b)
        out.append(c if 0x20 <= b < 0x7F and c not in '"\\' else f"\\x{b:02x}")
    return '"' + "".join(out) + '"'


def main() -> None:
    lines = [line for line in (ROOT / "fuzz" / "yaml.dict").read_text(encoding="utf-8").splitlines()
             if line.startswith('"')]
    scenario = yaml.safe_load((ROOT / "libtax" / "messages" / "glossary.yaml").read_text(encoding="utf-8"))["scenario"]
    words = []
    keys = dict(scenario.get("keys") or {})
    for section in (scenario.get("keys_in") or {}).values():
        keys.update(section)
    for zh, en in keys.items():
        words += [f"{zh}: ", f"{en}: ", f"\n{zh}:\n  "]
    for key, values in (scenario.get("values") or {}).items():
        for zh, en in values.items():
            words += [str(zh), f"{keys_zh(keys, key)}: {zh}", f"{key}: {en}"]
    seen = set()
    print("# fuzz_scenario dictionary, written by fuzz/scenario_dict.py from fuzz/yaml.dict and the glossary")
    for line in lines + [entry(w) for w in words]:
        if line not in seen:
            seen.add(line)
            print(line)


def keys_zh(keys: dict, en: str) -> str:
    """The first Chinese key naming the scenario key `en` (the key itself if none)."""
    return next((zh for zh, e in keys.items() if e == en), en)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
