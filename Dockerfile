# Keepsync built from source inside Docker, for hosts that build the repository themselves (Railway: railway.json
# names this file). Nothing but Docker is needed. For the faster start-up with an AOT cache, build on the host and
# use src/main/docker/Dockerfile.jvm instead (docs/deployment.md).
FROM registry.access.redhat.com/ubi9/openjdk-25:1.23 AS build
USER root
WORKDIR /code
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM registry.access.redhat.com/ubi9/openjdk-25-runtime:1.23
ENV LANGUAGE='en_US:en'
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
# Starts as root only to hand a volume mounted root-owned at run time (Railway does) to the app user (185); the
# entrypoint drops to that user before the JVM starts (setpriv, from util-linux-core).
USER root
RUN microdnf install -y util-linux-core && microdnf clean all \
    && mkdir -p /data/backups && chown -R 185:0 /data && chmod -R g+rwX /data
COPY --chmod=755 src/main/docker/entrypoint.sh /usr/local/bin/keepsync-entrypoint
COPY --from=build --chown=185 /code/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185 /code/target/quarkus-app/*.jar /deployments/
COPY --from=build --chown=185 /code/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185 /code/target/quarkus-app/quarkus/ /deployments/quarkus/
# No VOLUME: Railway refuses images that declare one; the host mounts volumes.
EXPOSE 8080
ENTRYPOINT [ "/usr/local/bin/keepsync-entrypoint", "/opt/jboss/container/java/run/run-java.sh" ]
