# Finance Feedback Engine API. The final image holds compiled code, the monitoring files the API
# serves and production dependencies only: no TypeScript, no test tools, no sources, no secrets.
# Build: docker build -t ffe-api:0.1.0 .   (BuildKit, the default since Docker 23)

# Pinned to the Node release the test suite runs on; bump it here, in one place.
FROM node:20.20.2-bookworm-slim AS base
WORKDIR /app

# --- build: every dependency, compile every workspace ---------------------------------------------
FROM base AS build
COPY . .
# --ignore-scripts: no dependency runs code at install; tsc needs none of their native addons.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund \
    && npm run build \
    && sh scripts/docker/runtime-tree.sh /runtime

# --- prod-deps: the runtime tree with production dependencies only ---------------------------------
FROM base AS prod-deps
COPY --from=build /runtime ./
# Recreates the workspace links (node_modules/@ffe/* -> libs/*) the compiled code resolves.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime --------------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=8000
# Owned by root, only readable by the app user: the process cannot rewrite its own code.
COPY --from=prod-deps /app ./
# Exports the secret files under /run/secrets as variables, then execs the command.
COPY scripts/docker/entrypoint.sh /usr/local/bin/ffe-entrypoint
# 1000 is the base image's unprivileged `node` user; numeric so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 8000
# The slim image has no curl: Node's own fetch asks /live (liveness checks nothing external).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form throughout, and the entrypoint ends in `exec`: node is PID 1 and receives SIGTERM
# itself, then drains within SHUTDOWN_TIMEOUT_MS.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/ffe-entrypoint"]
CMD ["node", "apps/api/dist/main.js"]
