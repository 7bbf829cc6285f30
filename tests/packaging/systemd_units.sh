#!/usr/bin/env bash
# `systemd-analyze verify` on the packaged units, taken from the extracted packages. ExecStart
# names /usr/bin/..., which is not installed on a build machine: the units are checked with
# those paths pointed at the extracted binaries, nothing else changed. The user unit of the
# kiosk session is checked with --user (a runtime dir of its own, as no user manager runs here).
#   systemd_units.sh PACKAGES_DIR
set -euo pipefail
packages=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
for deb in "$packages"/stampline-{server,terminal,tools}_*.deb; do dpkg-deb -x "$deb" "$root/fs"; done
mkdir -p "$root/units" "$root/xdg"
chmod 700 "$root/xdg"
for unit in "$root"/fs/lib/systemd/system/* "$root"/fs/usr/lib/systemd/user/*; do
  sed "s|/usr/bin/|$root/fs/usr/bin/|" "$unit" >"$root/units/$(basename "$unit")"
done
systemd-analyze verify "$root/units/stampline-server.service" \
  "$root/units/stampline-backup.service" "$root/units/stampline-backup.timer"
XDG_RUNTIME_DIR=$root/xdg systemd-analyze --user verify "$root/units/stampline-terminal.service"
grep -q '^ProtectSystem=strict$' "$root/units/stampline-server.service"
grep -q '^NoNewPrivileges=yes$' "$root/units/stampline-server.service"
grep -q '^ReadWritePaths=/var/lib/stampline$' "$root/units/stampline-server.service"
grep -q '^Type=notify$' "$root/units/stampline-server.service"
echo "ok: units verify"
