#!/bin/bash
# rgw.sh — local Ceph RADOS Gateway (Pacific 16.2.x, Debian bookworm) serving the S3 API on
# 127.0.0.1, without systemd, containers or a ceph-mgr. Stand-in for Ceph-based clouds.
# Adapted from the verified reference /work/shared/targets/ceph-rgw.sh (see docs/targets.md).
#
#   rgw.sh [start]   install packages if missing, bootstrap (first run) or restart the cluster,
#                    create the S3 users `tester` (main) and `alt`, check both with a SigV4
#                    ListBuckets, print KEY=VALUE endpoint info on stdout. Idempotent.
#   rgw.sh stop      stop ONLY the daemons this script recorded (by PID), rgw -> osd -> mon
#   rgw.sh restart   stop + start (data survives: memstore is written to disk on clean stop)
#   rgw.sh status    show recorded PIDs, liveness, RSS (exit 3 if not fully running)
#   rgw.sh wipe      stop, then delete the whole target dir
#
# stdout carries only the KEY=VALUE info block (start); every log line goes to stderr.
# Secret keys are never printed: they are fixed, documented test values (docs/targets.md,
# fixtures/profiles/local-rgw.yaml) and can be overridden through the environment below.
#
# Layout: everything under $RGW_DIR (default /tmp/rgw-target): ceph.conf, mon/ osd/ rgw/ data,
# log/, run/ (asok + ceph pid files), pids/ (PIDs recorded by this script).
#
# Topology: 1 mon (msgr2 only, 127.0.0.1:3300), 1 OSD (memstore by default = data in RAM,
# or OSD_BACKEND=bluestore on a sparse file), 1 radosgw (beast, 127.0.0.1:7480).
# Auth between daemons: none (cephx off). S3 auth is RGW's own (SigV2/SigV4 keys).
# The OSD also listens on 127.0.0.1:6800-6803 (msgr2 public/cluster/heartbeat);
# a Ceph OSD cannot run without its own ports.
#
# Virtual-hosted-style addressing: `rgw dns name = $RGW_DNS_NAME` (default s3.localhost), so
# `Host: <bucket>.s3.localhost:7480` selects <bucket>; any other Host (e.g. 127.0.0.1:7480) is
# path-style. *.localhost resolves to loopback in most resolvers; clients can also connect to
# 127.0.0.1 and send the Host header.
#
# Environment overrides (defaults in brackets): RGW_DIR [/tmp/rgw-target], RGW_PORT [7480],
# MON_PORT [3300], OSD_BACKEND [memstore], MEMSTORE_BYTES, BLUESTORE_BYTES, RGW_THREADS [128],
# RGW_DNS_NAME [s3.localhost], STOP_TIMEOUT [30], RGW_MAIN_ACCESS_KEY, RGW_MAIN_SECRET_KEY,
# RGW_ALT_ACCESS_KEY, RGW_ALT_SECRET_KEY. (Deliberately not the generic S3_* names, so real
# cloud credentials exported in the shell never end up as keys of a throwaway local user.)
set -euo pipefail
trap 'echo "[rgw] failed at line $LINENO: $BASH_COMMAND" >&2' ERR

OSD_BACKEND_SET=${OSD_BACKEND:+1}   # did the caller choose a backend explicitly?
RGW_DIR=${RGW_DIR:-/tmp/rgw-target}
RGW_PORT=${RGW_PORT:-7480}
MON_PORT=${MON_PORT:-3300}
OSD_BACKEND=${OSD_BACKEND:-memstore}          # memstore | bluestore
MEMSTORE_BYTES=${MEMSTORE_BYTES:-4294967296}  # capacity the memstore OSD reports (data lives in RAM)
BLUESTORE_BYTES=${BLUESTORE_BYTES:-10737418240}  # sparse block file size for bluestore
RGW_DNS_NAME=${RGW_DNS_NAME:-s3.localhost}
REGION=us-east-1
MAIN_USER=tester
MAIN_ACCESS_KEY=${RGW_MAIN_ACCESS_KEY:-TESTERACCESSKEY00001}
MAIN_SECRET_KEY=${RGW_MAIN_SECRET_KEY:-testersecretkey0000000000000000000000001}
ALT_USER=alt
ALT_ACCESS_KEY=${RGW_ALT_ACCESS_KEY:-ALTACCESSKEY00000002}
ALT_SECRET_KEY=${RGW_ALT_SECRET_KEY:-altsecretkey00000000000000000000000000002}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}   # seconds per daemon before SIGKILL
PY=/usr/bin/python3                # Debian's python (stdlib only), not a pyenv/venv shim
CONF=$RGW_DIR/ceph.conf
PIDS=$RGW_DIR/pids
ENDPOINT=http://127.0.0.1:$RGW_PORT
APT_LOCK=/var/lock/s3conform-targets-apt.lock   # shared with swift.sh: one apt run at a time

log() { printf '[rgw %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }

# ---------------------------------------------------------------- packages
missing_packages() {
  command -v ceph-mon >/dev/null || echo ceph-mon
  command -v ceph-osd >/dev/null || echo ceph-osd
  command -v radosgw  >/dev/null || echo radosgw
  command -v ceph     >/dev/null || echo ceph-common
  command -v radosgw-admin >/dev/null || echo ceph-common
  command -v monmaptool >/dev/null || echo ceph-base
  [ -x $PY ] || echo python3
}

ensure_packages() {
  local need=() created_policy=0 rc=0
  mapfile -t need < <(missing_packages | sort -u)
  [ ${#need[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "need root to apt-get install ${need[*]}"
  mkdir -p "$RGW_DIR/log"
  # one apt run at a time across the target scripts (they may be started in parallel)
  exec 9>"$APT_LOCK"
  flock -w 900 9 || die "timed out waiting for $APT_LOCK"
  mapfile -t need < <(missing_packages | sort -u)   # another script may have installed them
  if [ ${#need[@]} -eq 0 ]; then exec 9>&-; return 0; fi
  log "installing ${need[*]} (apt, log: $RGW_DIR/log/apt.log)"
  local t0; t0=$(now)
  # keep package postinst scripts from starting system-wide ceph services
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT   # also if we are interrupted mid-install
  fi
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -o DPkg::Lock::Timeout=600)
  # refresh the package lists first when apt does not know a package (fresh machine/image)
  local p stale=0
  for p in "${need[@]}"; do
    apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]' || stale=1
  done
  if [ $stale = 1 ]; then
    "${apt[@]}" update >"$RGW_DIR/log/apt.log" 2>&1 || rc=$?
  fi
  if [ $rc -eq 0 ]; then
    # radosgw pulls ceph-common/ceph-base/librados etc.; recommends are not needed.
    "${apt[@]}" install -y --no-install-recommends "${need[@]}" >>"$RGW_DIR/log/apt.log" 2>&1 || rc=$?
    if [ $rc -ne 0 ] && [ $stale = 0 ]; then   # lists present but outdated (404 on a .deb)
      rc=0
      "${apt[@]}" update >>"$RGW_DIR/log/apt.log" 2>&1 || rc=$?
      [ $rc -eq 0 ] && { "${apt[@]}" install -y --no-install-recommends "${need[@]}" \
        >>"$RGW_DIR/log/apt.log" 2>&1 || rc=$?; }
    fi
  fi
  if [ $created_policy = 1 ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  exec 9>&-
  [ $rc -eq 0 ] || die "apt-get failed (rc=$rc), see $RGW_DIR/log/apt.log:
$(tail -n 15 "$RGW_DIR/log/apt.log")"
  log "packages installed in $(since "$t0")s"
}

# ---------------------------------------------------------------- pid bookkeeping
# A recorded PID only counts if the process is alive AND is the expected binary AND its
# command line names this target's ceph.conf (guards against PID reuse after a reboot/crash).
pid_of() {  # name -> pid if alive and matching, else empty
  local name=$1 bin pid
  case $name in mon.*) bin=ceph-mon ;; osd.*) bin=ceph-osd ;; client.rgw.*) bin=radosgw ;; esac
  [ -f "$PIDS/$name" ] || return 0
  pid=$(cat "$PIDS/$name")
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ] || return 0
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$bin" ] || return 0
  grep -q . "/proc/$pid/cmdline" 2>/dev/null || return 0
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$CONF" || return 0
  echo "$pid"
}

alive() { [ -d "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

start_daemon() {  # name binary args...
  local name=$1; shift
  mkdir -p "$PIDS"
  # -f: stay in the foreground (so $! is the daemon), setsid: own session, survives this shell.
  setsid "$@" -c "$CONF" -f </dev/null >>"$RGW_DIR/log/$name.stdout" 2>&1 &
  local pid=$!
  echo "$pid" > "$PIDS/$name"
  sleep 0.2
  alive "$pid" || { tail -20 "$RGW_DIR/log/$name.stdout" >&2; die "$name exited at once"; }
  [ -n "$(pid_of "$name")" ] || die "pid $pid is not $1 (run this script non-interactively, not sourced)"
  log "started $name pid $pid"
}

port_free() {  # port -> 0 if nothing listens on 127.0.0.1:port
  $PY - "$1" <<'PYEOF'
import socket, sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PYEOF
}

check_port() {  # port what
  port_free "$1" || die "127.0.0.1:$1 ($2) is already in use by a process this script did not record"
}

stop_one() {  # name
  local name=$1 pid i
  pid=$(pid_of "$name")
  if [ -z "$pid" ]; then rm -f "$PIDS/$name"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    log "$name pid $pid did not stop in ${STOP_TIMEOUT}s, SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    [ "$name" = osd.0 ] && rm -f "$RGW_DIR/osd/0/clean-shutdown"
  elif [ "$name" = osd.0 ]; then
    touch "$RGW_DIR/osd/0/clean-shutdown"   # memstore has written its content to osd/0
  fi
  log "stopped $name pid $pid"
  rm -f "$PIDS/$name"
}

kill_all() {  # SIGKILL every recorded daemon (used before wiping the cluster anyway)
  local n pid i
  for n in client.rgw.a osd.0 mon.a; do
    pid=$(pid_of $n)
    if [ -n "$pid" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
      log "killed $n pid $pid"
    fi
    rm -f "$PIDS/$n"
  done
}

do_stop() {
  local t0; t0=$(now)
  [ -d "$PIDS" ] || { log "nothing recorded in $PIDS"; return 0; }
  stop_one client.rgw.a   # rgw first: it needs mon+osd for a clean shutdown
  stop_one osd.0          # then the osd (it tells the mon it is going down)
  stop_one mon.a
  log "stopped in $(since "$t0")s"
}

# ---------------------------------------------------------------- config
# Written at bootstrap and rewritten (same fsid, same objectstore) before every (re)start of
# stopped daemons, so edits to this script apply without wiping data.
write_conf() {
  local fsid=$1 backend=$2
  mkdir -p "$RGW_DIR"/{run,log,crash,mon/a,osd/0,rgw,pids}
  cat > "$CONF.new" <<EOF
# generated by harness/targets/rgw.sh — rewritten on start, do not edit
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv4 = true
ms bind ipv6 = false
ms bind msgr1 = false
ms bind msgr2 = true
# no cephx between daemons; with auth none every msgr2 mode list must allow "crc"
# (daemons default to ms_mon_client_mode=secure, which is impossible without cephx -> EACCES)
auth cluster required = none
auth service required = none
auth client required = none
auth supported = none
ms cluster mode = crc
ms service mode = crc
ms client mode = crc
ms mon cluster mode = crc
ms mon service mode = crc
ms mon client mode = crc
run dir = $RGW_DIR/run
admin socket = $RGW_DIR/run/\$name.asok
pid file = $RGW_DIR/run/\$name.pid
log file = $RGW_DIR/log/\$name.log
crash dir = $RGW_DIR/crash
keyring = $RGW_DIR/keyring
# one OSD, one copy
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
# don't let the mon shut itself down on a fullish /tmp (default crit = 5% free)
mon data avail warn = 2
mon data avail crit = 1
# faster pool creation at first rgw start (mon commits every paxos_propose_interval)
paxos propose interval = 0.1
[mon]
mon data = $RGW_DIR/mon/\$id
[osd]
osd data = $RGW_DIR/osd/\$id
osd objectstore = $backend
EOF
  if [ "$backend" = memstore ]; then
    cat >> "$CONF.new" <<EOF
memstore device bytes = $MEMSTORE_BYTES
# memstore only writes its content to disk on umount; fast shutdown skips umount
osd fast shutdown = false
EOF
  else
    cat >> "$CONF.new" <<EOF
# must NOT be osd_data/block: bluestore creates that as a symlink to this path (ELOOP)
bluestore block path = $RGW_DIR/osd/\$id.block
bluestore block create = true
bluestore block size = $BLUESTORE_BYTES
bluestore block db create = false
bluestore block wal create = false
bluestore fsck on mkfs = false
bdev enable discard = false
# keep bluestore small: fixed 64 MiB cache, low memory target
bluestore cache autotune = false
bluestore cache size = 67108864
osd memory target = 939524096
EOF
  fi
  cat >> "$CONF.new" <<EOF
[client.rgw.a]
rgw data = $RGW_DIR/rgw
# tcp_nodelay=1: without it, small responses (GET/HEAD/list) take ~40 ms (Nagle + delayed ACK)
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw thread pool size = ${RGW_THREADS:-128}
# virtual-hosted-style: Host <bucket>.${RGW_DNS_NAME}[:port] selects <bucket> (port is ignored);
# any other Host header is served path-style
rgw dns name = $RGW_DNS_NAME
# reclaim deleted object data quickly (memstore keeps it in RAM until gc)
rgw gc obj min wait = 60
rgw gc processor period = 60
EOF
  mv -f "$CONF.new" "$CONF"
}

conf_value() {  # key -> value from the existing ceph.conf (first match)
  sed -n "s/^$1 = //p" "$CONF" | head -n 1
}

refresh_conf() {  # rewrite ceph.conf from this script, keeping the cluster's fsid and backend
  local fsid backend
  fsid=$(conf_value fsid); backend=$(conf_value 'osd objectstore')
  if [ -z "$fsid" ] || [ -z "$backend" ]; then die "$CONF has no fsid/objectstore; run '$0 wipe' first"; fi
  if [ "$backend" != "$OSD_BACKEND" ] && [ "$OSD_BACKEND_SET" = 1 ]; then
    log "keeping existing objectstore '$backend' (OSD_BACKEND=$OSD_BACKEND needs '$0 wipe')"
  fi
  write_conf "$fsid" "$backend"
}

# ---------------------------------------------------------------- readiness helpers
wait_s3() {  # timeout_s
  local deadline=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if $PY - "$ENDPOINT" <<'EOF' 2>/dev/null; then return 0; fi
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/", timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
    [ -n "$(pid_of client.rgw.a)" ] || { tail -20 "$RGW_DIR/log/client.rgw.a.log" >&2; die "radosgw died"; }
    sleep 0.1
  done
  return 1
}

wait_osd_up() {  # timeout_s
  local deadline=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    ceph -c "$CONF" osd dump --connect-timeout 5 2>/dev/null | grep -q '^osd.0 up' && return 0
    [ -n "$(pid_of osd.0)" ] || { tail -20 "$RGW_DIR/log/osd.0.log" >&2; die "ceph-osd died"; }
    sleep 0.2
  done
  return 1
}

ensure_one_user() {  # uid access_key secret_key
  if radosgw-admin -c "$CONF" user info --uid="$1" >/dev/null 2>&1; then return 0; fi
  # the JSON answer holds the secret: never let it reach the terminal
  radosgw-admin -c "$CONF" user create --uid="$1" --display-name="$1" \
    --access-key="$2" --secret="$3" >/dev/null 2>&1 || die "could not create S3 user $1"
  log "created S3 user $1 (access key $2)"
}

ensure_user() {
  ensure_one_user "$MAIN_USER" "$MAIN_ACCESS_KEY" "$MAIN_SECRET_KEY"
  ensure_one_user "$ALT_USER" "$ALT_ACCESS_KEY" "$ALT_SECRET_KEY"
}

# SigV4-signed ListBuckets with the python3 stdlib (secret passed via the environment, not argv)
s3_probe() {  # access_key secret_key
  PROBE_SECRET=$2 $PY - "127.0.0.1:$RGW_PORT" "$REGION" "$1" <<'EOF'
import datetime, hashlib, hmac, os, sys, urllib.request
host, region, ak = sys.argv[1:4]
sk = os.environ['PROBE_SECRET']
t = datetime.datetime.now(datetime.timezone.utc)
amzdate, day = t.strftime('%Y%m%dT%H%M%SZ'), t.strftime('%Y%m%d')
ph = hashlib.sha256(b'').hexdigest()
signed = 'host;x-amz-content-sha256;x-amz-date'
creq = 'GET\n/\n\nhost:%s\nx-amz-content-sha256:%s\nx-amz-date:%s\n\n%s\n%s' % (host, ph, amzdate, signed, ph)
scope = '%s/%s/s3/aws4_request' % (day, region)
sts = 'AWS4-HMAC-SHA256\n%s\n%s\n%s' % (amzdate, scope, hashlib.sha256(creq.encode()).hexdigest())
k = ('AWS4' + sk).encode()
for m in (day, region, 's3', 'aws4_request'):
    k = hmac.new(k, m.encode(), hashlib.sha256).digest()
sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
req = urllib.request.Request('http://%s/' % host, headers={
    'x-amz-date': amzdate, 'x-amz-content-sha256': ph,
    'Authorization': 'AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s' % (ak, scope, signed, sig)})
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        sys.exit(0 if r.status == 200 and b'ListAllMyBucketsResult' in r.read() else 1)
except Exception as e:
    print('probe as %s: %s' % (ak, e), file=sys.stderr)
    sys.exit(1)
EOF
}

check_identities() {
  s3_probe "$MAIN_ACCESS_KEY" "$MAIN_SECRET_KEY" || die "SigV4 ListBuckets as $MAIN_ACCESS_KEY failed"
  s3_probe "$ALT_ACCESS_KEY" "$ALT_SECRET_KEY" || die "SigV4 ListBuckets as $ALT_ACCESS_KEY failed"
}

# ---------------------------------------------------------------- bootstrap / start
bootstrap() {
  local t0 fsid osd_uuid id
  t0=$(now)
  check_port "$MON_PORT" ceph-mon
  check_port "$RGW_PORT" radosgw
  log "bootstrapping new cluster in $RGW_DIR (osd backend: $OSD_BACKEND)"
  rm -rf "$RGW_DIR"/{mon,osd,rgw,run,crash,pids,ceph.conf,monmap,keyring,.bootstrapped}
  rm -f "$RGW_DIR"/log/*.log "$RGW_DIR"/log/*.stdout
  fsid=$(cat /proc/sys/kernel/random/uuid)
  write_conf "$fsid" "$OSD_BACKEND"
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" "$RGW_DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$RGW_DIR/monmap" >/dev/null
  start_daemon mon.a ceph-mon -i a
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  id=$(ceph -c "$CONF" --connect-timeout 30 osd new "$osd_uuid")
  [ "$id" = 0 ] || die "expected osd id 0, got '$id'"
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$RGW_DIR/log/osd.0.stdout" 2>&1 \
    || { grep -a ERROR "$RGW_DIR/log/osd.0.stdout" >&2; die "ceph-osd --mkfs failed"; }
  start_daemon osd.0 ceph-osd -i 0
  wait_osd_up 60 || die "osd.0 did not come up"
  log "mon+osd up after $(since "$t0")s"
  start_daemon client.rgw.a radosgw -n client.rgw.a
  wait_s3 180 || die "radosgw did not answer on $ENDPOINT"
  log "radosgw answering after $(since "$t0")s"
  ensure_user
  check_identities
  touch "$RGW_DIR/.bootstrapped"
  log "cold start (bootstrap -> S3 ready, both identities checked) $(since "$t0")s"
}

do_start() {
  local t0; t0=$(now)
  ensure_packages
  mkdir -p "$RGW_DIR"
  if [ ! -f "$RGW_DIR/.bootstrapped" ] || [ ! -f "$CONF" ]; then
    kill_all
    bootstrap
  elif [ -n "$(pid_of mon.a)" ] && [ -n "$(pid_of osd.0)" ] && [ -n "$(pid_of client.rgw.a)" ] && wait_s3 5; then
    ensure_user
    check_identities
    log "already running"
  else
    # restart whatever is missing, from existing data
    if [ -z "$(pid_of osd.0)" ] && grep -q '^osd objectstore = memstore' "$CONF" \
       && [ ! -f "$RGW_DIR/osd/0/clean-shutdown" ]; then
      # memstore lost its RAM content (crash/kill -9/reboot): the PGs are gone, start over
      log "memstore OSD was not shut down cleanly: data lost, re-bootstrapping"
      kill_all
      bootstrap
    else
      refresh_conf
      [ -n "$(pid_of mon.a)" ] || { check_port "$MON_PORT" ceph-mon; start_daemon mon.a ceph-mon -i a; }
      if [ -z "$(pid_of osd.0)" ]; then
        rm -f "$RGW_DIR/osd/0/clean-shutdown"
        start_daemon osd.0 ceph-osd -i 0
      fi
      wait_osd_up 60 || die "osd.0 did not come up"
      [ -n "$(pid_of client.rgw.a)" ] || { check_port "$RGW_PORT" radosgw; start_daemon client.rgw.a radosgw -n client.rgw.a; }
      wait_s3 180 || die "radosgw did not answer on $ENDPOINT"
      ensure_user
      check_identities
      log "restarted in $(since "$t0")s"
    fi
  fi
  print_info
}

# KEY=VALUE lines on stdout, for people and for `s3conform target start rgw`. No secrets.
print_info() {
  cat <<EOF
S3_TARGET=rgw
S3_ENDPOINT=$ENDPOINT
S3_REGION=$REGION
S3_ACCESS_KEY=$MAIN_ACCESS_KEY
S3_ALT_ACCESS_KEY=$ALT_ACCESS_KEY
S3_ADDRESSING_STYLE=path
S3_VIRTUAL_HOST_DOMAIN=$RGW_DNS_NAME
CEPH_CONF=$CONF
TARGET_DIR=$RGW_DIR
PIDS=mon.a:$(pid_of mon.a) osd.0:$(pid_of osd.0) client.rgw.a:$(pid_of client.rgw.a)
EOF
}

do_status() {
  local n pid total=0 rss rc=0
  for n in mon.a osd.0 client.rgw.a; do
    pid=$(pid_of $n)
    if [ -n "$pid" ]; then
      rss=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status"); total=$((total + rss))
      echo "$n pid=$pid running rss=$((rss / 1024))MiB threads=$(awk '/^Threads/{print $2}' "/proc/$pid/status")"
    else
      echo "$n not running"; rc=3
    fi
  done
  echo "total rss=$((total / 1024))MiB"
  exit $rc   # exit, not return: a failing return would fire the ERR trap
}

case "${1:-start}" in
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop; do_start ;;
  status) do_status ;;
  wipe) do_stop; rm -rf "$RGW_DIR"; log "removed $RGW_DIR" ;;
  *) echo "usage: $0 [start|stop|restart|status|wipe]" >&2; exit 2 ;;
esac
