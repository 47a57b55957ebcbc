#!/usr/bin/env bash
# One list over three machines, for real (issue #23): the README's recipe, GNU parallel
# --sshlogin driving `fetch --shard K/3 --resume`, against three sshd "machines", one of which
# is killed (kill -9, fetch and its sshd) in the middle of its shard. The job is then run again,
# as an operator would, and the merged output must hold every URL of the list exactly once.
#
# Everything happens in a private network and mount namespace (unshare -mn): the machines are
# three sshd on 127.0.0.1 ports 2201-2203, each with its own host key, reached with a key made
# here; the "internet" is fetch's test server answering after 20 ms. The machines share one
# directory for their outputs and state files, as they would share an NFS mount or a volume.
#
# Usage (as root): bench/multi_machine.sh [FETCH_BINARY] [URLS]
# Exit 0 when the merged output holds each of the URLs once; prints what it did.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${FETCH_MULTI_NAMESPACE:-}" != 1 ]; then
  .ci/install openssh-server openssh-client parallel jq iproute2 >/dev/null
  export FETCH_MULTI_NAMESPACE=1
  exec unshare -mn "$0" "$@"
fi

fetch=$(realpath "${1:-build-bench/fetch}")
urls=${2:-6000}
delay_server=$(realpath "${DELAY_SERVER:-build-bench/bench/delay_server}")
dir=$(mktemp -d /tmp/fetch-multi.XXXXXX)
chmod 755 "$dir"
trap 'pkill -F "$dir/delay.pid" 2>/dev/null || true; for m in 1 2 3; do pkill -F "$dir/sshd$m.pid" 2>/dev/null || true; done; rm -rf "$dir"' EXIT
ip link set lo up

# The "internet": a server that answers every URL after 20 ms.
"$delay_server" > "$dir/delay.port" & echo $! > "$dir/delay.pid"
until [ -s "$dir/delay.port" ]; do sleep 0.05; done
port=$(head -1 "$dir/delay.port")
for i in $(seq 0 $((urls - 1))); do echo "http://127.0.0.1:$port/delay/20?title=u$i"; done > "$dir/urls.txt"

# Three machines: one sshd each, its own host key, and the one client key allowed.
mkdir -p /run/sshd "$dir/shared"
ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key"
cp "$dir/client_key.pub" "$dir/authorized_keys"
start_machine() {
  local m=$1
  [ -f "$dir/host$m" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host$m"
  /usr/sbin/sshd -f /dev/null -o "Port=220$m" -o ListenAddress=127.0.0.1 -o "HostKey=$dir/host$m" \
    -o "PidFile=$dir/sshd$m.pid" -o "AuthorizedKeysFile=$dir/authorized_keys" -o PermitRootLogin=yes \
    -o StrictModes=no -o PasswordAuthentication=no -o UsePAM=no -o MaxStartups=100
}
for m in 1 2 3; do start_machine "$m"; done
cat > "$dir/ssh" <<EOF
#!/bin/sh
exec ssh -i "$dir/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes "\$@"
EOF
chmod +x "$dir/ssh"
logins="1/$dir/ssh -p 2201 root@127.0.0.1,1/$dir/ssh -p 2202 root@127.0.0.1,1/$dir/ssh -p 2203 root@127.0.0.1"

# The README's recipe: shard K of 3 on whichever machine is free, resumable, to shared storage.
run_job() {
  parallel --sshlogin "$logins" --halt never \
    "'$fetch' -q -j 50 --shard {}/3 --format jsonl --resume '$dir/shared/state-{}' -o '$dir/shared/part-{}.jsonl' '$dir/urls.txt'" \
    ::: 0 1 2
}

echo "== run 1: $urls URLs over 3 machines; machine 2 is killed mid-shard"
run_job > "$dir/run1.log" 2>&1 &
job=$!
# Machine 2 dies once its shard has written part of its records: its fetch and its sshd. Its
# fetch is the one whose ssh session came in on port 2202.
on_machine_2() {
  for p in $(pgrep -f -- "--shard [0-9]/3"); do
    tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -q "^SSH_CONNECTION=.* 2202$" && echo "$p"
  done
}
until victim=$(on_machine_2) && [ -n "$victim" ]; do sleep 0.1; done
shard=$(tr '\0' ' ' < "/proc/$victim/cmdline" | sed -E 's/.*--shard ([0-9])\/3.*/\1/')
until [ "$(wc -l < "$dir/shared/part-$shard.jsonl" 2>/dev/null || echo 0)" -gt 200 ]; do sleep 0.1; done
kill -9 "$victim"
pkill -9 -F "$dir/sshd2.pid"
echo "killed machine 2 (shard $shard) after $(wc -l < "$dir/shared/part-$shard.jsonl") of its records"
wait "$job" && status=0 || status=$?
echo "run 1: parallel exit $status (jobs failed)"

echo "== run 2: machine 2 back, the same command again"
start_machine 2
run_job > "$dir/run2.log" 2>&1 && status=0 || status=$?
echo "run 2: parallel exit $status"

cat "$dir"/shared/part-*.jsonl > "$dir/all.jsonl"
records=$(wc -l < "$dir/all.jsonl")
distinct=$(jq -r .index "$dir/all.jsonl" | sort -un | wc -l)
ok=$(jq -r 'select(.status == 200) | .index' "$dir/all.jsonl" | wc -l)
echo "merged: $records records, $distinct distinct indices, $ok with status 200, of $urls URLs"
[ "$records" -eq "$urls" ] && [ "$distinct" -eq "$urls" ] && [ "$ok" -eq "$urls" ]
echo "every URL exactly once"
