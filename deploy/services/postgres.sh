#!/bin/sh
# multi-driver-postgres (docker-compose.services.yml): PostgreSQL 15 from Debian, data in the volume at /data,
# initdb on first start with the password of secrets/services/postgres.password (SCRAM over TCP, nothing trusted),
# then the server in the foreground as the postgres user, logging to the container's output.
set -eu
bin=/usr/lib/postgresql/15/bin
mkdir -p /data/pg && chown postgres:postgres /data/pg && chmod 700 /data/pg
if [ ! -s /data/pg/PG_VERSION ]; then
  cp /run/secrets/postgres.password /tmp/pw && chown postgres /tmp/pw
  su postgres -s /bin/sh -c "$bin/initdb -D /data/pg -U postgres --auth-local=peer --auth-host=scram-sha-256 --pwfile=/tmp/pw"
  rm -f /tmp/pw
  echo 'host all all 0.0.0.0/0 scram-sha-256' >> /data/pg/pg_hba.conf
fi
# postgres itself is the first process: `docker stop` (stop_signal SIGINT: a fast shutdown) reaches it.
exec setpriv --reuid=postgres --regid=postgres --init-groups $bin/postgres -D /data/pg -c 'listen_addresses=*' -c unix_socket_directories=/tmp
