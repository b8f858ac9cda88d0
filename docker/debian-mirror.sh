#!/usr/bin/env bash
# Prints the Debian package mirror this machine's apt is configured with, for debootstrap: the URI of the first
# `deb` source (one-line `.list` or deb822 `.sources`) whose suite is SUITE, else, on a Debian host, of the first
# source of a plain release suite (not -updates, -security, -backports).
#
#   docker/debian-mirror.sh [SUITE]      default SUITE: bookworm
#
# SKIFF_APT_ETC (default /etc/apt) is where sources.list and sources.list.d/ are read from (tests point it elsewhere).
# Exits 1, saying why, when no usable source is configured: set DEBIAN_MIRROR for build-offline-base.sh then.
set -euo pipefail

suite=${1:-bookworm}
etc=${SKIFF_APT_ETC:-/etc/apt}

# One "URI SUITE" line per enabled deb source, in apt's own order: sources.list, then sources.list.d/ by name.
sources() {
  local f
  for f in "$etc/sources.list" "$etc"/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    # deb [options] URI SUITE COMPONENT...; options may hold spaces inside the brackets.
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && NF >= 3 { print $2, $3 }'
  done
  for f in "$etc"/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    # deb822 stanzas: blank-line separated, "Field: value" (values may be lists), "Enabled: no" switches one off.
    awk 'function flush() {
           if (types ~ /(^| )deb( |$)/ && enabled != "no")
             for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print u[i], s[j]
           types = ""; enabled = ""; nu = 0; ns = 0
         }
         /^[ \t]*#/ { next }
         /^[ \t]*$/ { flush(); next }
         { field = tolower($1); sub(/:$/, "", field) }
         field == "types"   { types = " " substr($0, index($0, ":") + 1) " " }
         field == "enabled" { enabled = tolower($2) }
         field == "uris"    { for (i = 2; i <= NF; i++) u[++nu] = $i }
         field == "suites"  { for (i = 2; i <= NF; i++) s[++ns] = $i }
         END { flush() }' "$f"
  done
}

# debootstrap fetches over http(s), ftp or from a local file tree; apt's mirror+ and cdrom: methods it cannot use.
usable=$(sources | awk '$1 ~ /^(https?|ftp|file):/ { sub(/\/+$/, "", $1); print }')

pick=$(awk -v want="$suite" '$2 == want { print $1; exit }' <<<"$usable")
if [ -z "$pick" ] && grep -qs '^ID=debian$' "${SKIFF_OS_RELEASE:-/etc/os-release}"; then
  # Another Debian release (e.g. trixie): its main-archive mirror carries every current suite.
  pick=$(awk '$2 !~ /[-\/]/ { print $1; exit }' <<<"$usable")
fi
if [ -z "$pick" ]; then
  echo "no Debian mirror for '$suite' in $etc/sources.list or $etc/sources.list.d/: set DEBIAN_MIRROR" >&2
  exit 1
fi
echo "$pick"
