#!/bin/bash
# MySQL docker init (runs after 01-schema.sql): the least-privilege account the desks use.
# It may read and write rows, nothing else: no DDL, no GRANT, no FILE, no other database.
# Schema changes are made with an admin account: `boxoffice db upgrade` with BOXOFFICE_DATABASE_URL
# pointing at root (or a migration user) once per release.
set -euo pipefail
: "${BOXOFFICE_APP_PASSWORD:?set BOXOFFICE_APP_PASSWORD for the app user}"
docker_process_sql --database=mysql <<-EOSQL
	CREATE USER IF NOT EXISTS 'boxoffice'@'%' IDENTIFIED BY '${BOXOFFICE_APP_PASSWORD}';
	GRANT SELECT, INSERT, UPDATE, DELETE ON \`${MYSQL_DATABASE}\`.* TO 'boxoffice'@'%';
	FLUSH PRIVILEGES;
EOSQL
