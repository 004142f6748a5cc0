#!/usr/bin/env bash
# System packages the test suite needs (Debian). Installs only what is missing; safe to rerun.
set -euo pipefail
need=()
# (each part of saidwhat that needs a system package adds its check here)
# The database tests start their own PostgreSQL server: they need initdb/pg_ctl/postgres.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
  need+=(postgresql)
fi
# The Spark engine runs on the JVM: Spark 4 needs Java 17 or later.
if ! command -v java >/dev/null 2>&1; then
  need+=(default-jre-headless)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing system packages: ${need[*]} (run as root or install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
