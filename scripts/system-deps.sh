#!/usr/bin/env bash
# Installs and starts what the tests need outside Python: Debian's chromium (browser tests),
# PostgreSQL (the store and browser tests run on it too), and what PDF reports need.
# Idempotent; needs root for apt-get, which a fresh CI machine has. Writes the test database URL to var/test-postgres.url.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
# chromium: browser tests; postgresql: the store on PostgreSQL; libpango*: WeasyPrint's PDF
# reports; fonts-noto-*: glyphs for Arabic, Hebrew and emoji in reports; poppler-utils: the
# report tests render PDF pages to PNG (pdftoppm) and read their text (pdftotext).
# nginx: the proxy in front of several participants' servers (tests run their own instance);
# openssl: self-signed certificates for the TLS tests.
packages=(chromium postgresql libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core
  fonts-noto-color-emoji poppler-utils nginx openssl)
need=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
    # the tests start nginx with their own config: Debian's default site must not run
    if [[ " ${need[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1; then
      systemctl disable --now nginx >/dev/null 2>&1 || true
    fi
  else
    echo "system-deps: missing ${need[*]}; run 'sudo $0' once (browser and PostgreSQL tests skip without them)" >&2
    exit 0
  fi
fi
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  echo "system-deps: no PostgreSQL cluster found" >&2
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  runuser -u postgres -- psql -q -tAc "select 1 from pg_roles where rolname='cocreate'" | grep -q 1 ||
    runuser -u postgres -- psql -q -c "create role cocreate login password 'cocreate' createdb"
  runuser -u postgres -- psql -q -tAc "select 1 from pg_database where datname='cocreate_test'" | grep -q 1 ||
    runuser -u postgres -- createdb -O cocreate cocreate_test
  echo "postgresql+psycopg://cocreate:cocreate@127.0.0.1:5432/cocreate_test" > var/test-postgres.url
fi
