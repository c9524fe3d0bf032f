# Multi-stage build of stylist-server and stylist-gateway.
#   docker build -t stylist .                      (both binaries in one image)
#   docker compose up --build                      (with PostgreSQL; see docker-compose.yml)
# The runtime image is Debian slim with only the shared libraries the server
# links against; it runs as an unprivileged user.

# --- server build -----------------------------------------------------------
FROM debian:bookworm AS server-build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      build-essential cmake ninja-build pkg-config ca-certificates python3 python3-pip \
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
      libpqxx-dev libpq-dev libsodium-dev libssl-dev nlohmann-json3-dev libcpp-jwt-dev libcurl4-openssl-dev \
      libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-objdetect-dev libtorch-dev \
      libjpeg62-turbo-dev libpng-dev libwebp-dev libexif-dev prometheus-cpp-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY tools/fetch-googleapis-protos.sh tools/
COPY protos protos
COPY db db
COPY ml ml
COPY server server
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTYLIST_BUILD_TESTS=OFF -DSTYLIST_BUILD_BENCH=OFF \
 && ninja -C build stylist-server \
 && strip build/server/stylist-server

# --- the edge's API reference UI (Swagger UI from npm) -------------------------
FROM node:22-bookworm-slim AS docs-ui
WORKDIR /src/gateway/docsui
COPY gateway/docsui/package.json gateway/docsui/package-lock.json gateway/docsui/build.sh ./
RUN mkdir -p ../internal/gateway/static/ui && ./build.sh

# --- word lists the server reads (npm, pinned by the lock file) ---------------
FROM node:22-bookworm-slim AS wordlists
WORKDIR /src/server/wordlists
COPY server/wordlists/package.json server/wordlists/package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- gateway build ----------------------------------------------------------
FROM golang:1.26-bookworm AS gateway-build
WORKDIR /src/gateway
# The edge imports the generated Go client (clients/go) through a replace
# directive, so both modules are copied side by side.
COPY clients/go /src/clients/go
COPY gateway/go.mod gateway/go.sum ./
RUN go mod download
COPY gateway ./
COPY --from=docs-ui /src/gateway/internal/gateway/static/ui ./internal/gateway/static/ui
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/stylist-gateway ./cmd/stylist-gateway

# --- runtime ----------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates libgrpc++1.51 libprotobuf32 libpqxx-6.4 libsodium23 libssl3 libcurl4 \
      libopencv-core406 libopencv-imgproc406 libopencv-imgcodecs406 libopencv-objdetect406 opencv-data libtorch1.13 \
      libjpeg62-turbo libpng16-16 libwebp7 libexif12 libprometheus-cpp-pull1.0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home stylist \
 && install -d -o stylist -g stylist /var/lib/stylist/blobs
COPY --from=server-build /src/build/server/stylist-server /usr/local/bin/stylist-server
COPY --from=gateway-build /out/stylist-gateway /usr/local/bin/stylist-gateway
COPY ml/models /usr/share/stylist/models
COPY --from=wordlists /src/server/wordlists/node_modules/naughty-words/en.json /usr/share/stylist/wordlists/en.json
ENV STYLIST_CLOTHING_MODEL_DIR=/usr/share/stylist/models/clothing \
    STYLIST_WORD_LIST_FILE=/usr/share/stylist/wordlists/en.json
USER stylist
EXPOSE 50051 8080
# The server by default; the gateway with `command: ["stylist-gateway"]`.
ENTRYPOINT []
CMD ["stylist-server"]
