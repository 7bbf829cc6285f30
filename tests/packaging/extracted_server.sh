#!/usr/bin/env bash
# The packages as a plant's IT gets them: extracted with dpkg-deb -x (not installed), their
# binaries resolve every shared library, the maintainer scripts parse, and the server runs with
# the packaged settings and plant (only the data paths and port moved into a temp dir) until
# /readyz answers 200; the packaged `stampline backup` then copies its database, and SIGTERM
# stops it with exit 0.
#   extracted_server.sh PACKAGES_DIR
set -euo pipefail
packages=$1
root=$(mktemp -d)
trap 'if ((pid > 0)); then kill "$pid" 2>/dev/null || true; fi; rm -rf "$root"' EXIT
pid=0

for deb in "$packages"/stampline-{server,terminal,tools}_*.deb; do
  dpkg-deb -x "$deb" "$root/fs"
  dpkg-deb -e "$deb" "$root/control-$(basename "$deb")"
done
for script in "$root"/control-*/{postinst,prerm,postrm}; do
  [[ -e $script ]] && sh -n "$script"
done
for bin in stampline-server stampline stampline-terminal; do
  if ldd "$root/fs/usr/bin/$bin" | grep -q 'not found'; then
    echo "FAIL: $bin has unresolved libraries:"; ldd "$root/fs/usr/bin/$bin" | grep 'not found'
    exit 1
  fi
done

etc=$root/fs/etc/stampline
data=$root/var
mkdir -p "$data"
"$root/fs/usr/bin/stampline-server" init --db "$data/stampline.db" --plant "$etc/plant" >/dev/null
"$root/fs/usr/bin/stampline-server" serve --config "$etc/server.toml" --db "$data/stampline.db" \
  --plant "$etc/plant" --host 127.0.0.1 --port 0 --port-file "$data/port" \
  >"$data/out" 2>"$data/err" &
pid=$!

status=""
for _ in $(seq 1 100); do
  if [[ -s $data/port ]]; then
    port=$(cat "$data/port")
    if exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
      printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
      status=$(head -n 1 <&3 | tr -d '\r')
      exec 3<&-
      [[ $status == *" 200 "* ]] && break
    fi
  fi
  sleep 0.1
done
if [[ $status != *" 200 "* ]]; then
  echo "FAIL: /readyz did not answer 200 (last: '$status')"; cat "$data/err"; exit 1
fi
echo "ok: /readyz: $status"

"$root/fs/usr/bin/stampline" backup --db "$data/stampline.db" --out "$data/backups"

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=0
if [[ $code -ne 0 ]]; then echo "FAIL: SIGTERM gave exit $code"; cat "$data/err"; exit 1; fi
grep -q "stopped; database closed" "$data/err"
echo "ok: stopped with exit 0"
