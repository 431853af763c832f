#!/usr/bin/env bash
# Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the hottest leaf methods, and the
# first Parley frame (dev.parley.*) on each sampled stack, so time can be put down to Parley code.
#   scripts/jfr-hot-methods.sh recording.jfr [top-N]
# Record one with: JAVA_OPTS="-XX:StartFlightRecording=filename=server.jfr,settings=profile" bin/parley-bench server ...
#              or: jcmd <pid> JFR.start settings=profile duration=30s filename=server.jfr
set -euo pipefail
FILE="${1:?usage: jfr-hot-methods.sh recording.jfr [top-N]}"
TOP="${2:-25}"
TMP="$(mktemp)"
trap 'rm -f "$TMP"' EXIT
jfr print --events jdk.ExecutionSample --stack-depth 64 "$FILE" > "$TMP"
TOTAL="$(grep -c 'jdk.ExecutionSample' "$TMP" || true)"
echo "samples: $TOTAL"
echo
echo "== hottest leaf frames =="
awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print}' "$TMP" \
  | sort | uniq -c | sort -rn | head -n "$TOP" \
  | awk -v t="$TOTAL" '{c=$1; $1=""; printf "%6d %5.1f%% %s\n", c, 100*c/(t>0?t:1), $0}'
echo
echo "== first dev.parley frame on the stack (samples with none: JDK/Netty only) =="
awk '/stackTrace = \[/{inside=1; found=""; next}
     inside && /^[ \t]*\]/{print (found=="" ? "(no dev.parley frame)" : found); inside=0; next}
     inside && found=="" && /dev\.parley\./{line=$0; sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*/, "", line); found=line}' "$TMP" \
  | sort | uniq -c | sort -rn | head -n "$TOP" \
  | awk -v t="$TOTAL" '{c=$1; $1=""; printf "%6d %5.1f%% %s\n", c, 100*c/(t>0?t:1), $0}'
