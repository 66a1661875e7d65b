#!/bin/sh
# make-sample-rootfs.sh OUTDIR
# Builds testdata's sample root filesystem, a small embedded-Linux tree with
# planted problems and their near misses, and packs it as
# OUTDIR/sample-rootfs.tar.gz (with a nested archive inside). Generated at
# build time so every key and hash in it is made here, not copied from
# anywhere. tests/sample-rootfs.sh checks what fwaudit reports on it.
#
# Planted (must be found):            Near misses (must not be found):
#  root's md5crypt hash of "admin"     daemon/nobody locked (*, !)
#  "support" with an empty password    "guest" locked with !$6$...
#  unencrypted RSA key (PEM)           AES-encrypted RSA key, a public key
#  AWS key id in a cloud config        the AWS documentation example key
#  Wi-Fi PSK in wpa_supplicant.conf    a commented-out psk line
#  password= in an init script         password= under /usr/share/doc
#  MQTT URL with user:pass             a URL with ${MQTT_PASS}
#  GitHub token inside an ELF-like     -
#    binary (NUL bytes around it)
#  a secret in a nested tar.gz         -
set -eu
out=${1:?usage: make-sample-rootfs.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/etc/init.d" "$root/etc/ssl/private" "$root/etc/ssl/certs" \
         "$root/etc/config" "$root/usr/bin" "$root/usr/sbin" "$root/usr/share/doc/mqtt" \
         "$root/usr/share/backup" "$root/bin" "$root/tmp" "$root/var"

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
support:x:1000:1000:support:/home/support:/bin/sh
guest:x:1001:1001:guest:/home/guest:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
# md5crypt of "admin" with a fixed salt: a default password on every unit.
root_hash=$(openssl passwd -1 -salt fwaudit0 admin)
cat > "$root/etc/shadow" <<EOF
root:$root_hash:19000:0:99999:7:::
daemon:*:19000:0:99999:7:::
support::19000:0:99999:7:::
guest:!\$6\$saltsalt\$lockedlockedlockedlocked:19000:0:99999:7:::
nobody:!:19000:0:99999:7:::
EOF

openssl genrsa -out "$root/etc/ssl/private/server.key" 2048 2>/dev/null
openssl genrsa -aes128 -passout pass:not-shipped -out "$root/etc/ssl/private/backup.key" 2048 2>/dev/null
openssl rsa -in "$root/etc/ssl/private/server.key" -pubout -out "$root/etc/ssl/certs/server.pub" 2>/dev/null

cat > "$root/etc/config/cloud.conf" <<'EOF'
# cloud uplink
region = ap-northeast-1
aws_access_key_id = AKIAQ7RMSZ4EXJ2B6WQN
# the documentation example below is not a real key
# aws_access_key_id = AKIAIOSFODNN7EXAMPLE
broker = mqtt://device:Sup3rS3cretMqtt@broker.example.net:1883
fallback = mqtt://device:${MQTT_PASS}@broker.example.net:1883
EOF

cat > "$root/etc/wpa_supplicant.conf" <<'EOF'
ctrl_interface=/var/run/wpa_supplicant
network={
	ssid="factory-test"
	psk="fact0ryWifiKey!"
	#psk="an-old-commented-key"
}
EOF

cat > "$root/etc/init.d/S90cloud" <<'EOF'
#!/bin/sh
# start the cloud agent
password=Cl0udAgentPw
exec /usr/bin/cloud-agent --user device --password "$password"
EOF
chmod 755 "$root/etc/init.d/S90cloud"

cat > "$root/usr/share/doc/mqtt/example.conf" <<'EOF'
# example configuration from the upstream documentation
password=example-password-here
EOF

# A "binary": NUL-separated strings, like an ELF's .rodata.
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000' > "$root/usr/bin/cloud-agent"
printf 'usage: cloud-agent\000github token\000ghp_R8xT2mQ9vL4nB7cK1pZ6wY3sD5fH0jG2aE8u\000\000' \
    >> "$root/usr/bin/cloud-agent"
chmod 755 "$root/usr/bin/cloud-agent"

ln -s busybox "$root/bin/sh"
printf '\177ELF\001\001\001\000' > "$root/bin/busybox"
mkdir -p "$root/sbin"
for applet in sbin/init sbin/getty usr/sbin/telnetd usr/bin/nc; do
    ln -s /bin/busybox "$root/$applet"
done
printf '\177ELF\001\001\001\000' > "$root/usr/bin/socat"

# Booting as a BusyBox image does: inittab -> rcS -> every S?? script.
cat > "$root/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100
::shutdown:/bin/umount -a -r
EOF
cat > "$root/etc/init.d/rcS" <<'EOF'
#!/bin/sh
mount -a
for i in /etc/init.d/S??* ; do
    [ -x "$i" ] && $i start
done
EOF
# A debug shell left listening (and near misses: a comment, a loopback
# listener, a netcat client).
cat > "$root/etc/init.d/S50debug" <<'EOF'
#!/bin/sh
# telnetd -l /bin/sh
telnetd -p 2323 -l /bin/sh
socat TCP-LISTEN:8888,bind=127.0.0.1,fork EXEC:/bin/sh &
nc 192.168.1.10 514 < /var/log/messages &
EOF
chmod 755 "$root/etc/init.d/rcS" "$root/etc/init.d/S50debug"
ln -s /tmp/resolv.conf "$root/etc/resolv.conf"

# A configuration backup nested inside the image.
mkdir -p "$work/backup/etc"
cat > "$work/backup/etc/backup.conf" <<'EOF'
admin_password = "B4ckupAdm1n!"
EOF
tar -C "$work/backup" --sort=name --owner=0 --group=0 --mtime='2020-01-01 00:00:00Z' \
    -czf "$root/usr/share/backup/config-backup.tar.gz" etc

tar -C "$root" --sort=name --owner=0 --group=0 --mtime='2020-01-01 00:00:00Z' \
    -czf "$out/sample-rootfs.tar.gz" .
echo "wrote $out/sample-rootfs.tar.gz"
