#!/bin/sh
# build.sh: compile the libFuzzer harnesses; `make fuzz` calls it.
#
#   build.sh SRCDIR OUTDIR CFLAGS LIBS SOURCE...
#
# The library's sources (SOURCE..., from libfwaudit_a_SOURCES) are compiled
# once with clang, ASan and UBSan and libFuzzer's coverage into OUTDIR/obj,
# and each fuzz/fuzz_*.c is linked with them into OUTDIR/fuzz_NAME (OUTDIR is
# fuzz-out/ of the build directory, never the source tree's fuzz/). Nothing
# is configured: the libraries' flags come from the configured build (CFLAGS:
# the *_CFLAGS configure found, LIBS: DEP_LIBS); rules are read from SRCDIR.
# FUZZ_CC picks the compiler (default clang; Debian 12: clang-14 and
# libclang-rt-14-dev).
set -eu
srcdir=$1 out=$2 cppflags=$3 libs=$4
shift 4
cc=${FUZZ_CC:-clang}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# The quotes are part of the words (string literals for the compiler): $cflags
# is expanded unquoted and never parsed by a shell again.
cflags="-std=gnu11 -g -O1 $san -I$srcdir -I$srcdir/src -D_GNU_SOURCE
  -DFW_RULES_DIR=\"$srcdir/rules\" -DFZ_RULES_DIR=\"$srcdir/rules\" $cppflags"
export cflags cc
mkdir -p "$out/obj"
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){return 0;}' |
     $cc -fsanitize=fuzzer -x c - -o "$out/obj/probe" 2>/dev/null; then
    echo "fuzz: $cc cannot build libFuzzer targets (Debian: apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
fi
# A header newer than the stamp rebuilds everything (no per-file dependencies).
stamp=$out/obj/.stamp
if [ -f "$stamp" ] && [ -n "$(find "$srcdir/src" "$srcdir/fuzz" -name '*.h' -newer "$stamp")" ]; then
    rm -f "$out"/obj/*.o
fi
objs=""
todo=""
for s in "$@" fuzz/common.c; do
    case $s in *.c) ;; *) continue ;; esac
    o=$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
    objs="$objs $o"
    if [ ! -f "$o" ] || [ "$srcdir/$s" -nt "$o" ]; then todo="$todo $srcdir/$s:$o"; fi
done
# Two at a time: the machines this runs on have two cores.
# shellcheck disable=SC2086
[ -z "$todo" ] || printf '%s\n' $todo | xargs -P2 -I{} sh -c '
    src=${1%%:*}; obj=${1#*:}; echo "  CC(fuzz) $src"
    exec $cc $cflags -fsanitize=fuzzer-no-link -c "$src" -o "$obj"' sh {}
touch "$stamp"
for h in "$srcdir"/fuzz/fuzz_*.c; do
    name=$(basename "$h" .c)
    echo "  LD(fuzz) $name"
    # shellcheck disable=SC2086
    $cc $cflags -fsanitize=fuzzer "$h" $objs $libs -o "$out/$name"
done
