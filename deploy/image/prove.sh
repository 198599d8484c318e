#!/usr/bin/env bash
# Proves Conveyor's container image on a machine with neither a Docker engine nor access to a container
# registry: builds base images locally (Debian's mmdebstrap: bookworm with openjdk-17-jre-headless, and for the
# Dockerfile's build stage openjdk-17-jdk-headless), builds the image on them, unpacks it with umoci and runs it
# with runc, as the image's own user, on the host's network (no network namespace of its own: the ports are
# picked free through CONVEYOR_PORT and CONVEYOR_ADMIN_PORT) with a bind-mounted data volume.
# The image is Jib's (./mvnw -Pimage, the profile that takes eclipse-temurin:17-jre by default) or, with
# --dockerfile, the Dockerfile's, built by Buildah (no daemon either) with the two local bases as its build args.
# Checks: /readiness answers 200 inside the container (the Dockerfile's HEALTHCHECK command, run with runc exec)
# and through its ports; overridden arguments run another command (as `docker run IMAGE generate-secret`); a
# published message survives a SIGTERM stop and a start of a new container on the same volume.
#
# Usage, as root (it installs mmdebstrap, umoci, runc, jq, curl and, for --dockerfile, buildah when missing):
#   deploy/image/prove.sh [--dockerfile] [--new-base]
# The bases are kept in ~/.cache/conveyor and reused by later runs; --new-base makes them again.
# It takes minutes and is not part of ./mvnw -B verify. Prints PASS or FAIL last; exits 0 only on PASS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${CONVEYOR_PROVE_CACHE:-$HOME/.cache/conveyor}
JRE_BASE=$CACHE/base-bookworm-openjdk17-jre.tar
JDK_BASE=$CACHE/base-bookworm-openjdk17-jdk.tar
BUILDER=jib
NEW_BASE=
for arg in "$@"; do
    case $arg in
        --dockerfile) BUILDER=dockerfile ;;
        --new-base) NEW_BASE=1 ;;
        *)
            echo "usage: $0 [--dockerfile] [--new-base]" >&2
            exit 2
            ;;
    esac
done
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
    if [ -d "$WORK/storage" ]; then
        buildah "${BUILDAH_STORE[@]}" rm --all > /dev/null 2>&1 || true
        buildah "${BUILDAH_STORE[@]}" rmi --all --force > /dev/null 2>&1 || true
        umount -R "$WORK/storage/overlay" > /dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    if [ "$status" -ne 0 ] && [ -z "${PASSED:-}" ]; then
        echo "FAIL (after $((SECONDS - STARTED))s)"
    fi
}
trap cleanup EXIT
# Buildah keeps its images and containers in the work directory, so nothing of this run outlives it.
BUILDAH_STORE=(--root "$WORK/storage" --runroot "$WORK/run" --storage-driver vfs)

[ "$(id -u)" -eq 0 ] || fail "run as root: runc and mmdebstrap need it"

step "tools"
missing=()
tools=(mmdebstrap umoci runc jq curl)
[ "$BUILDER" = jib ] || tools+=(buildah)
for tool in "${tools[@]}"; do
    command -v "$tool" > /dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q > /dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" > /dev/null
fi
done_step "$(runc --version | head -1), umoci $(umoci --version | awk '{print $3}'), mmdebstrap $(mmdebstrap --version | awk '{print $2}')"

# make_base FILE PACKAGES: Debian bookworm (minbase) with PACKAGES, as a Docker-format tarball (`docker save`'s
# format: what Jib's tar:// and Buildah's docker-archive: take), unless FILE exists and --new-base was not given.
make_base() {
    local file=$1 packages=$2 tmp=$WORK/base
    if [ -z "$NEW_BASE" ] && [ -s "$file" ]; then
        echo "   reused $file ($(du -m "$file" | cut -f1) MiB; --new-base makes it again)"
        return
    fi
    mkdir -p "$(dirname "$file")" "$tmp"
    # openjdk's postinst needs the man directory that the path-exclude leaves out.
    mmdebstrap --variant=minbase --aptopt='APT::Install-Recommends "false"' --include="$packages" \
        --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        bookworm "$tmp/layer.tar" > "$WORK/mmdebstrap.log" 2>&1 || {
        tail -20 "$WORK/mmdebstrap.log"
        fail "mmdebstrap"
    }
    jq -n --arg diff "sha256:$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)" --arg packages "$packages" '{
        architecture: "amd64", os: "linux",
        config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
                 Cmd: ["/bin/bash"]},
        rootfs: {type: "layers", diff_ids: [$diff]},
        history: [{created_by: "mmdebstrap --variant=minbase --include=\($packages) bookworm"}]}' > "$tmp/config.json"
    jq -n --arg tag "conveyor-base:$(basename "$file" .tar)" \
        '[{Config: "config.json", RepoTags: [$tag], Layers: ["layer.tar"]}]' > "$tmp/manifest.json"
    tar -C "$tmp" -cf "$file.partial" manifest.json config.json layer.tar
    mv "$file.partial" "$file"
    rm -rf "$tmp"
    echo "   made $file ($(du -m "$file" | cut -f1) MiB)"
}

# The runtime base. The embedded PostgreSQL's binaries bring their libraries but for libc, libstdc++ (its ICU) and
# libgcc_s (ldd shows them), and pg_ctl starts the server through /bin/sh: Debian has them all but libstdc++6.
step "base image: Debian bookworm + openjdk-17-jre-headless"
make_base "$JRE_BASE" openjdk-17-jre-headless,libstdc++6
done_step
if [ "$BUILDER" = dockerfile ]; then
    step "build stage's base image: Debian bookworm + openjdk-17-jdk-headless"
    make_base "$JDK_BASE" openjdk-17-jdk-headless
    done_step
fi

mkdir -p "$WORK/oci"
if [ "$BUILDER" = jib ]; then
    step "image: ./mvnw -B -q -Pimage package -DskipTests -pl bootstrap -am -Dconveyor.image.base=tar://$JRE_BASE"
    (cd "$ROOT" && ./mvnw -B -q -Pimage package -DskipTests -pl bootstrap -am "-Dconveyor.image.base=tar://$JRE_BASE") \
        > "$WORK/build.log" 2>&1 || {
        tail -40 "$WORK/build.log"
        fail "the image build"
    }
    IMAGE_TAR=$ROOT/bootstrap/target/conveyor-image.tar
    tar -C "$WORK/oci" -xf "$IMAGE_TAR"
    done_step "$IMAGE_TAR ($(du -m "$IMAGE_TAR" | cut -f1) MiB)"
else
    step "image: buildah build (the Dockerfile) with BUILD_IMAGE and RUNTIME_IMAGE the local bases"
    # The build stage downloads Maven and the dependencies: it trusts what this machine trusts (a machine that
    # reaches the registries through a TLS-inspecting proxy has that proxy's CA in its Java trust store).
    trust=()
    [ ! -s /etc/ssl/certs/java/cacerts ] || trust=(--volume /etc/ssl/certs/java/cacerts:/etc/ssl/certs/java/cacerts:ro)
    buildah "${BUILDAH_STORE[@]}" build --format docker --network host --layers=false "${trust[@]}" \
        --build-arg "BUILD_IMAGE=docker-archive:$JDK_BASE" --build-arg "RUNTIME_IMAGE=docker-archive:$JRE_BASE" \
        --tag conveyor:dockerfile "$ROOT" > "$WORK/build.log" 2>&1 || {
        tail -40 "$WORK/build.log"
        fail "the image build"
    }
    healthcheck=$(buildah "${BUILDAH_STORE[@]}" inspect --type image conveyor:dockerfile \
        | jq -c '.Docker.config.Healthcheck // .Docker.Config.Healthcheck')
    echo "$healthcheck" | jq -e '.Test[1] == "bash" and (.Test[3] | contains("/readiness"))' > /dev/null \
        || fail "the image has no HEALTHCHECK on /readiness: $healthcheck"
    buildah "${BUILDAH_STORE[@]}" push conveyor:dockerfile "oci:$WORK/oci:conveyor-dockerfile" > /dev/null 2>&1
    done_step "HEALTHCHECK $(echo "$healthcheck" | jq -c '{Interval, Timeout, StartPeriod, Retries}')"
fi

step "unpack with umoci"
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
# the bind mount on the image's volume (umoci makes a volume a tmpfs). The root filesystem is read-only, with a
# tmpfs on /tmp, as deploy/kubernetes runs it.
configure() { # ARGS_JSON: the process's arguments after the image's entrypoint, or null for the image's own
    jq --arg volume "$VOLUME" --arg hosts "$WORK/hosts" --arg port "$PORT" --arg admin "$ADMIN_PORT" --argjson nofile "$(ulimit -Hn)" \
        --argjson args "$1" --argjson entrypoint "$(jq -c .Entrypoint "$WORK/image-config.json")" '
        .process.terminal = false
        | .root.readonly = true
        | .process.env |= (map(select(test("^CONVEYOR_(ADMIN_)?PORT=") | not))
                           + ["CONVEYOR_PORT=\($port)", "CONVEYOR_ADMIN_PORT=\($admin)"])
        | .process.rlimits = [{type: "RLIMIT_NOFILE", hard: $nofile, soft: $nofile}]
        | (if $args == null then . else .process.args = $entrypoint + $args end)
        | .linux.namespaces |= map(select(.type != "network"))
        | .mounts |= map(if .destination == "/var/lib/conveyor"
                         then {destination: .destination, type: "bind", source: $volume, options: ["rbind", "rw"]}
                         else . end)
        | .mounts += [{destination: "/etc/hosts", type: "bind", source: $hosts, options: ["rbind", "ro"]},
                      {destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"]}]' \
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
# The Dockerfile's HEALTHCHECK command (its exec-form JSON array), run inside the container whichever built it.
mapfile -t HEALTHCHECK < <(sed -e ':joined' -e '/\\$/{N;s/\\\n//;b joined}' "$ROOT/Dockerfile" \
    | sed -n 's/^HEALTHCHECK .* CMD \(\[.*\]\)$/\1/p' | jq -r '.[]')
[ ${#HEALTHCHECK[@]} -gt 0 ] || fail "no HEALTHCHECK CMD [...] in the Dockerfile"
probe_inside() {
    runc exec "$NAME" "${HEALTHCHECK[@]}"
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

step "the Dockerfile's HEALTHCHECK command inside the container (runc exec): ${HEALTHCHECK[*]}"
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
# PostgreSQL removes its pid file when it shut down cleanly; after a kill it stays.
[ ! -e "$VOLUME/data/postmaster.pid" ] || fail "the embedded PostgreSQL did not shut down cleanly"
done_step "stopped, the embedded PostgreSQL cleanly; the volume holds $(du -sm "$VOLUME" | cut -f1) MiB"

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
[ ! -e "$VOLUME/data/postmaster.pid" ] || fail "the embedded PostgreSQL did not shut down cleanly"
done_step

PASSED=1
echo "PASS: the image answered /readiness 200 inside and outside, and a message survived a restart of the container on its volume ($((SECONDS - STARTED))s)"
