#!/bin/sh
# The sample root filesystem from testdata/: every planted problem is found
# with its requirement ID, path and line; no near miss is.
. "$top_srcdir/tests/lib.sh"
sh "$top_srcdir/testdata/make-sample-rootfs.sh" "$TMP/gen" >/dev/null || { fail "build sample"; finish; exit 1; }
img="$TMP/gen/sample-rootfs.tar.gz"
expect_exit 1 "sample scan finds high findings" -- "$FWAUDIT" scan -f json "$img"
cp "$TMP/out" "$TMP/r.json"
R="$TMP/r.json"
json_check "$R" 'r["scan"]["complete"] is True and r["input"]["kind"] == "archive"' "complete scan of an archive"
json_check "$R" 'any(f["details"].get("matched_password") == "admin" and f["location"]["line"] == 1 and "MO.2" in f["requirements"] for f in findings("account-default-password", "/etc/shadow"))' \
    "root's default password 'admin' found (MO.2, /etc/shadow:1)"
json_check "$R" 'any(f["location"]["line"] == 3 for f in findings("account-empty-password", "/etc/shadow"))' \
    "support's empty password found at /etc/shadow:3"
json_check "$R" 'len(findings("account-empty-password")) == 1 and len(findings("account-default-password")) == 1' \
    "locked accounts (daemon, guest, nobody) are not findings"
json_check "$R" 'findings("tls-server-key-shipped", "/etc/ssl/private/server.key")[0]["details"]["key_type"] == "RSA" and findings("tls-server-key-shipped")[0]["details"]["also_matches"] == "private-key-unencrypted" and "MO.13" in findings("tls-server-key-shipped")[0]["requirements"] and not findings("private-key-unencrypted", "/etc/ssl/private/server.key")' \
    "unencrypted RSA key in /etc/ssl/private found once, as a TLS server key (MO.13)"
json_check "$R" 'not findings(None, "/etc/ssl/private/backup.key") and not findings(None, "/etc/ssl/certs/server.pub")' \
    "encrypted key and public key are not findings"
json_check "$R" 'any(f["location"]["line"] == 3 for f in findings(None, "/etc/config/cloud.conf")) and all(f["location"]["line"] != 5 for f in findings(None, "/etc/config/cloud.conf"))' \
    "AWS key at cloud.conf:3 found, commented example at line 5 not"
json_check "$R" 'any(f["location"]["line"] == 6 for f in findings(None, "/etc/config/cloud.conf")) and all(f["location"]["line"] != 7 for f in findings(None, "/etc/config/cloud.conf"))' \
    "MQTT URL credentials found at line 6; \${MQTT_PASS} at line 7 not"
json_check "$R" 'any(f["location"]["line"] == 4 for f in findings(None, "/etc/wpa_supplicant.conf")) and all(f["location"]["line"] != 5 for f in findings(None, "/etc/wpa_supplicant.conf"))' \
    "Wi-Fi PSK found at line 4, commented psk at line 5 not"
json_check "$R" 'any(f["location"]["line"] == 3 for f in findings(None, "/etc/init.d/S90cloud"))' \
    "password= in the init script found"
json_check "$R" 'not findings(None, "/usr/share/doc/mqtt/example.conf")' \
    "documentation examples are not findings"
json_check "$R" 'any(f["location"]["line"] == 3 and "MO.1" in f["requirements"] for f in findings("shell-listener-without-login", "/etc/init.d/S50debug")) and len(findings("shell-listener-without-login")) == 1' \
    "telnetd -l /bin/sh at S50debug:3 is a shell without login (MO.1); the comment and the loopback socat are not"
json_check "$R" 'any(f["location"]["line"] == 2 and "support" in f["message"] for f in findings("empty-password-login", "/etc/inittab"))' \
    "getty on ttyS0 with support's empty password: a passwordless serial login at inittab:2"
json_check "$R" 'all(f["location"]["line"] == 3 for f in findings(None, "/etc/init.d/S50debug"))' \
    "the netcat client and the loopback listener at S50debug:4-5 are not findings"
json_check "$R" 'any(row["service"] == "telnetd" and row["port"] == "2323" and row["shell"] == "/bin/sh" for row in r["inventories"]["listeners"]["rows"]) and r["inventories"]["listeners"]["requirement"] == "MO.1"' \
    "the listeners inventory lists telnetd on 2323 with its shell, under MO.1"
json_check "$R" 'any(f["location"]["offset"] is not None and f["location"]["line"] is None for f in findings(None, "/usr/bin/cloud-agent"))' \
    "token inside a binary found by offset"
json_check "$R" 'any(f["location"]["chain"] == "/usr/share/backup/config-backup.tar.gz" and f["location"]["path"] == "/etc/backup.conf" for f in r["findings"])' \
    "secret in the nested archive found with its container chain"
json_check "$R" 'all("Sup3rS3cretMqtt" not in json.dumps(f) and "Cl0udAgentPw" not in json.dumps(f) and "fact0ryWifiKey" not in json.dumps(f) for f in r["findings"])' \
    "no secret appears whole in the report"
json_check "$R" 'status("MO.2") == "fail" and status("MO.13") == "fail" and status("MO.7") == "needs_attestation"' \
    "conformance: MO.2 and MO.13 fail, MO.7 needs attestation"
# Two runs give the same findings (deterministic order and fingerprints).
"$FWAUDIT" scan -f json "$img" > "$TMP/r2.json" 2>/dev/null
if python3 -c '
import json,sys
a=json.load(open(sys.argv[1]))["findings"]; b=json.load(open(sys.argv[2]))["findings"]
sys.exit(0 if a == b else 1)' "$R" "$TMP/r2.json"; then ok "two runs, identical findings"; else fail "findings differ between runs"; fi
finish
