#!/bin/sh
# make-rootfs.sh OUTDIR: build the bench's root filesystem from real Debian
# packages (bench/packages.txt), unpacked with dpkg-deb -x (nothing is
# installed or run), plus a few planted findings; then the size variants
# used to show that time grows with the bytes scanned.
#
#   OUTDIR/debs/         the downloaded .deb files (cache; kept between runs)
#   OUTDIR/pkgs/NAME/    each package unpacked on its own
#   OUTDIR/rootfs/       every package plus the planted files   (the "full" input)
#   OUTDIR/rootfs-half/  every 2nd package plus the planted files (hard links)
#   OUTDIR/rootfs-quarter/ every 4th package plus the planted files
#   OUTDIR/rootfs-x2/, rootfs-x3/  2 and 3 copies of rootfs/ (copy1/, copy2/,
#                        ...; hard links): the same mix of content at 2x and
#                        3x the size, for the linearity row
#   OUTDIR/rootfs.sqfs   squashfs (xz) of rootfs/
#   OUTDIR/rootfs.tar.gz tar.gz of rootfs/
#
# Re-running reuses what exists; delete OUTDIR to start over.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make-rootfs.sh OUTDIR}
mkdir -p "$out/debs" "$out/pkgs"
out=$(cd "$out" && pwd)
pkgs=$(grep -v '^#' "$here/packages.txt" | grep -v '^$')

# 1. download (no dependencies: the list names what we want)
cd "$out/debs"
missing=
for p in $pkgs; do
    ls "${p}"_*.deb >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "bench: downloading:$missing" >&2
    # shellcheck disable=SC2086
    apt-get download $missing >/dev/null
fi

# 2. unpack each package into its own directory
for p in $pkgs; do
    [ -d "$out/pkgs/$p" ] && continue
    deb=$(ls "${p}"_*.deb | head -1)
    mkdir -p "$out/pkgs/$p.tmp"
    dpkg-deb -x "$deb" "$out/pkgs/$p.tmp"
    mv "$out/pkgs/$p.tmp" "$out/pkgs/$p"
done

# 3. planted findings: what a router image really ships by mistake
plant() {
    d=$1
    mkdir -p "$d/etc/config" "$d/etc/ssl/private" "$d/usr/lib/bench" "$d/www/cgi-bin"
    cat > "$d/etc/config/wireless" <<'W'
config wifi-iface 'default_radio0'
	option device 'radio0'
	option encryption 'psk2'
	option key 'BenchPlanted2024'
W
    cat > "$d/etc/cloud.conf" <<'W'
[cloud]
aws_access_key_id = AKIAQ2BENCHPLANTED7X
aws_secret_access_key = 9bEnchPlAnted/SecretKey+0123456789abcdef
W
    cat > "$d/www/cgi-bin/upload.sh" <<'W'
#!/bin/sh
curl -s https://admin:Planted-Pw-42@updates.example-vendor.net/push
W
    # a token inside a binary: found through the binary's strings
    { head -c 65536 /dev/zero; printf 'ghp_BenchPlantedToken0123456789abcdefABC\0'; head -c 4096 /dev/zero; } \
        > "$d/usr/lib/bench/libcloudagent.so"
    if [ ! -f "$d/etc/ssl/private/server.key" ]; then
        openssl genrsa -traditional -out "$d/etc/ssl/private/server.key" 2048 2>/dev/null ||
            openssl genrsa -out "$d/etc/ssl/private/server.key" 2048 2>/dev/null
    fi
}

# 4. the trees: hard links to the unpacked packages, so three sizes cost
# little disk; every n-th package of the list
assemble() {
    dir=$1 step=$2
    [ -d "$out/$dir" ] && return 0
    rm -rf "$out/$dir.tmp"
    mkdir -p "$out/$dir.tmp"
    i=0
    for p in $pkgs; do
        if [ $((i % step)) -eq 0 ]; then
            cp -al "$out/pkgs/$p/." "$out/$dir.tmp/" 2>/dev/null ||
                cp -a "$out/pkgs/$p/." "$out/$dir.tmp/"
        fi
        i=$((i + 1))
    done
    plant "$out/$dir.tmp"
    mv "$out/$dir.tmp" "$out/$dir"
}
assemble rootfs 1
assemble rootfs-half 2
assemble rootfs-quarter 4
for k in 2 3; do
    [ -d "$out/rootfs-x$k" ] && continue
    rm -rf "$out/rootfs-x$k.tmp"
    for c in $(seq 1 "$k"); do
        mkdir -p "$out/rootfs-x$k.tmp/copy$c"
        cp -al "$out/rootfs/." "$out/rootfs-x$k.tmp/copy$c/"
    done
    mv "$out/rootfs-x$k.tmp" "$out/rootfs-x$k"
done

# 5. the packed forms
cd "$out"
if [ ! -f rootfs.sqfs ]; then
    mksquashfs rootfs rootfs.sqfs.tmp -comp xz -noappend -quiet -no-progress >/dev/null
    mv rootfs.sqfs.tmp rootfs.sqfs
fi
if [ ! -f rootfs.tar.gz ]; then
    tar -C rootfs -czf rootfs.tar.gz.tmp .
    mv rootfs.tar.gz.tmp rootfs.tar.gz
fi
for d in rootfs rootfs-half rootfs-quarter; do
    printf '%s: %s files, %s MiB\n' "$d" "$(find "$d" -type f | wc -l)" \
        "$(du -sm --apparent-size "$d" | cut -f1)"
done
