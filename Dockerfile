# syntax=docker/dockerfile:1
# Conveyor's container image, for those who build with Docker (or Podman, Buildah):
#   docker build -t conveyor .
#   docker run -p 8080:8080 -v conveyor-data:/var/lib/conveyor conveyor
# Without a Docker daemon, `./mvnw -Pimage package` builds the same image with Jib (see bootstrap/pom.xml).
# The base images are arguments, so a machine without registry access can build from local ones.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# The wrapper unpacks Maven with unzip; without it, it fetches the .tar.gz, whose checksum
# .mvn/wrapper/maven-wrapper.properties does not hold, and stops.
RUN command -v unzip > /dev/null \
    || (apt-get update && apt-get install -y --no-install-recommends unzip && rm -rf /var/lib/apt/lists/*)
COPY . .
# The Maven repository is a build cache, kept between builds and never part of an image.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests -pl bootstrap -am

FROM ${RUNTIME_IMAGE}
# A user of its own: PostgreSQL refuses to run as root, and so the embedded one would. /var/lib/conveyor is the
# volume; the embedded PostgreSQL keeps its data in data/ below it (a directory it makes itself, so a volume's
# root that is not empty, like a filesystem's lost+found, does not stop initdb).
RUN groupadd --system --gid 10001 conveyor \
    && useradd --system --uid 10001 --gid conveyor --home-dir /var/lib/conveyor --no-create-home \
        --shell /usr/sbin/nologin conveyor \
    && mkdir -p /var/lib/conveyor \
    && chown conveyor:conveyor /var/lib/conveyor \
    && chmod 700 /var/lib/conveyor
COPY --from=build /src/bootstrap/target/conveyor.jar /app/conveyor.jar
COPY config.yml /app/config.yml

# The settings of config.yml that a container changes; the others keep config.yml's defaults (the README's
# Configuration lists them all). With CONVEYOR_DATABASE_URL set to a jdbc:postgresql:// url, run
# `db migrate /app/config.yml` first, as the README's "Running against your own PostgreSQL" says.
ENV CONVEYOR_DATABASE_URL=embedded \
    CONVEYOR_DATA_DIR=/var/lib/conveyor/data \
    CONVEYOR_PORT=8080 \
    CONVEYOR_ADMIN_PORT=8081 \
    CONVEYOR_LOG_FORMAT=text

USER 10001:10001
WORKDIR /var/lib/conveyor
VOLUME /var/lib/conveyor
EXPOSE 8080 8081
# bash alone (no curl or wget, which the JRE images need not have): 200 from /readiness on the application port.
# A first start creates the embedded database, hence the long start period.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD ["bash", "-c", "exec 3<>\"/dev/tcp/127.0.0.1/${CONVEYOR_PORT:-8080}\" && printf 'GET /readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# On `docker stop` the server turns unready, lets running requests finish (CONVEYOR_SHUTDOWN_GRACE_PERIOD, 30 s)
# and stops its database: give it the time (`docker stop -t 40`, compose's stop_grace_period) before a SIGKILL.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/conveyor.jar"]
CMD ["server", "/app/config.yml"]
