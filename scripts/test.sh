#!/usr/bin/env bash
# The project's test command (README "Test"): makes sure MariaDB and Redis are up, then runs
# `mvn -B verify` over every module. On a fresh Debian machine, run as root, it installs them, and
# Debian's chromium and chromium-driver for the browser tests (chat-web-client), which never
# download a browser or driver themselves.
#
# Tests read the database from PARLEY_JDBC_URL / PARLEY_DB_USER / PARLEY_DB_PASSWORD (default:
# jdbc:mysql://127.0.0.1:3306/test as root with no password) and Redis from PARLEY_REDIS_URL
# (default redis://127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[test.sh] %s\n' "$*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do
    port_open "$port" && return 0
    sleep 0.5
  done
  log "$name did not open port $port"; return 1
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

ensure_packages() {
  local missing=()
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}

ensure_redis() {
  port_open 6379 && return 0
  log "starting redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_port 6379 redis
}

ensure_mariadb() {
  if ! port_open 3306; then
    log "starting mariadb"
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    sleep 1
    port_open 3306 || as_root /etc/init.d/mariadb start || true
    wait_port 3306 mariadb
  fi
  # Fresh Debian installs let root in by unix socket only: create a TCP test user and use it.
  if [ -z "${PARLEY_DB_USER:-}" ] && ! mysql_tcp root "" ; then
    log "root cannot log in over TCP; creating user parley"
    as_root mysql -e "CREATE USER IF NOT EXISTS 'parley'@'127.0.0.1' IDENTIFIED BY 'parley';
      GRANT ALL ON *.* TO 'parley'@'127.0.0.1' WITH GRANT OPTION; CREATE DATABASE IF NOT EXISTS test; FLUSH PRIVILEGES;"
    export PARLEY_DB_USER=parley PARLEY_DB_PASSWORD=parley
  fi
}

mysql_tcp() {
  local user=$1 pass=$2
  command -v mysql >/dev/null || return 0  # no client: let the tests speak for themselves
  MYSQL_PWD="$pass" mysql -h 127.0.0.1 -P 3306 -u "$user" -e 'SELECT 1' >/dev/null 2>&1
}

ensure_packages
ensure_redis
ensure_mariadb
export PARLEY_JDBC_URL="${PARLEY_JDBC_URL:-jdbc:mysql://127.0.0.1:3306/test}"
export PARLEY_DB_USER="${PARLEY_DB_USER:-root}"
export PARLEY_DB_PASSWORD="${PARLEY_DB_PASSWORD:-}"
export PARLEY_REDIS_URL="${PARLEY_REDIS_URL:-redis://127.0.0.1:6379}"
log "MariaDB and Redis are up, $(/usr/bin/chromium --version 2>/dev/null | tail -n 1); running mvn -B verify"
exec mvn -B verify "$@"
