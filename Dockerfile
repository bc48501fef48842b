# syntax=docker/dockerfile:1
# AI-Org image: one jar, every process (serve, worker, orchestrator).
#
#   docker build -t ai-org:local .
#   docker run --rm -p 127.0.0.1:8000:8000 -p 127.0.0.1:9102:9102 \
#     -e AIORG_DB_URL=... -e AIORG_JWT_SECRET=... ai-org:local            # serve
#   docker run --rm ai-org:local worker --metrics-port 9103               # a worker
#
# ops/app.yml runs it with the stores of ops/persistent.yml and ops/graph.yml.

# ---- build: JDK 21 + Node.js (front end) + the Maven wrapper ----------------
# Node.js for the front end's build (frontend/package.json: node >= 20, Vite 8
# wants >= 20.19). Ubuntu's apt nodejs in eclipse-temurin:21-jdk (24.04) is
# 18.x, too old, so node and npm come from the official Node.js image instead.
FROM node:22-bookworm-slim AS node

FROM eclipse-temurin:21-jdk AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
WORKDIR /src
# Wrapper and pom first, so the dependency download is cached separately.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw && ./mvnw -B -q dependency:go-offline || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package \
 && cp target/ai-org.jar /ai-org.jar

# ---- runtime: JRE 21, non-root ----------------------------------------------
FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 aiorg \
 && useradd --system --uid 10001 --gid aiorg --home-dir /app --shell /usr/sbin/nologin aiorg \
 && mkdir -p /app/data \
 && chown aiorg:aiorg /app/data
WORKDIR /app
COPY --from=build /ai-org.jar /app/ai-org.jar
# Containers listen on all interfaces; publish ports on 127.0.0.1 (see ops/app.yml).
ENV AIORG_PORT=8000 \
    AIORG_BIND=0.0.0.0 \
    AIORG_METRICS_PORT=9102 \
    AIORG_METRICS_BIND=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
USER 10001:10001
EXPOSE 8000 9102
ENTRYPOINT ["java", "-jar", "/app/ai-org.jar"]
CMD ["serve"]
