#!/usr/bin/env python3
"""Sets VER_FLG_WEAK on a version need (Elf64_Vernaux) of an ELF64 little-endian shared library, in place.

Usage: elf_weaken_verneed.py LIB VERSION   e.g. libLibTorchSharp.so GLIBCXX_3.4.32
ld.so reports a missing weak version need only as a warning instead of refusing to load the library."""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path: str, version: str) -> int:
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            print(f"{path}: not a little-endian ELF64 file", file=sys.stderr)
            return 1
        e_shoff, = struct.unpack_from("<Q", data, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
        changed = found = 0
        for sh in sections:
            if sh[1] != SHT_GNU_VERNEED:
                continue
            strtab_off = sections[sh[6]][4]  # sh_link -> .dynstr
            off = sh[4]
            for _ in range(sh[7]):  # sh_info = number of Verneed entries
                vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, off)
                aux = off + vn_aux
                for _ in range(vn_cnt):
                    vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                    end = data.index(b"\0", strtab_off + vna_name)
                    if data[strtab_off + vna_name:end].decode() == version:
                        found += 1
                        if not vna_flags & VER_FLG_WEAK:
                            struct.pack_into("<H", data, aux + 4, vna_flags | VER_FLG_WEAK)
                            changed += 1
                    aux += vna_next
                off += vn_next
        if changed:
            f.seek(0)
            f.write(data)
        print(f"{path}: {version} need found {found}x, weakened {changed}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
