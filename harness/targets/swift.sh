#!/usr/bin/env bash
# swift.sh — OpenStack Swift + s3api (S3-compatible API) on loopback, from Debian bookworm
# packages. Local stand-in for Swift-based object stores with s3api (e.g. NHN Cloud Object
# Storage). Adapted from the verified reference /work/shared/targets/swift-s3api.sh
# (see docs/targets.md).
#
# Usage (as root):
#   swift.sh [start]   install packages if missing, write configs under the target dir, build
#                      1-replica rings, start memcached + account/container/object/proxy servers
#                      on 127.0.0.1, check both identities with a SigV4 ListBuckets, print
#                      KEY=VALUE endpoint info on stdout. Idempotent: if everything recorded is
#                      already running it only re-checks.
#   swift.sh stop      stop ONLY the processes whose PIDs this script recorded.
#   swift.sh status    show recorded PIDs and whether they are alive (exit 3 if not all run).
#   swift.sh restart   stop + start (data and rings are kept; configs are rewritten).
#   swift.sh wipe      stop, then delete the whole target dir.
#
# Two variants, which can run AT THE SAME TIME (separate dirs, ports, memcached):
#   default                s3_acl=false  /tmp/swift-target        proxy 8080, account 6202,
#                                                                  container 6201, object 6200,
#                                                                  memcached 11212
#   SWIFT_S3_ACL=true      s3_acl=true   /tmp/swift-s3acl-target  proxy 8081, account 6212,
#                          (full S3 ACL emulation in sysmeta)      container 6211, object 6210,
#                                                                  memcached 11213
#
# Identities (tempauth; S3 access key = "<account>:<user>", secret = the password):
#   main test:tester   (account AUTH_test,  admin)      alt test2:tester2 (account AUTH_test2, admin)
#   also: test:tester2 (AUTH_test, admin), test:tester3 (AUTH_test, no rights), admin:admin.
# Secrets are never printed: they are the fixed test values of Swift's own functional tests
# (docs/targets.md, fixtures/profiles/local-swift*.yaml).
#
# Virtual-hosted-style addressing: s3api storage_domain = s3.localhost, so
# `Host: <bucket>.s3.localhost:<port>` selects <bucket>; any other Host is path-style.
#
# stdout carries only the KEY=VALUE info block (start); every log line goes to stderr.
#
# Everything (configs, rings, data, logs, pid files) lives under the target dir. The only thing
# read from outside it is /etc/swift/swift.conf (hash prefix/suffix and storage policy 0), which
# Swift 2.30 always reads from that fixed path; the Debian "swift" package ships it with valid
# values, and this script never modifies it (both variants share it read-only).
#
# Environment overrides (defaults: see the table above):
#   SWIFT_S3_ACL [false]   SWIFT_TARGET_DIR   SWIFT_PROXY_PORT   SWIFT_ACCOUNT_PORT
#   SWIFT_CONTAINER_PORT   SWIFT_OBJECT_PORT  SWIFT_MEMCACHE_PORT
#   SWIFT_S3_REGION [us-east-1]   (s3api "location"; SigV4 credential scope must use it)
#   SWIFT_S3_DOMAIN [s3.localhost] (s3api storage_domain, for virtual-hosted-style requests)
#   SWIFT_WORKERS [0]             (0 = each server is one process, no forked workers)
set -euo pipefail

MODE=${1:-start}
S3_ACL=${SWIFT_S3_ACL:-false}
case "$S3_ACL" in
  true)  VARIANT=swift-s3acl; D_BASE=/tmp/swift-s3acl-target; D_PROXY=8081; D_ACCOUNT=6212
         D_CONTAINER=6211; D_OBJECT=6210; D_MEMCACHE=11213 ;;
  false) VARIANT=swift; D_BASE=/tmp/swift-target; D_PROXY=8080; D_ACCOUNT=6202
         D_CONTAINER=6201; D_OBJECT=6200; D_MEMCACHE=11212 ;;
  *) echo "SWIFT_S3_ACL must be true or false, not '$S3_ACL'" >&2; exit 2 ;;
esac
BASE=${SWIFT_TARGET_DIR:-$D_BASE}
PROXY_PORT=${SWIFT_PROXY_PORT:-$D_PROXY}
ACCOUNT_PORT=${SWIFT_ACCOUNT_PORT:-$D_ACCOUNT}
CONTAINER_PORT=${SWIFT_CONTAINER_PORT:-$D_CONTAINER}
OBJECT_PORT=${SWIFT_OBJECT_PORT:-$D_OBJECT}
MEMCACHE_PORT=${SWIFT_MEMCACHE_PORT:-$D_MEMCACHE}
REGION=${SWIFT_S3_REGION:-us-east-1}
S3_DOMAIN=${SWIFT_S3_DOMAIN:-s3.localhost}
WORKERS=${SWIFT_WORKERS:-0}
HOST=127.0.0.1
ACCESS_KEY='test:tester'
SECRET_KEY='testing'
ALT_ACCESS_KEY='test2:tester2'
ALT_SECRET_KEY='testing2'
PY=/usr/bin/python3
APT_LOCK=/var/lock/s3conform-targets-apt.lock   # shared with rgw.sh: one apt run at a time

ETC=$BASE/etc
RUN=$BASE/run
LOG=$BASE/log
DEVS=$BASE/srv/node
DEV=d1
# start order; stop goes in reverse
SERVICES=(memcached account container object proxy)

T0=$(date +%s.%N)
log() { printf '[%s %s] %s\n' "$VARIANT" "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }

[ "$(id -u)" = 0 ] || die "run as root"

# ---------------------------------------------------------------- pid helpers
pidfile() { echo "$RUN/$1.pid"; }

# alive_pid NAME -> prints pid if the recorded pid is alive AND its command line
# mentions "$BASE/" (so a recycled pid of an unrelated process, or a process of the other
# variant, is never touched)
alive_pid() {
  local f pid
  f=$(pidfile "$1")
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$BASE/" || return 1
  echo "$pid"
}

do_stop() {
  local i name pid
  for (( i=${#SERVICES[@]}-1; i>=0; i-- )); do
    name=${SERVICES[$i]}
    if pid=$(alive_pid "$name"); then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        [ -d "/proc/$pid" ] || break
        # a zombie (state Z) is gone for our purposes
        grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && break
        sleep 0.2
      done
      if [ -d "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
        log "$name (pid $pid) ignored SIGTERM for 10s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$(pidfile "$name")"
  done
}

do_status() {
  local name pid rc=0
  for name in "${SERVICES[@]}"; do
    if pid=$(alive_pid "$name"); then
      printf '%-10s running  pid %s\n' "$name" "$pid"
    else
      printf '%-10s stopped\n' "$name"; rc=3
    fi
  done
  exit $rc
}

# ---------------------------------------------------------------- packages
PKGS=(swift swift-proxy swift-account swift-container swift-object python3-swift memcached)

missing_packages() {
  local p
  for p in "${PKGS[@]}"; do
    # shellcheck disable=SC2016  # ${Status} is a dpkg-query field, not a shell expansion
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_packages() {
  local missing=() created_policy=0
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -eq 0 ] && return 0
  mkdir -p "$LOG"
  # one apt run at a time across the target scripts (both variants and rgw.sh may start at once)
  exec 9>"$APT_LOCK"
  flock -w 900 9 || die "timed out waiting for $APT_LOCK"
  mapfile -t missing < <(missing_packages)   # another script may have installed them meanwhile
  if [ ${#missing[@]} -eq 0 ]; then exec 9>&-; return 0; fi
  log "installing: ${missing[*]}"
  # Keep the packages' own init/systemd services (swift-*, memcached) from being started
  # by the postinst scripts: they would grab port 8080/11211 with /etc/swift configs.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT   # also if we are interrupted mid-install
  fi
  export DEBIAN_FRONTEND=noninteractive
  local rc=0
  apt-get -o DPkg::Lock::Timeout=600 update > "$LOG/apt.log" 2>&1 || rc=$?
  if [ $rc -eq 0 ]; then
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" \
      >> "$LOG/apt.log" 2>&1 || rc=$?
  fi
  if [ $created_policy = 1 ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  exec 9>&-
  [ $rc -eq 0 ] || die "apt-get failed (rc=$rc), see $LOG/apt.log:
$(tail -n 15 "$LOG/apt.log")"
  log "packages installed after $(elapsed)s (apt output: $LOG/apt.log)"
}

# ---------------------------------------------------------------- checks
port_free() { # exit 0 if 127.0.0.1:$1 can be bound (SO_REUSEADDR like the servers, so
               # TIME_WAIT leftovers from a previous run do not count as "in use")
  "$PY" - "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
}

port_listening() { # exit 0 if something accepts TCP connections on 127.0.0.1:$1
  "$PY" - "$1" <<'EOF2'
import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
except OSError:
    sys.exit(1)
EOF2
}

check_xattr() {
  "$PY" - "$DEVS/$DEV" <<'EOF' || die "filesystem under $DEVS does not support user xattrs (Swift object server needs them)"
import os, sys
p = os.path.join(sys.argv[1], ".xattr-test")
open(p, "w").close()
try:
    os.setxattr(p, "user.swift.test", b"1")
    assert os.getxattr(p, "user.swift.test") == b"1"
finally:
    os.unlink(p)
EOF
}

# ---------------------------------------------------------------- configs
write_configs() {
  mkdir -p "$ETC" "$RUN" "$LOG" "$DEVS/$DEV" "$BASE/cache"
  local common
  common="bind_ip = $HOST
user = root
swift_dir = $ETC
devices = $DEVS
mount_check = false
workers = $WORKERS
log_level = INFO
recon_cache_path = $BASE/cache"

  cat > "$ETC/account-server.conf" <<EOF
[DEFAULT]
$common
bind_port = $ACCOUNT_PORT
log_name = account-server

[pipeline:main]
pipeline = healthcheck account-server

[app:account-server]
use = egg:swift#account

[filter:healthcheck]
use = egg:swift#healthcheck
EOF

  cat > "$ETC/container-server.conf" <<EOF
[DEFAULT]
$common
bind_port = $CONTAINER_PORT
log_name = container-server

[pipeline:main]
pipeline = healthcheck container-server

[app:container-server]
use = egg:swift#container

[filter:healthcheck]
use = egg:swift#healthcheck
EOF

  cat > "$ETC/object-server.conf" <<EOF
[DEFAULT]
$common
bind_port = $OBJECT_PORT
log_name = object-server

[pipeline:main]
pipeline = healthcheck object-server

[app:object-server]
use = egg:swift#object

[filter:healthcheck]
use = egg:swift#healthcheck
EOF

  # Pipeline: s3api must sit right before the auth middleware (tempauth); slo must come
  # after s3api (multipart upload = SLO manifest); object_versioning (versioned_writes
  # with allow_object_versioning) + symlink are needed for S3 bucket versioning.
  cat > "$ETC/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = $HOST
bind_port = $PROXY_PORT
user = root
swift_dir = $ETC
workers = $WORKERS
log_name = proxy-server
log_level = INFO

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:s3api]
use = egg:swift#s3api
location = $REGION
s3_acl = $S3_ACL
# virtual-hosted-style: Host <bucket>.${S3_DOMAIN}[:port] selects <bucket>
storage_domain = $S3_DOMAIN
allow_multipart_uploads = true
dns_compliant_bucket_names = true

[filter:tempauth]
use = egg:swift#tempauth
# S3 access key = "<account>:<user>", secret = the password
# main identity: test:tester; alt identity (another account): test2:tester2
user_admin_admin = admin .admin .reseller_admin
user_test_tester = testing .admin
user_test_tester2 = testing2 .admin
user_test_tester3 = testing3
user_test2_tester2 = testing2 .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = $HOST:$MEMCACHE_PORT

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:bulk]
use = egg:swift#bulk

[filter:tempurl]
use = egg:swift#tempurl

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_versioned_writes = true
allow_object_versioning = true

[filter:symlink]
use = egg:swift#symlink
EOF
}

build_rings() {
  # Same result as `swift-ring-builder X.builder create 10 1 1`, `... add r1z1-127.0.0.1:PORT/d1 100`,
  # `... rebalance` for the three rings, but in one python process (each CLI call costs ~0.3 s).
  # An existing ring is kept if it already points at the wanted ip:port/device (restart keeps data).
  "$PY" - "$ETC" "$HOST" "$DEV" "account=$ACCOUNT_PORT" "container=$CONTAINER_PORT" "object=$OBJECT_PORT" <<'EOF' \
    || die "ring build failed"
import os, sys
from swift.common.ring import RingBuilder, Ring
etc, host, dev = sys.argv[1:4]
for spec in sys.argv[4:]:
    name, port = spec.split('=')
    port = int(port)
    bfile, rfile = os.path.join(etc, name + '.builder'), os.path.join(etc, name + '.ring.gz')
    if os.path.exists(bfile) and os.path.exists(rfile):
        devs = [d for d in Ring(rfile).devs if d]
        if [(d['ip'], d['port'], d['device']) for d in devs] == [(host, port, dev)]:
            continue
        print('%s ring points elsewhere, rebuilding' % name, file=sys.stderr)
    b = RingBuilder(10, 1, 1)  # part_power 10, 1 replica, min_part_hours 1
    b.add_dev({'region': 1, 'zone': 1, 'ip': host, 'port': port,
               'replication_ip': host, 'replication_port': port,
               'device': dev, 'weight': 100, 'meta': ''})
    b.rebalance()
    b.save(bfile)
    b.get_ring().save(rfile)
EOF
}

# start NAME CMD... : start detached in its own session, stdout/err to $LOG/NAME.log,
# pid written by the process itself right before exec (so it is the server's pid)
start_one() {
  local name=$1; shift
  local pf; pf=$(pidfile "$name")
  rm -f "$pf"
  # shellcheck disable=SC2016  # expanded by the inner sh, on purpose
  setsid sh -c 'echo $$ > "$0"; exec "$@"' "$pf" "$@" >> "$LOG/$name.log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do [ -s "$pf" ] && break; sleep 0.1; done
  [ -s "$pf" ] || die "$name did not start (see $LOG/$name.log)"
  log "started $name pid $(cat "$pf")"
}

wait_port() { # wait_port NAME PORT
  for _ in $(seq 1 300); do
    if port_listening "$2"; then return 0; fi
    alive_pid "$1" >/dev/null || die "$1 exited during startup; last log lines:
$(tail -n 20 "$LOG/$1.log")"
    sleep 0.1
  done
  die "$1 did not listen on $2 within 30s (see $LOG/$1.log)"
}

# first S3 request: SigV4-signed ListBuckets with the python3 stdlib only
# (secret passed through the environment, not argv, so `ps` never shows it)
s3_probe() {  # [access_key secret_key], default: main identity
  PROBE_SECRET=${2:-$SECRET_KEY} "$PY" - "$HOST:$PROXY_PORT" "$REGION" "${1:-$ACCESS_KEY}" <<'EOF'
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
        body = r.read()
        sys.exit(0 if r.status == 200 and b'ListAllMyBucketsResult' in body else 1)
except Exception:
    sys.exit(1)
EOF
}

# KEY=VALUE lines on stdout, for people and for `s3conform target start swift|swift-s3acl`.
# No secrets.
print_info() {
  local pids="" name
  for name in "${SERVICES[@]}"; do pids="$pids $name:$(alive_pid "$name" || true)"; done
  cat <<EOF
S3_TARGET=$VARIANT
S3_ENDPOINT=http://$HOST:$PROXY_PORT
S3_REGION=$REGION
S3_ACCESS_KEY=$ACCESS_KEY
S3_ALT_ACCESS_KEY=$ALT_ACCESS_KEY
S3_ADDRESSING_STYLE=path
S3_VIRTUAL_HOST_DOMAIN=$S3_DOMAIN
SWIFT_S3_ACL=$S3_ACL
SWIFT_AUTH_URL=http://$HOST:$PROXY_PORT/auth/v1.0
TARGET_DIR=$BASE
PIDS=${pids# }
EOF
}

check_identities() {
  s3_probe "$ACCESS_KEY" "$SECRET_KEY" || die "SigV4 ListBuckets as $ACCESS_KEY failed"
  s3_probe "$ALT_ACCESS_KEY" "$ALT_SECRET_KEY" || die "SigV4 ListBuckets as $ALT_ACCESS_KEY failed"
}

do_start() {
  # already fully running?  -> just verify and print
  local name all_up=1 some_up=0
  for name in "${SERVICES[@]}"; do
    if alive_pid "$name" >/dev/null; then some_up=1; else all_up=0; fi
  done
  if [ $all_up = 1 ] && s3_probe; then
    check_identities
    log "already running"
    print_info
    return 0
  fi
  if [ $some_up = 1 ]; then
    log "partially running: stopping recorded processes first"
    do_stop
  fi

  install_packages
  { [ -r /etc/swift/swift.conf ] && grep -q '^\[swift-hash\]' /etc/swift/swift.conf; } \
    || die "/etc/swift/swift.conf (from the swift package) missing or without [swift-hash]"

  local p
  for p in "$MEMCACHE_PORT" "$ACCOUNT_PORT" "$CONTAINER_PORT" "$OBJECT_PORT" "$PROXY_PORT"; do
    port_free "$p" || die "127.0.0.1:$p is already in use (set SWIFT_*_PORT to move)"
  done

  write_configs
  check_xattr
  build_rings
  log "configs + rings ready after $(elapsed)s"

  start_one memcached /usr/bin/memcached -l $HOST -p "$MEMCACHE_PORT" -U 0 -m 64 -c 1024 -u root \
    -P "$RUN/memcached.pid.unused"   # -P only marks the cmdline with $BASE; memcached ignores it without -d
  start_one account   /usr/bin/swift-account-server   "$ETC/account-server.conf" -v
  start_one container /usr/bin/swift-container-server "$ETC/container-server.conf" -v
  start_one object    /usr/bin/swift-object-server    "$ETC/object-server.conf" -v
  start_one proxy     /usr/bin/swift-proxy-server     "$ETC/proxy-server.conf" -v

  wait_port memcached "$MEMCACHE_PORT"
  wait_port account "$ACCOUNT_PORT"
  wait_port container "$CONTAINER_PORT"
  wait_port object "$OBJECT_PORT"
  wait_port proxy "$PROXY_PORT"

  for _ in $(seq 1 300); do
    if s3_probe; then
      check_identities
      log "first successful S3 requests (SigV4 ListBuckets, main + alt) after $(elapsed)s"
      print_info
      return 0
    fi
    sleep 0.1
  done
  die "S3 probe still failing after 30s (see $LOG/proxy.log)"
}

case "$MODE" in
  start) do_start ;;
  stop) do_stop; log "stopped after $(elapsed)s" ;;
  status) do_status ;;
  restart) do_stop; do_start ;;
  wipe) do_stop; rm -rf "$BASE"; log "removed $BASE" ;;
  *) echo "usage: [SWIFT_S3_ACL=true] $0 [start|stop|status|restart|wipe]" >&2; exit 2 ;;
esac
