#!/usr/bin/env bash
# Drop and reload the schema and demo data into a MySQL/MariaDB database with the mysql client.
# Usage: sql/reload.sh [DATABASE] [mysql client options...]   e.g. sql/reload.sh boxoffice -uroot -p
# (`boxoffice db reset --demo` does the same through the app and works on SQLite too.)
set -euo pipefail
cd "$(dirname "$0")"
db=${1:-boxoffice}
shift || true
client=$(command -v mariadb || command -v mysql)
"$client" "$@" -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
"$client" "$@" "$db" < 01-schema.sql
"$client" "$@" "$db" < 03-demo-data.sql
echo "reloaded $db"
