# syntax=docker/dockerfile:1

# faqbot container image: a static binary on distroless, running as non-root.
#
#   docker build -t faqbot \
#     --build-arg VERSION=$(git describe --tags --always) \
#     --build-arg COMMIT=$(git rev-parse HEAD) \
#     --build-arg DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) .
#
# Configuration comes from FAQBOT_* environment variables and, optionally, a
# mounted file (`run --config /etc/faqbot/faqbot.yaml`). The bot token is
# never baked in: pass DISCORD_TOKEN_FILE pointing at a mounted secret (or
# DISCORD_TOKEN) at run time. The knowledge base is compiled in; to use a
# folder instead, mount it and set FAQBOT_KNOWLEDGE_DIR:
#   -v ./kb:/kb:ro -e FAQBOT_KNOWLEDGE_DIR=/kb
# See docs/deploy.md.

# The tag matches go.mod's go line, so the build never needs to download a
# toolchain. internal/dockerfile's test checks this.
FROM golang:1.26.8 AS build
WORKDIR /src

# Dependencies first: this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
ARG DATE=unknown
# Keep this a single command: internal/dockerfile's test runs it to build the
# binary exactly as the image does (FAQBOT_DOCKER_BUILD=1).
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" -o /out/faqbot ./cmd/faqbot

# A writable folder for the database, owned by the nonroot user (65532).
RUN mkdir -p /out/data


# distroless/static has CA certificates (Discord is TLS only), tzdata, and a
# nonroot user, but no shell or package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/faqbot /faqbot
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data

# The ops server (health checks and metrics) listens here; the health check
# below probes http://127.0.0.1:8080/healthz.
ENV FAQBOT_OPS_ADDR=:8080 \
    FAQBOT_STORE_PATH=/data/faqbot.db
EXPOSE 8080

USER 65532:65532

HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/faqbot", "healthcheck"]

ENTRYPOINT ["/faqbot"]
CMD ["run"]
