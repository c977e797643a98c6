#!/bin/bash
# MySQL docker init (sourced after 02-app-user.sh): the demo data set only when asked for.
#   BOXOFFICE_DEMO=1 docker compose up -d     schema, app account and the demo data (published
#                                             passwords, each to be changed at first sign-in)
#   docker compose up -d                      schema and app account only: no staff at all; create
#                                             the first admin with `boxoffice user add NAME --role admin`
# The demo SQL is mounted outside docker-entrypoint-initdb.d so that it never loads by itself.
demo_sql="${BOXOFFICE_DEMO_SQL:-/boxoffice/03-demo-data.sql}"
if [ "${BOXOFFICE_DEMO:-0}" = "1" ]; then
	echo "boxoffice: loading the demo data from $demo_sql"
	docker_process_sql < "$demo_sql"
else
	echo "boxoffice: no demo data (BOXOFFICE_DEMO=1 loads it); no staff account exists yet:"
	echo "boxoffice: create the first admin with 'boxoffice user add NAME --role admin'"
fi
