#!/usr/bin/env bash
# lintian on the three packages: no error, and no warning but the ones explained here.
#   no-manual-page                          each binary's --help is its full manual
#   initial-upload-closes-no-bugs           the changelog is not an upload to Debian's archive
#   appstream-metadata-missing-modalias-provide
#                                           the udev rules give scanners' permissions, they are
#                                           not a driver claiming hardware for software centres
#   lintian.sh PACKAGES_DIR
set -euo pipefail
packages=$1
explained='no-manual-page|initial-upload-closes-no-bugs|appstream-metadata-missing-modalias-provide'
report=$(lintian --tag-display-limit 0 "$packages"/stampline-{server,terminal,tools}_*.deb 2>&1 |
  grep -v '^running with root privileges' || true)
unexplained=$(grep -E '^[EW]: ' <<<"$report" | grep -Ev ": ($explained)( |$)" || true)
if [[ -n $unexplained ]]; then
  echo "FAIL: lintian tags not explained in tests/packaging/lintian.sh:"
  echo "$unexplained"
  exit 1
fi
echo "ok: lintian: $(grep -cE '^[EW]: ' <<<"$report" || true) explained warnings"
