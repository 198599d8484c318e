#!/usr/bin/env bash
# Proves Conveyor's container image on a machine with neither a Docker engine nor access to a container
# registry: builds a base image locally (Debian's mmdebstrap: bookworm with openjdk-17-jre-headless), builds the
# image on it with Jib (./mvnw -Pimage, the same profile that uses eclipse-temurin:17-jre by default), unpacks it
# with umoci and runs it with runc, as the image's own user, on the host's network (no network namespace of its
# own: the ports are picked free through CONVEYOR_PORT and CONVEYOR_ADMIN_PORT) with a bind-mounted data volume.
# Checks: /readiness answers 200 inside the container (the Dockerfile's HEALTHCHECK command, run with runc exec)
# and through its ports; overridden arguments run another command (as `docker run IMAGE generate-secret`); a
# published message survives a SIGTERM stop and a start of a new container on the same volume.
#
# Usage, as root (it installs mmdebstrap, umoci, runc, jq and curl when missing):
#   deploy/image/prove.sh              # the base is kept in ~/.cache/conveyor and reused by later runs
#   deploy/image/prove.sh --new-base   # make the base again
# It takes minutes and is not part of ./mvnw -B verify. Prints PASS or FAIL last; exits 0 only on PASS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=${CONVEYOR_PROVE_BASE:-$HOME/.cache/conveyor/base-bookworm-openjdk17.tar}
WORK=$(mktemp -d /tmp/conveyor-prove.XXXXXX)
NAME=conveyor-prove-$$
STARTED=$SECONDS
STEP_STARTED=$SECONDS

step() {
    echo "== [$((SECONDS - STARTED))s] $*"
    STEP_STARTED=$SECONDS
}
done_step() { echo "   ok in $((SECONDS - STEP_STARTED))s${1:+: $1}"; }
fail() {
    echo "FAIL: $*"
    exit 1
}

cleanup() {
    local status=$?
    if runc state "$NAME" > /dev/null 2>&1; then
        runc kill "$NAME" KILL > /dev/null 2>&1 || true
        runc delete --force "$NAME" > /dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    if [ "$status" -ne 0 ] && [ -z "${PASSED:-}" ]; then
        echo "FAIL (after $((SECONDS - STARTED))s; the container's log was printed above)"
    fi
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "run as root: runc and mmdebstrap need it"

step "tools"
missing=()
for tool in mmdebstrap umoci runc jq curl; do
    command -v "$tool" > /dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" > /dev/null
fi
done_step "$(runc --version | head -1), umoci $(umoci --version | awk '{print $3}'), mmdebstrap $(mmdebstrap --version | awk '{print $2}')"

step "base image: Debian bookworm + openjdk-17-jre-headless, as a Docker-format tarball (what Jib's tar:// takes)"
if [ "${1:-}" = "--new-base" ] || [ ! -s "$BASE" ]; then
    mkdir -p "$(dirname "$BASE")" "$WORK/base"
    # libstdc++6 for the embedded PostgreSQL's ICU (its other libraries ship with it, see ldd); /bin/sh, which
    # pg_ctl starts the server with, is essential in Debian. openjdk's postinst needs the man directory.
    mmdebstrap --variant=minbase --aptopt='APT::Install-Recommends "false"' \
        --include=openjdk-17-jre-headless,libstdc++6 \
        --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        bookworm "$WORK/base/layer.tar" > "$WORK/mmdebstrap.log" 2>&1 || {
        tail -20 "$WORK/mmdebstrap.log"
        fail "mmdebstrap"
    }
    layer_digest=$(sha256sum "$WORK/base/layer.tar" | cut -d' ' -f1)
    jq -n --arg diff "sha256:$layer_digest" '{
        architecture: "amd64", os: "linux",
        config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
                 Cmd: ["/bin/bash"]},
        rootfs: {type: "layers", diff_ids: [$diff]},
        history: [{created_by: "mmdebstrap --variant=minbase bookworm openjdk-17-jre-headless"}]}' \
        > "$WORK/base/config.json"
    echo '[{"Config":"config.json","RepoTags":["conveyor-base:bookworm-openjdk17"],"Layers":["layer.tar"]}]' \
        > "$WORK/base/manifest.json"
    tar -C "$WORK/base" -cf "$BASE.partial" manifest.json config.json layer.tar
    mv "$BASE.partial" "$BASE"
    rm -rf "$WORK/base"
    done_step "made $BASE ($(du -m "$BASE" | cut -f1) MiB)"
else
    done_step "reused $BASE ($(du -m "$BASE" | cut -f1) MiB; --new-base makes it again)"
fi

step "image: ./mvnw -B -q -Pimage package -DskipTests -pl bootstrap -am -Dconveyor.image.base=tar://$BASE"
(cd "$ROOT" && ./mvnw -B -q -Pimage package -DskipTests -pl bootstrap -am "-Dconveyor.image.base=tar://$BASE") \
    > "$WORK/build.log" 2>&1 || {
    tail -40 "$WORK/build.log"
    fail "the image build"
}
IMAGE_TAR=$ROOT/bootstrap/target/conveyor-image.tar
done_step "$IMAGE_TAR ($(du -m "$IMAGE_TAR" | cut -f1) MiB)"

step "unpack with umoci"
mkdir -p "$WORK/oci"
tar -C "$WORK/oci" -xf "$IMAGE_TAR"
REF=$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' "$WORK/oci/index.json")
umoci unpack --image "$WORK/oci:$REF" "$WORK/bundle" > /dev/null
IMAGE_USER=$(jq -r '"\(.process.user.uid):\(.process.user.gid)"' "$WORK/bundle/config.json")
[ "$IMAGE_USER" != "0:0" ] || fail "the image runs as root"
done_step "$REF, user $IMAGE_USER, args $(jq -c .process.args "$WORK/bundle/config.json")"

# The data volume, a directory of the host owned by the image's user, as a user would prepare a bind mount.
VOLUME=$WORK/volume
mkdir -m 700 "$VOLUME"
chown "$IMAGE_USER" "$VOLUME"

# Two free ports (nothing listens on them now) for CONVEYOR_PORT and CONVEYOR_ADMIN_PORT.
free_port() {
    local port
    while true; do
        port=$(shuf -i 20000-60000 -n 1)
        if ! ss -Htln "sport = :$port" | grep -q .; then
            echo "$port"
            return
        fi
    done
}
PORT=$(free_port)
ADMIN_PORT=$(free_port)
[ "$PORT" != "$ADMIN_PORT" ] || ADMIN_PORT=$(free_port)
URL=http://127.0.0.1:$PORT

# The /etc/hosts that Docker, Podman and Kubernetes give every container and a bare runc does not: the embedded
# PostgreSQL listens on "localhost", and cannot start where that name is unknown.
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$WORK/hosts"

# The image's runtime configuration as umoci wrote it, changed only where this machine needs it and an engine would
# do the same: no terminal, the host's network, the ports, an open-files limit this host allows, /etc/hosts, and
# the bind mount on the image's volume (umoci makes a volume a tmpfs).
configure() { # ARGS_JSON: the process's arguments after the image's entrypoint, or null for the image's own
    jq --arg volume "$VOLUME" --arg hosts "$WORK/hosts" --arg port "$PORT" --arg admin "$ADMIN_PORT" --argjson nofile "$(ulimit -Hn)" \
        --argjson args "$1" --argjson entrypoint "$(jq -c .Entrypoint "$WORK/image-config.json")" '
        .process.terminal = false
        | .process.env |= (map(select(test("^CONVEYOR_(ADMIN_)?PORT=") | not))
                           + ["CONVEYOR_PORT=\($port)", "CONVEYOR_ADMIN_PORT=\($admin)"])
        | .process.rlimits = [{type: "RLIMIT_NOFILE", hard: $nofile, soft: $nofile}]
        | (if $args == null then . else .process.args = $entrypoint + $args end)
        | .linux.namespaces |= map(select(.type != "network"))
        | .mounts |= map(if .destination == "/var/lib/conveyor"
                         then {destination: .destination, type: "bind", source: $volume, options: ["rbind", "rw"]}
                         else . end)
        | .mounts += [{destination: "/etc/hosts", type: "bind", source: $hosts, options: ["rbind", "ro"]}]' \
        "$WORK/bundle/config.orig.json" > "$WORK/bundle/config.json"
}
cp "$WORK/bundle/config.json" "$WORK/bundle/config.orig.json"
manifest=$(jq -r '.manifests[0].digest | sub("sha256:"; "")' "$WORK/oci/index.json")
config=$(jq -r '.config.digest | sub("sha256:"; "")' "$WORK/oci/blobs/sha256/$manifest")
jq .config "$WORK/oci/blobs/sha256/$config" > "$WORK/image-config.json"

LOG=$WORK/container.log
start_container() {
    configure null
    (cd "$WORK/bundle" && runc run --detach "$NAME" >> "$LOG" 2>&1) || {
        cat "$LOG"
        fail "runc run"
    }
    local waited=0
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/readiness")" = 200 ]; do
        if [ "$(runc state "$NAME" 2> /dev/null | jq -r .status)" != running ]; then
            cat "$LOG"
            fail "the container stopped before it was ready"
        fi
        [ $waited -lt 180 ] || {
            cat "$LOG"
            fail "not ready after 180 s"
        }
        sleep 1
        waited=$((waited + 1))
    done
}
# The Dockerfile's HEALTHCHECK command, inside the container: bash alone, no curl or wget needed.
probe_inside() {
    runc exec "$NAME" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${CONVEYOR_PORT:-8080}" \
        && printf "GET /readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
}
stop_container() {
    runc kill "$NAME" TERM
    local waited=0
    until [ "$(runc state "$NAME" 2> /dev/null | jq -r .status)" = stopped ]; do
        [ $waited -lt 120 ] || fail "still running 120 s after SIGTERM"
        sleep 1
        waited=$((waited + 1))
    done
    runc delete "$NAME"
}

step "run the image's default command ($(jq -c .Cmd "$WORK/image-config.json")) on ports $PORT and $ADMIN_PORT, volume $VOLUME"
start_container
done_step "GET $URL/readiness answered 200"

step "probe /readiness inside the container (runc exec: the Dockerfile's HEALTHCHECK command)"
probe_inside || fail "the probe inside the container did not get a 200"
[ "$(runc exec "$NAME" id -u)" != 0 ] || fail "the server runs as root"
done_step "200, as uid $(runc exec "$NAME" id -u) ($(runc exec "$NAME" id -un))"

step "publish a message"
NONCE=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
H='Content-Type: application/json'
curl -sf -X POST "$URL/v1/queues" -H "$H" -d '{"id": "prove"}' > /dev/null || fail "create the queue"
curl -sf -X POST "$URL/v1/queues/prove/messages" -H "$H" -d "{\"body\": {\"nonce\": \"$NONCE\"}}" > /dev/null \
    || fail "publish"
done_step "body {\"nonce\": \"$NONCE\"}"

step "stop the container (SIGTERM)"
stop_container
[ -s "$VOLUME/data/PG_VERSION" ] || fail "no embedded PostgreSQL data in the volume"
done_step "stopped; the volume holds $(du -sm "$VOLUME" | cut -f1) MiB"

step "a command instead of the server, as docker run IMAGE generate-secret"
configure '["generate-secret"]'
secret=$(cd "$WORK/bundle" && runc run "$NAME-command" 2>&1) || fail "generate-secret: $secret"
[ "$(printf '%s' "$secret" | base64 -d | wc -c)" = 32 ] || fail "generate-secret printed: $secret"
done_step "printed a 32-byte key"

step "start a new container on the same volume"
start_container
done_step "ready again"

step "receive the message"
received=$(curl -sf -X POST "$URL/v1/queues/prove/receive" -H "$H" -d '{"max_messages": 10}') || fail "receive"
echo "$received" | jq -e --arg nonce "$NONCE" '[.data[] | select(.body.nonce == $nonce)] | length == 1' \
    > /dev/null || fail "the message did not survive the restart: $received"
done_step "the message with nonce $NONCE is back"

step "stop (SIGTERM)"
stop_container
done_step

PASSED=1
echo "PASS: the image answered /readiness 200 inside and outside, and a message survived a restart of the container on its volume ($((SECONDS - STARTED))s)"
