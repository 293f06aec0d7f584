# tools/xl/linux_elf.sh: sourced by bench.sh and ubench.sh.
#
# linux_elf OBJDIR: print the Linux kernel to boot as a PV domU.
# libxenguest unpacks the bzImage's xz payload itself, ~3 s a boot under
# TCG: hand it the ELF kernel inside instead (the same kernel, loaded
# faster), unpacked once into OBJDIR/xl/vmlinux; the bzImage if that
# cannot be done (no xz, no payload found).
linux_elf() {
    local bz=$1/xl/vmlinuz elf=$1/xl/vmlinux off
    if [ ! -s "$elf" ] || [ "$bz" -nt "$elf" ]; then
        off=$(LC_ALL=C grep -abo $'\xfd7zXZ\x00' "$bz" 2>/dev/null |
            head -n 1 | cut -d: -f1 || true)
        if [ -n "$off" ] && command -v xz >/dev/null &&
           tail -c +$((off + 1)) "$bz" |
               xz -dc --single-stream >"$elf.tmp" 2>/dev/null &&
           [ "$(head -c 4 "$elf.tmp")" = $'\x7fELF' ]; then
            mv "$elf.tmp" "$elf"
        else
            rm -f "$elf.tmp"
            echo "linux_elf: cannot unpack $bz (xz?): using the bzImage" >&2
        fi
    fi
    if [ -s "$elf" ]; then echo "$elf"; else echo "$bz"; fi
}
